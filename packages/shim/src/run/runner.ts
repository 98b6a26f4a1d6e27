import type { AttemptEnd, AttemptPlan, RunningAttempt } from './attempt.ts';
import type { Journal } from './journal.ts';
import type {
  AttemptEvent,
  NextStep,
  ProgressRenderer,
  ProgressSnapshot,
} from './output/progress.ts';
import type { AttemptVerdict, JobController } from './policy/job-controller.ts';

/** One attempt as the summary reports it. */
export interface AttemptRecord {
  attempt: number;
  exitCode: number;
  signal: string | null;
  durationMs: number;
  stoppedFor: string | undefined;
  log: string;
}

export interface RunnerDeps {
  controller: JobController;
  journal: Journal;
  renderer: ProgressRenderer;
  /** Works out what an attempt runs, as its pod's shim would. */
  plan(index: number, attempt: number): Promise<AttemptPlan>;
  start(plan: AttemptPlan): RunningAttempt;
  now(): number;
  /** Where the runner learns it was asked to stop (Ctrl-C, SIGTERM). */
  onInterrupt(handler: (signal: NodeJS.Signals) => void): () => void;
  /** How often the progress bar is redrawn, when there is one. */
  tickMs?: number;
}

export interface RunOutcome {
  interrupted: NodeJS.Signals | undefined;
  attempts: Map<number, AttemptRecord[]>;
}

function nextStep(verdict: AttemptVerdict | undefined, controller: JobController): NextStep {
  if (verdict === undefined || verdict.result === 'dropped') return 'job-stopping';
  if (controller.outcome && !controller.outcome.succeeded) return 'job-failed';
  if (verdict.result === 'failed') return 'index-failed';
  return verdict.counted ? 'retry' : 'retry-uncounted';
}

/**
 * The local Job controller's loop: starts the lowest pending indexes while there is room,
 * journals every attempt before acting on it, feeds each end to the controller, and stops
 * what the controller (or the user) says must stop.
 */
export async function runJob(deps: RunnerDeps): Promise<RunOutcome> {
  const { controller, journal, renderer } = deps;
  const started = performance.now();
  const running = new Map<number, RunningAttempt>();
  const attempts = new Map<number, AttemptRecord[]>();
  let interrupted: NodeJS.Signals | undefined;
  let wake: () => void = () => {};
  const snapshot = (): ProgressSnapshot => ({
    total: controller.config.completions,
    succeeded: controller.succeeded.size,
    failed: controller.failed.size,
    running: running.size,
    elapsedMs: performance.now() - started,
  });
  const report = (event: AttemptEvent) => renderer.event(event, snapshot());
  const stopAll = (reason: string, which: Iterable<number>) => {
    for (const index of which) running.get(index)?.stop(reason);
  };
  const stopInterrupt = deps.onInterrupt((signal) => {
    interrupted ??= signal;
    stopAll('interrupted', running.keys());
    wake();
  });
  const ticker =
    deps.tickMs === undefined
      ? undefined
      : setInterval(() => renderer.tick(snapshot()), deps.tickMs);

  const finish = (index: number, attempt: number, log: string, end: AttemptEnd) => {
    running.delete(index);
    const at = deps.now();
    journal.append({
      event: 'attempt-ended',
      index,
      exitCode: end.exitCode,
      at,
      attempt,
      signal: end.signal,
      durationMs: Math.round(end.durationMs),
      stoppedFor: end.stoppedFor,
    });
    const verdict = controller.apply({ event: 'attempt-ended', index, exitCode: end.exitCode, at });
    const list = attempts.get(index) ?? [];
    list.push({
      attempt,
      exitCode: end.exitCode,
      signal: end.signal,
      durationMs: end.durationMs,
      stoppedFor: end.stoppedFor,
      log,
    });
    attempts.set(index, list);
    if (end.exitCode === 0)
      report({ kind: 'succeeded', index, attempt, durationMs: end.durationMs });
    else if (end.signal) {
      const reason = end.stoppedFor === undefined ? {} : { reason: end.stoppedFor };
      report({
        kind: 'killed',
        index,
        attempt,
        durationMs: end.durationMs,
        signal: end.signal,
        next: nextStep(verdict, controller),
        ...reason,
      });
    } else
      report({
        kind: 'failed',
        index,
        attempt,
        durationMs: end.durationMs,
        exitCode: end.exitCode,
        next: nextStep(verdict, controller),
      });
    wake();
  };

  const start = async (index: number) => {
    const attempt = controller.indexState(index).attempts;
    const at = deps.now();
    // Journaled before the process exists: a crash can lose a start, never a success.
    journal.append({ event: 'attempt-started', index, at, attempt });
    controller.apply({ event: 'attempt-started', index, at });
    const plan = await deps.plan(index, attempt);
    const handle = deps.start(plan);
    running.set(index, handle);
    report({ kind: 'started', index, attempt });
    handle.ended.then((end) => finish(index, attempt, plan.logPath, end));
  };

  try {
    for (;;) {
      if (interrupted === undefined) {
        for (const index of controller.startable(deps.now())) {
          // An attempt that ended while the previous one started may have ended the job.
          if (controller.outcome || interrupted !== undefined) break;
          await start(index);
        }
      }
      const outcome = controller.outcome;
      if (outcome)
        stopAll(outcome.succeeded ? 'job complete' : outcome.reason, controller.toStop());
      if (running.size === 0 && (interrupted !== undefined || controller.finished)) break;
      const wakeAt = interrupted === undefined ? controller.nextWakeAt(deps.now()) : undefined;
      if (
        running.size === 0 &&
        wakeAt === undefined &&
        controller.startable(deps.now()).length === 0
      ) {
        throw new Error('the job controller neither finished nor has anything to run');
      }
      await new Promise<void>((resolve) => {
        const timer =
          wakeAt === undefined ? undefined : setTimeout(resolve, Math.max(0, wakeAt - deps.now()));
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
        // Room to start more: go round again at once.
        if (running.size === 0 && wakeAt === undefined) wake();
      });
      controller.tick(deps.now());
    }
  } finally {
    stopInterrupt();
    clearInterval(ticker);
    renderer.finish(snapshot());
  }
  return { interrupted, attempts };
}
