import { appendFileSync, closeSync, writeFileSync } from 'node:fs';
import { constants } from 'node:os';
import { EXIT_CODES } from '@ixjob/sdk/internal';
import { type Cancel, longTimeout } from './clock/long-timeout.ts';
import type { AttemptEnd } from './journal/records.ts';
import { openAttemptLog } from './output/attempt-log.ts';
import type { LineTagger } from './output/line-tagger.ts';
import { lastLogLine } from './output/log-tail.ts';
import type { Launch } from './spawn/choose-spawner.ts';
import type { Exit, Launched } from './spawn/launched.ts';

export type { AttemptEnd } from './journal/records.ts';

/** Everything one attempt of one index needs, worked out as its pod's shim would. */
export interface AttemptPlan {
  index: number;
  attempt: number;
  logPath: string;
  /** The same log as the journal names it: relative to the state directory (`logs/<index>.<attempt>.log`). */
  log: string;
  /** The log, new and open for writing (never an existing file); closed once passed on. */
  logFd: number;
  /** What to run, or the one-line error the pod's shim would have printed (and its exit code). */
  launch:
    | { file: string; argv: readonly string[]; env: Record<string, string> }
    | { error: string; exitCode: number };
  timeoutMs: number | undefined;
  graceMs: number;
  tagger: LineTagger | undefined;
}

export interface RunningAttempt {
  readonly index: number;
  readonly attempt: number;
  /** SIGTERM to the attempt's process group, then SIGKILL after the grace period. */
  stop(reason: string): void;
  readonly ended: Promise<AttemptEnd>;
}

/** How an attempt ended, from the spawner's raw exit: the one place `Exit` becomes an `AttemptEnd`. */
export function attemptEnd(
  plan: Pick<AttemptPlan, 'log' | 'logPath'>,
  exit: { exitCode: number; signal: NodeJS.Signals | null },
  durationMs: number,
  reason: string | undefined,
): AttemptEnd {
  // Only a failure's last line is shown: a success costs no read.
  const lastLine = exit.exitCode === 0 ? undefined : lastLogLine(plan.logPath);
  return {
    exitCode: exit.exitCode,
    signal: exit.signal,
    durationMs: Math.round(durationMs),
    ...(reason === undefined ? {} : { reason }),
    log: plan.log,
    ...(lastLine === undefined ? {} : { lastLine }),
  };
}

/** The exit status as a container runtime reports it, writing to the log why one is missing. */
function exitStatus(
  plan: AttemptPlan,
  file: string,
  { code, signal, error }: Exit,
): { exitCode: number; signal: NodeJS.Signals | null } {
  if (error && code === null && signal === null) {
    if (error.code === 'ECHILD') {
      // It ran, but how it ended is lost: keep what it printed, and say so after it.
      appendFileSync(plan.logPath, `ixjob: lost the exit status of ${file}\n`);
      return { exitCode: EXIT_CODES.internal, signal: null };
    }
    // Appended: whatever the attempt wrote before the failure stays.
    appendFileSync(plan.logPath, `ixjob: cannot execute ${file}: ${error.code}\n`);
    const exitCode = EXIT_CODES[error.code === 'ENOENT' ? 'not-found' : 'not-executable'];
    return { exitCode, signal: null };
  }
  return { exitCode: code ?? 128 + (signal ? constants.signals[signal] : 0), signal };
}

/**
 * Starts one attempt in its own process group (so stopping it reaches everything it
 * started), its output to its log file and, with `--tag`, to the runner's stdout.
 */
export function startAttempt(plan: AttemptPlan, launch: Launch): RunningAttempt {
  if ('error' in plan.launch) {
    // The shim would have failed before exec: its message is the pod's log.
    try {
      writeFileSync(plan.logFd, `${plan.launch.error}\n`);
    } finally {
      closeSync(plan.logFd);
    }
    const end = attemptEnd(plan, { exitCode: plan.launch.exitCode, signal: null }, 0, undefined);
    return { index: plan.index, attempt: plan.attempt, stop() {}, ended: Promise.resolve(end) };
  }
  const { file, argv, env } = plan.launch;
  const now = () => performance.now();
  const startedAt = now();
  // Without --tag the child writes its log itself (stdout and stderr on one descriptor, as
  // `> log 2>&1`): no pipe for the runner to pump, nothing for it to lose.
  const direct = plan.tagger === undefined;
  let child: Launched;
  try {
    child = launch({ file, argv, env, output: direct ? plan.logFd : undefined });
  } catch (error) {
    closeSync(plan.logFd);
    throw error;
  }
  if (direct) closeSync(plan.logFd);
  const outputs: Promise<unknown>[] = [];
  if (plan.tagger && child.stdout && child.stderr) {
    // The log was made new by the opener: the stream writes through its descriptor, never by path.
    outputs.push(
      openAttemptLog(plan.logPath, [child.stdout, child.stderr], { fd: plan.logFd }).done,
    );
    outputs.push(
      plan.tagger.attach(plan.index, 'stdout', child.stdout),
      plan.tagger.attach(plan.index, 'stderr', child.stderr),
    );
  }
  let stoppedFor: string | undefined;
  let cancelKill: Cancel | undefined;
  const signal = (name: NodeJS.Signals) => {
    try {
      if (child.pid !== undefined) process.kill(-child.pid, name);
    } catch {
      // Already gone.
    }
  };
  const stop = (reason: string) => {
    if (stoppedFor !== undefined || !child.running()) return;
    stoppedFor = reason;
    signal('SIGTERM');
    cancelKill = longTimeout(() => signal('SIGKILL'), plan.graceMs, now);
  };
  const cancelTimeout =
    plan.timeoutMs === undefined
      ? undefined
      : longTimeout(() => stop('timeout'), plan.timeoutMs, now);
  const ended = child.exited.then(async (exit) => {
    cancelTimeout?.();
    cancelKill?.();
    const durationMs = now() - startedAt;
    await Promise.allSettled(outputs);
    return attemptEnd(plan, exitStatus(plan, file, exit), durationMs, stoppedFor);
  });
  return { index: plan.index, attempt: plan.attempt, stop, ended };
}
