import type { AttemptPlan, RunningAttempt } from './attempt.ts';
import type { Clock } from './clock/clock.ts';
import type { Cancel } from './clock/long-timeout.ts';
import { failedIndexes } from './failed-indexes.ts';
import type { AttemptEnd, NewRecord } from './journal/records.ts';
import type {
  AttemptEvent,
  NextStep,
  ProgressRenderer,
  ProgressSnapshot,
} from './output/progress.ts';
import type { AttemptVerdict, JobController } from './policy/job-controller.ts';
import { endEvent, INTERRUPTED } from './policy/job-events.ts';

/** One ended attempt, as the journal keeps it: what the summary and `-o json` read. */
export interface EndedAttempt {
  readonly index: number;
  readonly attempt: number;
  /** Milliseconds since the epoch. */
  readonly startedAt: number;
  readonly finishedAt: number;
  readonly end: AttemptEnd;
}

/** Where the runner writes what happened before it acts on it. */
export interface JournalSink {
  append(record: NewRecord): void;
}

export interface RunnerDeps {
  controller: JobController;
  journal: JournalSink;
  renderer: ProgressRenderer;
  /** The number of the index's next attempt: from the journal, never reused across resumes. */
  nextAttempt(index: number): number;
  /** Works out what an attempt runs, as its pod's shim would. */
  plan(index: number, attempt: number): Promise<AttemptPlan>;
  start(plan: AttemptPlan): RunningAttempt;
  /** Time and timeouts: `systemClock`, or a fake. */
  clock: Clock;
  /** Where the runner learns it was asked to stop (Ctrl-C, SIGTERM). */
  onInterrupt(handler: (signal: NodeJS.Signals) => void): () => void;
  /** How often the progress bar is redrawn, when there is one. */
  tickMs?: number;
}

export interface RunOutcome {
  interrupted: NodeJS.Signals | undefined;
  /** This run's ended attempts, in the order they ended. */
  attempts: EndedAttempt[];
  /** When this run began, on the runner's clock. */
  startedAt: number;
}

function nextStep(
  verdict: AttemptVerdict | undefined,
  end: AttemptEnd,
  controller: JobController,
): NextStep {
  if (verdict === undefined) return end.reason === INTERRUPTED ? 'interrupted' : 'job-stopping';
  // The failure that failed the job is counted; ends after it are not.
  if (verdict.result === 'dropped')
    return verdict.counted && controller.outcome?.succeeded === false
      ? 'job-failed'
      : 'job-stopping';
  if (controller.outcome && !controller.outcome.succeeded) return 'job-failed';
  if (verdict.result === 'failed') return 'index-failed';
  return verdict.counted ? 'retry' : 'retry-uncounted';
}

/** The progress event for an ended attempt. */
function endedEvent(index: number, attempt: number, end: AttemptEnd, next: NextStep): AttemptEvent {
  const { durationMs } = end;
  if (end.exitCode === 0) return { kind: 'succeeded', index, attempt, durationMs };
  const lastLine = end.lastLine === undefined ? {} : { lastLine: end.lastLine };
  if (end.signal) {
    const reason = end.reason === undefined ? {} : { reason: end.reason };
    return {
      kind: 'killed',
      index,
      attempt,
      durationMs,
      signal: end.signal,
      next,
      ...reason,
      ...lastLine,
    };
  }
  return { kind: 'failed', index, attempt, durationMs, exitCode: end.exitCode, next, ...lastLine };
}

/**
 * The local Job controller's loop: starts the lowest pending indexes while there is room,
 * journals every attempt before acting on it, feeds each end to the controller, and stops
 * what the controller (or the user) says must stop. A failure of its own (the journal cannot
 * be written) stops every attempt and is thrown once they have ended.
 */
