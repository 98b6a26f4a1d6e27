import { exitCodeFor, signalExitCode } from '../failure/exit-codes.ts';
import { formatFailure, isIxjobError } from '../failure/ixjob-error.ts';

// Builtins through getBuiltinModule: their ESM facades cost a worker ~3 ms each at start-up.
const { constants } = process.getBuiltinModule('node:os');
const { inspect } = process.getBuiltinModule('node:util');

/** What {@link main} hands the worker. */
export interface WorkerContext {
  /**
   * Fires on the first SIGTERM (Kubernetes stopping the pod) or SIGINT (Ctrl-C). The grace
   * period until SIGKILL is the worker's: save progress and return, or throw `signal.reason`.
   */
  readonly signal: AbortSignal;
}

/** A worker: its return (or resolved promise) means the index's work is done. */
export type WorkerFunction = (context: WorkerContext) => unknown;

/** The signals that stop a worker: Kubernetes' SIGTERM and a terminal's Ctrl-C. */
export const STOP_SIGNALS = ['SIGTERM', 'SIGINT'] as const;

/** How the worker's process ends: the code and the line for stderr, if any. */
export interface WorkerOutcome {
  code: number;
  message?: string;
}

/** The process around a worker, handed in so the rules can be tested without one. */
export interface WorkerIo {
  env: Readonly<Record<string, string | undefined>>;
  /** Calls `handler` on each stop signal until the returned function is called. */
  onSignal(handler: (signal: (typeof STOP_SIGNALS)[number]) => void): () => void;
}

const isAbort = (error: unknown, reason: unknown): boolean =>
  error === reason ||
  (error instanceof Error && (error.name === 'AbortError' || error.cause === reason));

/**
 * The one mapping from how a worker ended to its exit code: 0 when it returned; an
 * `IxjobError`'s code from the table (65, 78, …) with its one line; 128+n when it stopped by
 * rejecting with the abort of signal n; 1 with the message for anything else.
 */
export function outcomeOf(
  result: { ok: true } | { ok: false; error: unknown },
  stoppedBy: (typeof STOP_SIGNALS)[number] | undefined,
  signal: AbortSignal,
  debug: boolean,
): WorkerOutcome {
  if (result.ok) return { code: 0 };
  const { error } = result;
  const stack = debug && error instanceof Error ? `\n${inspect(error)}` : '';
  if (isIxjobError(error))
    return { code: exitCodeFor(error.kind), message: formatFailure(error) + stack };
  if (stoppedBy !== undefined && isAbort(error, signal.reason)) {
    return {
      code: signalExitCode(constants.signals[stoppedBy]),
      message: `ixjob: stopped by ${stoppedBy}`,
    };
  }
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return { code: 1, message: debug ? inspect(error) : text };
}

/** Runs the worker with its signal; resolves with how the process should end. */
export async function runWorker(worker: WorkerFunction, io: WorkerIo): Promise<WorkerOutcome> {
  const controller = new AbortController();
  let stoppedBy: (typeof STOP_SIGNALS)[number] | undefined;
  // The listener stays until the end: a second signal must not restore Node's default (death).
  const stop = io.onSignal((signal) => {
    if (stoppedBy !== undefined) return;
    stoppedBy = signal;
    controller.abort(new DOMException(`terminated by ${signal}`, 'AbortError'));
  });
  let result: { ok: true } | { ok: false; error: unknown };
  try {
    await worker({ signal: controller.signal });
    result = { ok: true };
  } catch (error) {
    result = { ok: false, error };
  } finally {
    stop();
  }
  return outcomeOf(result, stoppedBy, controller.signal, io.env.IXJOB_DEBUG === '1');
}

const processIo: WorkerIo = {
  env: process.env,
  onSignal(handler) {
    const listeners = STOP_SIGNALS.map((name) => [name, () => handler(name)] as const);
    for (const [name, listener] of listeners) process.on(name, listener);
    return () => {
      for (const [name, listener] of listeners) process.off(name, listener);
    };
  },
};

function finish(outcome: WorkerOutcome): never {
  if (outcome.message !== undefined) process.stderr.write(`${outcome.message}\n`);
  // Exit now: a handle the worker left open (a pool, a keep-alive socket) must not hold the pod.
  process.exit(outcome.code);
}

/**
 * Runs `worker` as the process's whole life and exits with its outcome: 0 when it returns;
 * an `IxjobError` (bad parameters 65, no index 78, …) as one line on stderr and its exit code
 * from ixjob's table, so a pod failure policy can fail the index at once; anything else as
 * its message and exit 1 (with the stack when `IXJOB_DEBUG=1`).
 *
 * The worker's `signal` fires on the first SIGTERM or SIGINT; later ones are ignored, as the
 * grace period is the worker's until Kubernetes sends SIGKILL. A worker that returns after the
 * signal exits 0 (its work is done); one that rejects with the abort exits 128+n (143), which
 * Kubernetes retries.
 *
 * @example
 * await main(async ({ signal }) => {
 *   const { index, params } = await job(Params);
 *   for (const item of items) { signal.throwIfAborted(); await work(item); }
 * });
 */
export async function main(worker: WorkerFunction): Promise<void> {
  // Errors thrown outside the worker's promise (callbacks, timers) end the same way.
  const crash = (error: unknown) =>
    finish(
      outcomeOf(
        { ok: false, error },
        undefined,
        AbortSignal.abort(),
        processIo.env.IXJOB_DEBUG === '1',
      ),
    );
  process.on('uncaughtException', crash);
  process.on('unhandledRejection', crash);
  // An empty event loop with the worker pending: Node would exit 0 (or 13) as if it were done.
  process.on('beforeExit', () =>
    finish({
      code: 1,
      message:
        "ixjob: the worker's promise never settled, and nothing is left that could settle it",
    }),
  );
  finish(await runWorker(worker, processIo));
}
