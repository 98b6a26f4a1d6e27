import { FAILURE_COUNT_KEY, IxjobError } from '@ixjob/sdk/internal';
import { describe, expect, test } from 'vitest';
import { parsePodFailurePolicy } from '../../../src/run/policy/failure-policy.ts';
import type { JobConfig } from '../../../src/run/policy/job-config.ts';
import {
  createJobController,
  IGNORED_FAILURE_COUNT_KEY,
  type JobController,
} from '../../../src/run/policy/job-controller.ts';
import type { JobEvent } from '../../../src/run/policy/job-events.ts';
import { replayJobEvents } from '../../../src/run/policy/journal-replay.ts';
import { parseSuccessPolicy } from '../../../src/run/policy/success-policy.ts';

type Setup = Partial<Omit<JobConfig, 'podFailurePolicy' | 'successPolicy'>> & {
  failurePolicy?: string[];
  successPolicy?: string[];
};

/** A controller from flag-like settings, started at time 0. */
function job({ failurePolicy = [], successPolicy = [], ...rest }: Setup = {}): JobController {
  const completions = rest.completions ?? 3;
  return createJobController(
    {
      parallelism: 1,
      ...rest,
      completions,
      podFailurePolicy: parsePodFailurePolicy(failurePolicy),
      successPolicy: parseSuccessPolicy(successPolicy, completions),
    },
    0,
  );
}

const start = (c: JobController, index: number, at = 0) =>
  c.apply({ event: 'attempt-started', index, at });
const end = (c: JobController, index: number, exitCode: number, at = 0) =>
  c.apply({ event: 'attempt-ended', index, exitCode, at });
/** Starts `index` and ends it with `exitCode`. */
const attempt = (c: JobController, index: number, exitCode: number, at = 0) => {
  start(c, index, at);
  return end(c, index, exitCode, at);
};
const conditionsOf = (c: JobController) =>
  c.conditions().map(({ type, reason, message }) => [type, reason, message]);

describe('which index starts next', () => {
  test('lowest pending first, never more than parallelism', () => {
    const c = job({ completions: 5, parallelism: 2 });
    expect(c.startable(0)).toEqual([0, 1]);
    start(c, 0);
    start(c, 1);
    expect(c.startable(0)).toEqual([]);
    end(c, 1, 0);
    expect(c.startable(0)).toEqual([2]);
    start(c, 2);
    expect(end(c, 0, 1)).toMatchObject({ result: 'retry', counted: true });
    // The retried index is pending again and comes before the untouched ones.
    expect(c.startable(0)).toEqual([0]);
    start(c, 0);
    expect(c.startable(0)).toEqual([]);
    end(c, 2, 0);
    expect(c.startable(0)).toEqual([3]);
    expect(c.indexState(0)).toMatchObject({ status: 'running', attempts: 2, failureCount: 1 });
    expect(c.runningIndexes()).toEqual([0]);
  });

  test.each<[string, Setup, (c: JobController) => unknown, number, string]>([
    ['a running index', {}, (c) => start(c, 0), 0, 'cannot start index 0: it is running'],
    ['a succeeded index', {}, (c) => attempt(c, 0, 0), 0, 'cannot start index 0: it is succeeded'],
    [
      'a failed index',
      { backoffLimitPerIndex: 0 },
      (c) => attempt(c, 0, 1),
      0,
      'cannot start index 0: it is failed',
    ],
    [
      'an index past the completions',
      {},
      () => undefined,
      3,
      'index 3 is not one of the 3 completions',
    ],
    ['a negative index', {}, () => undefined, -1, 'index -1 is not one of the 3 completions'],
  ])('refuses to start %s', (_name, setup, before, index, message) => {
    const c = job({ parallelism: 3, ...setup });
    before(c);
    expect(() => start(c, index)).toThrow(message);
  });

  test('refuses to end an index that is not running', () => {
    expect(() => end(job(), 1, 0)).toThrow('index 1 ended, but it is pending');
  });

  test('refuses to start anything once the job has ended', () => {
    const c = job({ backoffLimit: 0 });
    attempt(c, 0, 1);
    expect(c.startable(0)).toEqual([]);
    expect(() => start(c, 1)).toThrow(
      'cannot start index 1: the job has ended (BackoffLimitExceeded)',
    );
  });
});

