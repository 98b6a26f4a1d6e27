import { describe, expect, test } from 'vitest';
import type { NewRecord } from '../../src/run/journal/records.ts';
import { createProgressRenderer } from '../../src/run/output/progress.ts';
import { parsePodFailurePolicy } from '../../src/run/policy/failure-policy.ts';
import type { JobConfig } from '../../src/run/policy/job-config.ts';
import { createJobController } from '../../src/run/policy/job-controller.ts';
import { replayJournal } from '../../src/run/policy/journal-replay.ts';
import { parseSuccessPolicy } from '../../src/run/policy/success-policy.ts';
import { runJob } from '../../src/run/runner.ts';
import { fakeAttempts, fakePlan } from './fakes/fake-attempts.ts';
import { fakeClock, flush } from './fakes/fake-clock.ts';

type Harness = {
  end(index: number, exitCode: number, lastLine?: string): void;
  advance(ms: number): Promise<void>;
  interrupt(): void;
  running(): number[];
};
type Step = (h: Harness) => unknown;

/** Runs a job of `config` against fakes, taking `steps` in turn, each after everything settled. */
async function drive(config: JobConfig, steps: readonly Step[]) {
  const time = fakeClock(1_000);
  const attempts = fakeAttempts(time.clock);
  const records: NewRecord[] = [];
  const lines: string[] = [];
  const numbers = new Map<number, number>();
  let interrupt: (signal: NodeJS.Signals) => void = () => {};
  const controller = createJobController(config, time.clock.now());
  const done = runJob({
    controller,
    journal: { append: (record) => records.push(record) },
    renderer: createProgressRenderer({
      write: (text) => lines.push(text.trimEnd()),
      isTTY: false,
      columns: () => 80,
    }),
    nextAttempt(index) {
      const next = numbers.get(index) ?? 0;
      numbers.set(index, next + 1);
      return next;
    },
    plan: async (index, attempt) => fakePlan(index, attempt),
    start: attempts.start,
    clock: time.clock,
    onInterrupt(handler) {
      interrupt = handler;
      return () => {
        interrupt = () => {};
      };
    },
  });
  const harness: Harness = {
    end: attempts.end,
    advance: time.advance,
    interrupt: () => interrupt('SIGINT'),
    running: attempts.running,
  };
  await flush();
  for (const step of steps) {
    await step(harness);
    await flush();
  }
  const outcome = await done;
  return {
    outcome,
    controller,
    records,
    lines,
    started: attempts.started,
    pending: time.pending(),
  };
}

const end =
  (index: number, exitCode: number, lastLine?: string): Step =>
  (h) =>
    h.end(index, exitCode, lastLine);
const advance =
  (ms: number): Step =>
  (h) =>
    h.advance(ms);
const interrupt: Step = (h) => h.interrupt();
const expectRunning =
  (indexes: number[]): Step =>
  (h) =>
    expect(h.running()).toEqual(indexes);

const policy = (config: Partial<JobConfig> & { failure?: string[]; success?: string[] }) => {
  const { failure = [], success = [], ...rest } = config;
  const completions = rest.completions ?? 3;
  return {
    parallelism: 1,
    ...rest,
    completions,
    podFailurePolicy: parsePodFailurePolicy(failure),
    successPolicy: parseSuccessPolicy(success, completions),
  };
};

