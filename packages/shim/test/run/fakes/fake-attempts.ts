import type { AttemptPlan, RunningAttempt } from '../../../src/run/attempt.ts';
import type { AttemptEnd } from '../../../src/run/journal/records.ts';

interface Live {
  readonly plan: AttemptPlan;
  resolve(end: AttemptEnd): void;
}

/** A plan with nothing to run: the fake start never looks past index, attempt and log. */
export function fakePlan(index: number, attempt: number): AttemptPlan {
  return {
    index,
    attempt,
    logPath: `/state/logs/${index}.${attempt}.log`,
    log: `logs/${index}.${attempt}.log`,
    logFd: -1,
    launch: { file: '/bin/true', argv: ['true'], env: {} },
    timeoutMs: undefined,
    graceMs: 0,
    tagger: undefined,
  };
}

/**
 * Attempts whose ends the test decides: `end(index, code)` ends the running attempt of an
 * index; a stopped attempt dies of SIGTERM at once, as a well-behaved command does.
 */
export function fakeAttempts(clock: { now(): number }) {
  const live = new Map<number, Live>();
  const started: string[] = [];
  const finish = (index: number, end: Omit<AttemptEnd, 'log' | 'durationMs'>) => {
    const attempt = live.get(index);
    if (attempt === undefined) throw new Error(`index ${index} is not running`);
    live.delete(index);
    attempt.resolve({ durationMs: 1_000, log: attempt.plan.log, ...end });
  };
  return {
    started,
    running: () => [...live.keys()].sort((a, b) => a - b),
    start(plan: AttemptPlan): RunningAttempt {
      const { promise, resolve } = Promise.withResolvers<AttemptEnd>();
      live.set(plan.index, { plan, resolve });
      started.push(`${plan.index}.${plan.attempt}@${clock.now()}`);
      return {
        index: plan.index,
        attempt: plan.attempt,
        stop: (reason) => {
          if (live.has(plan.index))
            finish(plan.index, { exitCode: 143, signal: 'SIGTERM', reason });
        },
        ended: promise,
      };
    },
    end(index: number, exitCode: number, lastLine?: string) {
      finish(index, { exitCode, signal: null, ...(lastLine === undefined ? {} : { lastLine }) });
    },
  };
}