describe('success', () => {
  test('every index succeeded: SuccessCriteriaMet, then Complete, both CompletionsReached', () => {
    const c = job({ parallelism: 3 });
    for (const index of [0, 1, 2]) start(c, index, 10);
    end(c, 2, 0, 20);
    end(c, 0, 0, 30);
    expect(c.outcome).toBeUndefined();
    expect(end(c, 1, 0, 40)).toMatchObject({ result: 'succeeded', counted: false });
    const completed = ['CompletionsReached', 'Reached expected number of succeeded pods'];
    expect(conditionsOf(c)).toEqual([
      ['SuccessCriteriaMet', ...completed],
      ['Complete', ...completed],
    ]);
    expect(c.finished).toBe(true);
    expect(c.status()).toEqual({
      startTime: 0,
      completionTime: 40,
      active: 0,
      succeeded: 3,
      failed: 0,
      completedIndexes: '0-2',
      conditions: c.conditions(),
    });
  });

  test('no completions: complete at once', () => {
    const c = job({ completions: 0 });
    expect(c.outcome).toMatchObject({ succeeded: true, reason: 'CompletionsReached' });
    expect(c.finished).toBe(true);
  });

  test.each([
    ['named indexes', ['indexes=0-1'], [0, 1], 'Matched rules at index 0'],
    ['a count', ['count=2'], [3, 1], 'Matched rules at index 0'],
    ['the second rule', ['indexes=4', 'count=2'], [0, 2], 'Matched rules at index 1'],
    ['a count among named indexes', ['indexes=0-3;count=2'], [2, 0], 'Matched rules at index 0'],
  ])(
    'the success policy ends the job early and stops the rest: %s',
    (_name, rules, wins, message) => {
      const c = job({ completions: 5, parallelism: 5, successPolicy: rules });
      for (const index of c.startable(0)) start(c, index);
      end(c, wins[0] as number, 0, 1);
      expect(c.outcome).toBeUndefined();
      end(c, wins[1] as number, 0, 2);
      expect(c.outcome).toEqual({ succeeded: true, reason: 'SuccessPolicy', message, at: 2 });
      expect(c.toStop()).toEqual([0, 1, 2, 3, 4].filter((index) => !wins.includes(index)));
      expect(c.startable(3)).toEqual([]);
      expect(conditionsOf(c)).toEqual([['SuccessCriteriaMet', 'SuccessPolicy', message]]);
      for (const index of c.toStop()) {
        expect(end(c, index, 143, 4)).toMatchObject({ result: 'dropped', counted: false });
      }
      expect(conditionsOf(c)).toEqual([
        ['SuccessCriteriaMet', 'SuccessPolicy', message],
        ['Complete', 'SuccessPolicy', message],
      ]);
      // Pods stopped after success are not failures.
      expect(c.status()).toMatchObject({ failed: 0, succeeded: 2, completionTime: 4 });
    },
  );

  test('an index that succeeds while the job stops still counts', () => {
    const c = job({ completions: 3, parallelism: 3, successPolicy: ['indexes=0'] });
    for (const index of [0, 1, 2]) start(c, index);
    end(c, 0, 0);
    expect(end(c, 1, 0)).toMatchObject({ result: 'succeeded' });
    end(c, 2, 137);
    expect(c.status()).toMatchObject({ completedIndexes: '0,1', succeeded: 2 });
  });
});