describe('runJob against fakes', () => {
  test.each<
    [
      string,
      JobConfig,
      Step[],
      { started: string[]; reason: string | undefined; interrupted?: string; lines?: string[] },
    ]
  >([
    [
      'lowest first, never more than parallelism',
      policy({ completions: 4, parallelism: 2 }),
      [expectRunning([0, 1]), end(1, 0), expectRunning([0, 2]), end(0, 0), end(2, 0), end(3, 0)],
      { started: ['0.0@1000', '1.0@1000', '2.0@1000', '3.0@1000'], reason: 'CompletionsReached' },
    ],
    [
      'a failed attempt is retried with the next attempt number, its last log line shown',
      policy({ completions: 2, backoffLimitPerIndex: 1 }),
      [advance(1_200), end(0, 2, 'cannot open banana.txt'), end(0, 0), end(1, 0)],
      {
        started: ['0.0@1000', '0.1@2200', '1.0@2200'],
        reason: 'CompletionsReached',
        lines: [
          'ixjob: index 0 attempt 0 started',
          'ixjob: index 0 attempt 0 failed: exit 2 after 1.0s (will retry): cannot open banana.txt',
          'ixjob: index 0 attempt 1 started',
          'ixjob: index 0 attempt 1 succeeded in 1.0s',
          'ixjob: index 1 attempt 0 started',
          'ixjob: index 1 attempt 0 succeeded in 1.0s',
          'ixjob: 2 succeeded, 0 failed of 2 in 1.2s',
        ],
      },
    ],
    [
      'a failed job stops its running attempts',
      policy({ completions: 3, parallelism: 3, backoffLimit: 0 }),
      [end(1, 7)],
      {
        started: ['0.0@1000', '1.0@1000', '2.0@1000'],
        reason: 'BackoffLimitExceeded',
        lines: [
          'ixjob: index 0 attempt 0 started',
          'ixjob: index 1 attempt 0 started',
          'ixjob: index 2 attempt 0 started',
          'ixjob: index 1 attempt 0 failed: exit 7 after 1.0s (job failed)',
          'ixjob: index 0 attempt 0 killed by SIGTERM: BackoffLimitExceeded after 1.0s (job stopping)',
          'ixjob: index 2 attempt 0 killed by SIGTERM: BackoffLimitExceeded after 1.0s (job stopping)',
          'ixjob: 0 succeeded, 3 failed of 3 in 0.0s',
        ],
      },
    ],
    [
      'a FailJob rule fails the job at once',
      policy({ completions: 2, parallelism: 2, failure: ['FailJob:42'] }),
      [end(0, 42)],
      {
        started: ['0.0@1000', '1.0@1000'],
        reason: 'PodFailurePolicy',
        lines: [
          'ixjob: index 0 attempt 0 started',
          'ixjob: index 1 attempt 0 started',
          'ixjob: index 0 attempt 0 failed: exit 42 after 1.0s (job failed)',
          'ixjob: index 1 attempt 0 killed by SIGTERM: PodFailurePolicy after 1.0s (job stopping)',
          'ixjob: 0 succeeded, 2 failed of 2 in 0.0s',
        ],
      },
    ],
    [
      'the success policy ends the job and stops the rest',
      policy({ completions: 3, parallelism: 3, success: ['indexes=1'] }),
      [end(1, 0)],
      { started: ['0.0@1000', '1.0@1000', '2.0@1000'], reason: 'SuccessPolicy' },
    ],
    [
      'the active deadline stops what runs',
      policy({ completions: 2, activeDeadlineMs: 5_000 }),
      [advance(4_999), expectRunning([0]), advance(1)],
      { started: ['0.0@1000'], reason: 'DeadlineExceeded' },
    ],
    [
      'a deadline past 2^31 ms still waits exactly',
      policy({ completions: 1, activeDeadlineMs: 2 ** 32 }),
      [advance(2 ** 32 - 1), expectRunning([0]), advance(1)],
      { started: ['0.0@1000'], reason: 'DeadlineExceeded' },
    ],
    [
      'an interrupt stops every attempt, which will run again on --resume',
      policy({ completions: 3, parallelism: 2 }),
      [end(0, 0), interrupt],
      {
        started: ['0.0@1000', '1.0@1000', '2.0@1000'],
        reason: undefined,
        interrupted: 'SIGINT',
        lines: [
          'ixjob: index 0 attempt 0 started',
          'ixjob: index 1 attempt 0 started',
          'ixjob: index 0 attempt 0 succeeded in 1.0s',
          'ixjob: index 2 attempt 0 started',
          'ixjob: index 1 attempt 0 killed by SIGTERM: interrupted after 1.0s (interrupted; --resume runs it again)',
          'ixjob: index 2 attempt 0 killed by SIGTERM: interrupted after 1.0s (interrupted; --resume runs it again)',
          'ixjob: 1 succeeded, 0 failed, 2 not run of 3 in 0.0s',
        ],
      },
    ],
  ])('%s', async (_name, config, steps, expected) => {
    const run = await drive(config, steps);
    expect(run.started).toEqual(expected.started);
    expect(run.controller.outcome?.reason).toBe(expected.reason);
    expect(run.outcome.interrupted).toBe(expected.interrupted);
    if (expected.lines) expect(run.lines).toEqual(expected.lines);
    // Every start is journaled, and every end, each before the controller hears of it.
    const journaled = run.records.filter((r) => r.event === 'attempt-started').length;
    expect(journaled).toBe(run.started.length);
    expect(run.records.filter((r) => r.event === 'attempt-ended')).toHaveLength(journaled);
    expect(run.outcome.attempts).toHaveLength(journaled);
    expect(run.pending).toBe(0);
  });

  test('the journal it writes replays to the same state, interrupted attempts uncounted', async () => {
    const config = policy({ completions: 3, parallelism: 2, backoffLimitPerIndex: 0 });
    const run = await drive(config, [end(0, 0), interrupt]);
    const records = run.records.map((record) => ({ v: 1 as const, ...record }));
    const c = replayJournal(config, records, 1_000);
    expect([...c.succeeded]).toEqual([0]);
    expect(c.failed.size).toBe(0);
    expect(c.startable(2_000)).toEqual([1, 2]);
    expect(run.records.find((r) => r.event === 'attempt-ended' && r.index === 1)).toMatchObject({
      attempt: 0,
      end: { exitCode: 143, signal: 'SIGTERM', reason: 'interrupted', log: 'logs/1.0.log' },
    });
  });

  test.each([
    ['the first start', 1],
    ['the second start', 2],
    ['an end', 3],
  ])(
    'a journal that cannot write %s stops every attempt, then fails the run',
    async (_name, failAt) => {
      const time = fakeClock();
      const attempts = fakeAttempts(time.clock);
      let writes = 0;
      const done = runJob({
        controller: createJobController(policy({ completions: 2, parallelism: 2 }), 0),
        journal: {
          append() {
            if (++writes >= failAt) throw new Error('ENOSPC');
          },
        },
        renderer: { event() {}, tick() {}, finish() {} },
        nextAttempt: () => 0,
        plan: async (index, attempt) => fakePlan(index, attempt),
        start: attempts.start,
        clock: time.clock,
        onInterrupt: () => () => {},
      });
      // Handled from the start: it may reject before the assertion below is attached.
      done.catch(() => {});
      await flush();
      if (attempts.running().includes(0)) attempts.end(0, 0);
      await expect(done).rejects.toThrow('ENOSPC');
      expect(attempts.running()).toEqual([]);
    },
  );
});
