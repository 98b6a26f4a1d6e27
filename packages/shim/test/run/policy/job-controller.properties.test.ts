import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { parsePodFailurePolicy } from '../../../src/run/policy/failure-policy.ts';
import { formatIntervals } from '../../../src/run/policy/intervals.ts';
import type { JobConfig } from '../../../src/run/policy/job-config.ts';
import { createJobController, type JobController } from '../../../src/run/policy/job-controller.ts';
import { replayJobEvents } from '../../../src/run/policy/journal-replay.ts';
import { parseSuccessPolicy } from '../../../src/run/policy/success-policy.ts';

const RULES = ['Ignore:137', 'FailIndex:65', 'FailJob:42', 'Count:1', 'Ignore:NotIn:1,42,65,137'];

const configs = fc
  .record({
    completions: fc.integer({ min: 1, max: 8 }),
    parallelism: fc.integer({ min: 1, max: 4 }),
    backoffLimit: fc.option(fc.integer({ min: 0, max: 6 }), { nil: undefined }),
    perIndex: fc.option(fc.integer({ min: 0, max: 2 }), { nil: undefined }),
    maxFailed: fc.option(fc.integer({ min: 0, max: 8 }), { nil: undefined }),
    rules: fc.subarray(RULES),
    count: fc.option(fc.integer({ min: 1, max: 8 }), { nil: undefined }),
    named: fc.option(fc.uniqueArray(fc.nat({ max: 7 }), { minLength: 1 }), { nil: undefined }),
    deadline: fc.option(fc.integer({ min: 0, max: 300 }), { nil: undefined }),
    backoff: fc.boolean(),
  })
  .map((drawn): JobConfig => {
    const { completions, perIndex } = drawn;
    const named = drawn.named?.filter((index) => index < completions);
    const successRules = [
      ...(drawn.count === undefined ? [] : [`count=${Math.min(drawn.count, completions)}`]),
      ...(named === undefined || named.length === 0 ? [] : [`indexes=${formatIntervals(named)}`]),
    ];
    return {
      completions,
      parallelism: drawn.parallelism,
      ...(drawn.backoffLimit === undefined ? {} : { backoffLimit: drawn.backoffLimit }),
      ...(perIndex === undefined ? {} : { backoffLimitPerIndex: perIndex }),
      ...(perIndex === undefined || drawn.maxFailed === undefined
        ? {}
        : { maxFailedIndexes: Math.min(drawn.maxFailed, completions) }),
      podFailurePolicy: parsePodFailurePolicy(
        drawn.rules.filter((rule) => perIndex !== undefined || !rule.startsWith('FailIndex')),
      ),
      successPolicy: parseSuccessPolicy(successRules, completions),
      ...(drawn.deadline === undefined ? {} : { activeDeadlineMs: drawn.deadline }),
      ...(drawn.backoff ? { podFailureBackoff: { initialMs: 5, maxMs: 20 } } : {}),
    };
  });

const steps = fc.array(
  fc.record({
    kind: fc.constantFrom('start', 'start', 'end', 'end', 'tick', 'replay'),
    pick: fc.nat(),
    code: fc.constantFrom(0, 0, 0, 1, 42, 65, 137, 143),
    dt: fc.nat({ max: 15 }),
  }),
  { maxLength: 120 },
);

/** What the test itself counted from the verdicts, to hold the controller to. */
interface Model {
  started: number;
  counted: number[];
  ignored: number[];
  failedByRule: Set<number>;
}

const indexes = (c: JobController) => Array.from({ length: c.config.completions }, (_, i) => i);

function checkInvariants(c: JobController, model: Model, now: number): void {
  const { config } = c;
  expect(c.running).toBeLessThanOrEqual(config.parallelism);
  for (const index of c.succeeded) expect(c.failed.has(index)).toBe(false);
  const states = indexes(c).map((index) => c.indexState(index));
  expect(states.reduce((sum, state) => sum + state.attempts, 0)).toBe(model.started);
  for (const state of states) {
    expect(state.failureCount).toBe(model.counted[state.index]);
    expect(state.ignoredFailureCount).toBe(model.ignored[state.index]);
    const perIndex = config.backoffLimitPerIndex;
    const failsForGood =
      perIndex !== undefined &&
      (model.failedByRule.has(state.index) || (model.counted[state.index] as number) > perIndex);
    expect(state.status === 'failed').toBe(failsForGood);
  }
  const status = c.status();
  expect(status.active).toBe(c.running);
  expect(status.succeeded).toBe(c.succeeded.size);
  expect(status.completedIndexes).toBe(formatIntervals(c.succeeded));
  const conditions = c.conditions();
  if (c.outcome === undefined) {
    expect(conditions).toEqual([]);
    expect(c.toStop()).toEqual([]);
  } else {
    expect(conditions).toHaveLength(c.running > 0 ? 1 : 2);
    expect(c.finished).toBe(c.running === 0);
    expect(c.toStop()).toEqual(c.runningIndexes());
    expect(conditions.map((condition) => condition.type)).toEqual(
      (c.outcome.succeeded
        ? ['SuccessCriteriaMet', 'Complete']
        : ['FailureTarget', 'Failed']
      ).slice(0, conditions.length),
    );
  }
  // Without a backoff the free slots go to the lowest pending indexes, exactly.
  if (config.podFailureBackoff === undefined && c.outcome === undefined) {
    const pending = states
      .filter((state) => state.status === 'pending')
      .map((state) => state.index);
    expect(c.startable(now)).toEqual(
      c.outcome === undefined ? pending.slice(0, config.parallelism - c.running) : [],
    );
  }
}