describe('the backoff limit', () => {
  test.each([
    ['0: the first failure ends the job', 0, 1],
    ['2: the third failure', 2, 3],
    ['6 by default: the seventh failure', undefined, 7],
  ])('%s', (_name, backoffLimit, failures) => {
    const c = job({ completions: 1, ...(backoffLimit === undefined ? {} : { backoffLimit }) });
    for (let n = 1; n < failures; n++) {
      expect(attempt(c, 0, 1, n)).toMatchObject({ result: 'retry' });
    }
    expect(attempt(c, 0, 1, failures)).toMatchObject({ result: 'dropped', counted: true });
    const limit = ['BackoffLimitExceeded', 'Job has reached the specified backoff limit'];
    expect(conditionsOf(c)).toEqual([
      ['FailureTarget', ...limit],
      ['Failed', ...limit],
    ]);
    expect(c.status()).toMatchObject({ failed: failures, completedIndexes: '' });
    expect(c.status()).not.toHaveProperty('completionTime');
    expect(c.status()).not.toHaveProperty('failedIndexes');
  });

  test('a success does not reset the count', () => {
    const c = job({ completions: 3, backoffLimit: 1 });
    attempt(c, 0, 1);
    attempt(c, 0, 0);
    attempt(c, 1, 1);
    expect(c.outcome?.reason).toBe('BackoffLimitExceeded');
  });

  test('Ignore does not count the failure: the index runs again', () => {
    const c = job({ completions: 1, backoffLimit: 0, failurePolicy: ['Ignore:137'] });
    expect(attempt(c, 0, 137)).toMatchObject({
      result: 'retry',
      counted: false,
      action: 'Ignore',
      rule: 0,
    });
    expect(c.outcome).toBeUndefined();
    expect(c.indexState(0)).toMatchObject({ failureCount: 0, ignoredFailureCount: 1, attempts: 1 });
    expect(c.status().failed).toBe(0);
    expect(c.startable(0)).toEqual([0]);
    attempt(c, 0, 1);
    expect(c.outcome?.reason).toBe('BackoffLimitExceeded');
  });

  test.each([
    ['Count counts the failure', ['Count:1']],
    ['no match counts the failure', ['Ignore:2']],
  ])('%s', (_name, failurePolicy) => {
    const c = job({ completions: 1, backoffLimit: 0, failurePolicy });
    expect(attempt(c, 0, 1)).toMatchObject({ counted: true });
    expect(c.outcome?.reason).toBe('BackoffLimitExceeded');
  });
});

describe('FailJob', () => {
  test('fails the job at once and asks to stop the running indexes', () => {
    const c = job({
      name: 'render',
      completions: 4,
      parallelism: 3,
      failurePolicy: ['Ignore:137', 'FailJob:42'],
    });
    for (const index of [0, 1, 2]) start(c, index, 5);
    expect(end(c, 1, 42, 6)).toMatchObject({ result: 'dropped', action: 'FailJob', rule: 1 });
    const message =
      'Container render for pod render-1 failed with exit code 42 matching FailJob rule at index 1';
    expect(c.outcome).toEqual({ succeeded: false, reason: 'PodFailurePolicy', message, at: 6 });
    expect(c.toStop()).toEqual([0, 2]);
    expect(c.startable(7)).toEqual([]);
    expect(c.finished).toBe(false);
    end(c, 0, 143, 8);
    expect(c.finished).toBe(false);
    end(c, 2, 137, 9);
    expect(c.finished).toBe(true);
    expect(c.conditions()).toEqual([
      { type: 'FailureTarget', status: 'True', reason: 'PodFailurePolicy', message, at: 6 },
      { type: 'Failed', status: 'True', reason: 'PodFailurePolicy', message, at: 9 },
    ]);
    // The FailJob pod and the SIGTERM-ed one count; the ignored SIGKILL does not.
    expect(c.status()).toMatchObject({ failed: 2, active: 0 });
    expect(c.indexState(3).status).toBe('pending');
  });

  test('the pod is named after the job, "job" by default', () => {
    const c = job({ failurePolicy: ['FailJob:NotIn:0'] });
    attempt(c, 0, 3);
    expect(c.outcome?.message).toBe(
      'Container job for pod job-0 failed with exit code 3 matching FailJob rule at index 0',
    );
  });
});