export async function runJob(deps: RunnerDeps): Promise<RunOutcome> {
  const { controller, journal, renderer, clock } = deps;
  const startedAt = clock.now();
  const running = new Map<number, RunningAttempt>();
  const attempts: EndedAttempt[] = [];
  let interrupted: NodeJS.Signals | undefined;
  let failure: { error: unknown } | undefined;
  let wake: () => void = () => {};
  const snapshot = (): ProgressSnapshot => ({
    total: controller.config.completions,
    succeeded: controller.succeeded.size,
    failed: controller.failed.size,
    running: running.size,
    elapsedMs: clock.now() - startedAt,
  });
  const report = (event: AttemptEvent) => renderer.event(event, snapshot());
  const stopAll = (reason: string, which: Iterable<number>) => {
    for (const index of which) running.get(index)?.stop(reason);
  };
  const fail = (error: unknown) => {
    failure ??= { error };
    stopAll('ixjob failed', running.keys());
    wake();
  };
  const stopInterrupt = deps.onInterrupt((signal) => {
    interrupted ??= signal;
    stopAll(INTERRUPTED, running.keys());
    wake();
  });
  let cancelTick: Cancel | undefined;
  const tick = (ms: number) => {
    cancelTick = clock.setTimeout(() => {
      renderer.tick(snapshot());
      tick(ms);
    }, ms);
  };
  if (deps.tickMs !== undefined) tick(deps.tickMs);

  const finish = (index: number, attempt: number, started: number, end: AttemptEnd) => {
    running.delete(index);
    const at = clock.now();
    journal.append({ event: 'attempt-ended', index, attempt, at, end });
    attempts.push({ index, attempt, startedAt: started, finishedAt: at, end });
    const verdict = controller.apply(endEvent(index, attempt, at, end));
    report(endedEvent(index, attempt, end, nextStep(verdict, end, controller)));
    wake();
  };

  const start = async (index: number) => {
    const attempt = deps.nextAttempt(index);
    const at = clock.now();
    // Journaled before the process exists: a crash can lose a start, never a success.
    journal.append({ event: 'attempt-started', index, attempt, at });
    controller.apply({ event: 'attempt-started', index, attempt, at });
    const plan = await deps.plan(index, attempt);
    const handle = deps.start(plan);
    running.set(index, handle);
    report({ kind: 'started', index, attempt });
    handle.ended.then((end) => finish(index, attempt, at, end)).catch(fail);
    // Asked to stop while this attempt was being planned: it stops at once.
    if (failure !== undefined) handle.stop('ixjob failed');
    else if (interrupted !== undefined) handle.stop(INTERRUPTED);
  };

  try {
    for (;;) {
      if (interrupted === undefined && failure === undefined) {
        for (const index of controller.startable(clock.now())) {
          // An attempt that ended while the previous one started may have ended the job.
          if (controller.outcome || interrupted !== undefined || failure !== undefined) break;
          try {
            await start(index);
          } catch (error) {
            // The journal or the plan failed: nothing more starts, what runs is stopped.
            fail(error);
          }
        }
      }
      const outcome = controller.outcome;
      if (outcome)
        stopAll(outcome.succeeded ? 'job complete' : outcome.reason, controller.toStop());
      const stopping = interrupted !== undefined || failure !== undefined;
      if (running.size === 0 && (stopping || controller.finished)) break;
      const wakeAt = stopping ? undefined : controller.nextWakeAt(clock.now());
      if (
        running.size === 0 &&
        wakeAt === undefined &&
        controller.startable(clock.now()).length === 0
      ) {
        throw new Error('the job controller neither finished nor has anything to run');
      }
      await new Promise<void>((resolve) => {
        const cancel =
          wakeAt === undefined
            ? undefined
            : clock.setTimeout(resolve, Math.max(0, wakeAt - clock.now()));
        wake = () => {
          cancel?.();
          resolve();
        };
        // Room to start more: go round again at once.
        if (running.size === 0 && wakeAt === undefined) wake();
      });
      controller.tick(clock.now());
    }
  } finally {
    stopInterrupt();
    cancelTick?.();
    // The closing line counts as the summary's Failures do: every index whose last attempt failed.
    const failed = new Set([
      ...controller.failed,
      ...failedIndexes(controller, attempts).map((f) => f.index),
    ]);
    renderer.finish({ ...snapshot(), failed: failed.size });
  }
  if (failure !== undefined) throw failure.error;
  return { interrupted, attempts, startedAt };
}