/** A fresh controller rebuilt from the journal agrees with the live one, running attempts forgotten. */
function checkReplay(c: JobController, now: number): void {
  const restored = replayJobEvents(c.config, c.startedAt, c.events());
  restored.tick(now);
  c.tick(now);
  expect(restored.succeeded).toEqual(c.succeeded);
  expect(restored.failed).toEqual(c.failed);
  expect(restored.outcome).toEqual(c.outcome);
  expect(restored.running).toBe(0);
  for (const index of indexes(c)) {
    const live = c.indexState(index);
    const back = restored.indexState(index);
    if (live.status === 'running') {
      expect(back).toEqual({
        ...live,
        status: 'pending',
        attempts: live.attempts - 1,
        interrupted: live.interrupted + 1,
      });
    } else {
      expect(back).toEqual(live);
    }
  }
  if (c.running === 0) {
    expect(restored.status()).toEqual(c.status());
    expect(restored.conditions()).toEqual(c.conditions());
  }
}

describe('the job controller over random runs', () => {
  test('keeps its invariants, finishes, and replays to the same state', () => {
    fc.assert(
      fc.property(configs, steps, (config, script) => {
        const c = createJobController(config, 0);
        const model: Model = {
          started: 0,
          counted: indexes(c).map(() => 0),
          ignored: indexes(c).map(() => 0),
          failedByRule: new Set(),
        };
        let now = 0;
        const end = (index: number, exitCode: number) => {
          const verdict = c.apply({ event: 'attempt-ended', index, exitCode, at: now });
          if (verdict === undefined) throw new Error('an ended attempt has a verdict');
          if (verdict.counted) model.counted[index] = (model.counted[index] as number) + 1;
          if (exitCode !== 0 && !verdict.counted && verdict.result === 'retry') {
            model.ignored[index] = (model.ignored[index] as number) + 1;
          }
          if (verdict.action === 'FailIndex' && verdict.result === 'failed')
            model.failedByRule.add(index);
        };
        const start = (index: number) => {
          c.apply({ event: 'attempt-started', index, at: now });
          model.started++;
        };

        for (const step of script) {
          now += step.dt;
          if (step.kind === 'start') {
            const startable = c.startable(now);
            const index = startable[step.pick % Math.max(1, startable.length)];
            if (index !== undefined) start(index);
          } else if (step.kind === 'end') {
            const running = c.runningIndexes();
            const index = running[step.pick % Math.max(1, running.length)];
            if (index !== undefined) end(index, step.code);
          } else if (step.kind === 'tick') {
            c.tick(now);
          } else {
            checkReplay(c, now);
          }
          checkInvariants(c, model, now);
          const outcome = c.outcome;
          if (outcome !== undefined) {
            const pending = indexes(c).find((index) => c.indexState(index).status === 'pending');
            if (pending !== undefined) expect(() => start(pending)).toThrow(/the job has ended/);
          }
        }

        // Drive to the end: stop what must stop, run the rest to success.
        for (let round = 0; !c.finished; round++) {
          expect(round).toBeLessThan(200);
          for (const index of c.toStop()) end(index, 143);
          if (c.finished) break;
          const startable = c.startable(now);
          for (const index of startable) start(index);
          for (const index of c.runningIndexes()) end(index, 0);
          if (startable.length === 0 && c.running === 0) now = c.nextWakeAt(now) ?? now + 1;
          checkInvariants(c, model, now);
        }
        const outcome = c.outcome;
        if (outcome?.reason === 'CompletionsReached') {
          expect(c.succeeded.size).toBe(config.completions);
        }
        checkReplay(c, now);
      }),
      { numRuns: 300 },
    );
  });
});