describe('backoffLimitPerIndex', () => {
  test('an index fails after backoffLimitPerIndex+1 counted failures; the job goes on', () => {
    const c = job({ completions: 3, backoffLimitPerIndex: 1 });
    expect(c.failureAnnotations(0)).toEqual({ [FAILURE_COUNT_KEY]: '0' });
    expect(attempt(c, 0, 1)).toMatchObject({ result: 'retry' });
    expect(c.failureAnnotations(0)).toEqual({ [FAILURE_COUNT_KEY]: '1' });
    expect(attempt(c, 0, 1)).toMatchObject({ result: 'failed' });
    expect(c.indexState(0)).toMatchObject({ status: 'failed', failureCount: 2, attempts: 2 });
    expect(c.outcome).toBeUndefined();
    expect(c.startable(0)).toEqual([1]);
    attempt(c, 1, 0);
    expect(c.outcome).toBeUndefined();
    attempt(c, 2, 0);
    const failedIndexes = ['FailedIndexes', 'Job has failed indexes'];
    expect(conditionsOf(c)).toEqual([
      ['FailureTarget', ...failedIndexes],
      ['Failed', ...failedIndexes],
    ]);
    expect(c.status()).toMatchObject({ completedIndexes: '1,2', failedIndexes: '0', failed: 2 });
  });

  test('no global limit unless one is given', () => {
    const c = job({ completions: 20, backoffLimitPerIndex: 0 });
    for (let index = 0; index < 19; index++) attempt(c, index, 1);
    expect(c.outcome).toBeUndefined();
    expect(c.failed.size).toBe(19);
  });

  test('with a global limit as well, either can end the job', () => {
    const c = job({ completions: 3, backoffLimitPerIndex: 5, backoffLimit: 1 });
    attempt(c, 0, 1);
    attempt(c, 1, 1);
    expect(c.outcome?.reason).toBe('BackoffLimitExceeded');
  });

  test('FailIndex fails that index only, at once', () => {
    const c = job({
      completions: 3,
      parallelism: 2,
      backoffLimitPerIndex: 3,
      failurePolicy: ['FailIndex:65'],
    });
    start(c, 0);
    start(c, 1);
    expect(end(c, 1, 65)).toMatchObject({ result: 'failed', action: 'FailIndex', counted: true });
    expect(c.indexState(1)).toMatchObject({ status: 'failed', failureCount: 1 });
    expect(c.startable(0)).toEqual([2]);
    expect(end(c, 0, 1)).toMatchObject({ result: 'retry' });
    expect(c.startable(0)).toEqual([0, 2]);
  });

  test('ignored failures are not in job-index-failure-count but in their own annotation', () => {
    const c = job({ completions: 1, backoffLimitPerIndex: 2, failurePolicy: ['Ignore:137'] });
    attempt(c, 0, 137);
    attempt(c, 0, 1);
    attempt(c, 0, 137);
    expect(c.failureAnnotations(0)).toEqual({
      [FAILURE_COUNT_KEY]: '1',
      [IGNORED_FAILURE_COUNT_KEY]: '2',
    });
  });

  test('without it, pods carry no failure counts', () => {
    const c = job();
    attempt(c, 0, 1);
    expect(c.failureAnnotations(0)).toEqual({});
    expect(c.indexState(0).failureCount).toBe(1);
  });

  test('maxFailedIndexes: one failed index too many fails the job', () => {
    const c = job({ completions: 4, parallelism: 4, backoffLimitPerIndex: 0, maxFailedIndexes: 1 });
    for (const index of [0, 1, 2, 3]) start(c, index);
    expect(end(c, 0, 1)).toMatchObject({ result: 'failed' });
    expect(c.outcome).toBeUndefined();
    expect(end(c, 1, 1)).toMatchObject({ result: 'failed' });
    expect(conditionsOf(c)).toEqual([
      [
        'FailureTarget',
        'MaxFailedIndexesExceeded',
        'Job has exceeded the specified maximal number of failed indexes',
      ],
    ]);
    expect(c.toStop()).toEqual([2, 3]);
    expect(c.status().failedIndexes).toBe('0,1');
  });

  test('failed indexes come before the success policy, as syncJob checks them', () => {
    const c = job({ completions: 2, backoffLimitPerIndex: 0, successPolicy: ['indexes=1'] });
    attempt(c, 0, 1);
    attempt(c, 1, 0);
    expect(c.outcome?.reason).toBe('FailedIndexes');
  });
});

describe('the active deadline', () => {
  test('passes at startTime + deadline, stops what runs', () => {
    const c = job({ activeDeadlineMs: 1000 });
    start(c, 0, 0);
    c.tick(999);
    expect(c.outcome).toBeUndefined();
    expect(c.nextWakeAt(999)).toBe(1000);
    c.tick(1000);
    const deadline = ['DeadlineExceeded', 'Job was active longer than specified deadline'];
    expect(c.outcome).toEqual({
      succeeded: false,
      reason: 'DeadlineExceeded',
      message: deadline[1],
      at: 1000,
    });
    expect(c.toStop()).toEqual([0]);
    end(c, 0, 143, 1500);
    expect(c.conditions()).toEqual([
      {
        type: 'FailureTarget',
        status: 'True',
        reason: deadline[0],
        message: deadline[1],
        at: 1000,
      },
      { type: 'Failed', status: 'True', reason: deadline[0], message: deadline[1], at: 1500 },
    ]);
  });

  test('an event after the deadline finds it passed first', () => {
    const c = job({ activeDeadlineMs: 1000 });
    start(c, 0, 10);
    expect(end(c, 0, 1, 2000)).toMatchObject({ result: 'dropped' });
    expect(c.outcome).toMatchObject({ reason: 'DeadlineExceeded', at: 1000 });
    expect(c.finished).toBe(true);
    expect(c.indexState(0).failureCount).toBe(0);
  });

  test('a zero deadline fails the job before anything runs', () => {
    expect(job({ activeDeadlineMs: 0 }).outcome?.reason).toBe('DeadlineExceeded');
  });

  test('a deadline already passed asks to be woken at once', () => {
    const c = job({ activeDeadlineMs: 10 });
    expect(c.nextWakeAt(50)).toBe(10);
  });
});

describe('the pod failure backoff', () => {
  const backoff = { initialMs: 10, maxMs: 40 };

  test('without per-index limits every index waits after a failure', () => {
    const c = job({ completions: 3, parallelism: 2, podFailureBackoff: backoff });
    start(c, 0, 0);
    start(c, 1, 0);
    end(c, 0, 1, 100);
    expect(c.startable(105)).toEqual([]);
    expect(c.nextWakeAt(105)).toBe(110);
    expect(c.startable(110)).toEqual([0]);
    start(c, 0, 110);
    end(c, 0, 1, 120);
    expect(c.nextWakeAt(120)).toBe(140);
    end(c, 1, 0, 121);
    // A success resets the job's count.
    expect(c.startable(121)).toEqual([0, 2]);
  });

  test('with per-index limits the index waits; its slot is not given to a higher index', () => {
    const c = job({
      completions: 3,
      parallelism: 2,
      backoffLimitPerIndex: 5,
      podFailureBackoff: backoff,
    });
    start(c, 0, 0);
    start(c, 1, 0);
    end(c, 0, 1, 100);
    expect(c.indexState(0).retryAt).toBe(110);
    expect(c.startable(105)).toEqual([]);
    expect(c.nextWakeAt(105)).toBe(110);
    end(c, 1, 0, 106);
    expect(c.startable(106)).toEqual([2]);
    expect(c.startable(110)).toEqual([0, 2]);
  });

  test('none by default: a failed index may start again at once', () => {
    const c = job();
    attempt(c, 0, 1, 100);
    expect(c.startable(100)).toEqual([0]);
    expect(c.nextWakeAt(100)).toBeUndefined();
  });
});

describe('restoring from the journal', () => {
  test('an attempt that never ended is forgotten: it runs again, uncounted', () => {
    const events: JobEvent[] = [
      { event: 'attempt-started', index: 0, at: 1 },
      { event: 'attempt-started', index: 1, at: 2 },
      { event: 'attempt-ended', index: 0, exitCode: 0, at: 3 },
    ];
    const c = replayJobEvents({ completions: 3, parallelism: 2 }, 0, events);
    expect(c.running).toBe(0);
    expect(c.indexState(1)).toMatchObject({
      status: 'pending',
      attempts: 0,
      interrupted: 1,
      failureCount: 0,
    });
    expect(c.startable(10)).toEqual([1, 2]);
    expect(c.events()).toEqual(events);
  });

  test('a job that had ended while attempts were stopping ends on restore', () => {
    const c = replayJobEvents({ completions: 2, parallelism: 2, backoffLimit: 0 }, 0, [
      { event: 'attempt-started', index: 0, at: 1 },
      { event: 'attempt-started', index: 1, at: 1 },
      { event: 'attempt-ended', index: 0, exitCode: 1, at: 2 },
    ]);
    expect(c.finished).toBe(true);
    expect(c.conditions().map(({ type, at }) => [type, at])).toEqual([
      ['FailureTarget', 2],
      ['Failed', 2],
    ]);
  });

  test('a journal that cannot have happened is a data error', () => {
    const replay = () =>
      replayJobEvents({ completions: 2, parallelism: 2 }, 0, [
        { event: 'attempt-started', index: 0, at: 1 },
        { event: 'attempt-started', index: 0, at: 2 },
      ]);
    expect(replay).toThrow(IxjobError);
    expect(replay).toThrow(
      expect.objectContaining({
        kind: 'data',
        message: 'event 2 of the journal cannot have happened: cannot start index 0: it is running',
      }),
    );
  });

  test('a bad config is a usage error before any replay', () => {
    expect(() => createJobController({ completions: 2, parallelism: 0 }, 0)).toThrow(
      expect.objectContaining({ kind: 'usage', where: '--parallelism' }),
    );
  });
});
