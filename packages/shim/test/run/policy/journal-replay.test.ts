import { describe, expect, test } from 'vitest';
import type { AttemptEnd, JournalRecord } from '../../../src/run/journal/records.ts';
import { jobStartedAt, replayJournal } from '../../../src/run/policy/journal-replay.ts';

const end = (exitCode: number, reason?: string): AttemptEnd => ({
  exitCode,
  signal: null,
  durationMs: 1,
  log: 'logs/x.log',
  ...(reason === undefined ? {} : { reason }),
});
const job: JournalRecord = {
  v: 1,
  event: 'job',
  name: 'j',
  completions: 2,
  digest: null,
  command: ['true'],
  at: 100,
};
const run = (at: number): JournalRecord => ({ v: 1, event: 'run', pid: 1, resume: at > 100, at });
const started = (index: number, attempt: number, at: number): JournalRecord => ({
  v: 1,
  event: 'attempt-started',
  index,
  attempt,
  at,
});
const ended = (index: number, attempt: number, at: number, e: AttemptEnd): JournalRecord => ({
  v: 1,
  event: 'attempt-ended',
  index,
  attempt,
  at,
  end: e,
});
const lost = (index: number, attempt: number, at: number): JournalRecord => ({
  v: 1,
  event: 'attempt-lost',
  index,
  attempt,
  at,
});
const config = { completions: 2, parallelism: 2, backoffLimitPerIndex: 1 };

describe('replayJournal: a controller from the journal', () => {
  test.each<[string, JournalRecord[], { succeeded: number[]; failures: number[]; lost: number[] }]>(
    [
      [
        'one kill -9: the lost attempt runs again, uncounted',
        [job, run(100), started(0, 0, 101), started(1, 0, 101), ended(1, 0, 102, end(0))],
        { succeeded: [1], failures: [0, 0], lost: [1, 0] },
      ],
      [
        'two kill -9: start (lost), start, end',
        [
          job,
          run(100),
          started(0, 0, 101),
          run(200),
          lost(0, 0, 200),
          started(0, 1, 201),
          ended(0, 1, 202, end(0)),
        ],
        { succeeded: [0], failures: [0, 0], lost: [1, 0] },
      ],
      [
        'a lost attempt with no record of its loss: a later number says it',
        [job, started(0, 0, 101), started(0, 1, 201), ended(0, 1, 202, end(3))],
        { succeeded: [], failures: [1, 0], lost: [1, 0] },
      ],
      [
        'a second crash while the resumed attempt ran, before its loss was journaled',
        [job, started(0, 0, 101), lost(0, 0, 200), started(0, 1, 201), run(300)],
        { succeeded: [], failures: [0, 0], lost: [2, 0] },
      ],
      [
        'a late loss of an attempt that no longer runs changes nothing',
        [job, started(0, 0, 101), started(0, 1, 102), lost(0, 0, 103), ended(0, 1, 104, end(0))],
        { succeeded: [0], failures: [0, 0], lost: [1, 0] },
      ],
      [
        'an attempt stopped by Ctrl-C is lost, not failed',
        [job, started(0, 0, 101), ended(0, 0, 102, end(130, 'interrupted'))],
        { succeeded: [], failures: [0, 0], lost: [1, 0] },
      ],
      [
        'a job and its runs are passed over',
        [job, run(100), { v: 1, event: 'job-ended', succeeded: false, reason: 'x', at: 1 }],
        { succeeded: [], failures: [0, 0], lost: [0, 0] },
      ],
    ],
  )('%s', (_name, records, expected) => {
    const c = replayJournal(config, records);
    expect(c.startedAt).toBe(100);
    expect(c.running).toBe(0);
    expect([...c.succeeded]).toEqual(expected.succeeded);
    expect([0, 1].map((i) => c.indexState(i).failureCount)).toEqual(expected.failures);
    expect([0, 1].map((i) => c.indexState(i).interrupted)).toEqual(expected.lost);
  });

  test('a journal that cannot have happened names the line', () => {
    const replay = () =>
      replayJournal(config, [job, run(100), started(0, 0, 101), ended(0, 1, 102, end(0))]);
    expect(replay).toThrow(
      expect.objectContaining({
        kind: 'data',
        message:
          'event 4 of the journal cannot have happened: attempt 1 of index 0 ended, but attempt 0 is running',
      }),
    );
  });

  test('the job starts at its first record, or at the fallback', () => {
    expect(jobStartedAt([job], 5)).toBe(100);
    expect(jobStartedAt([], 5)).toBe(5);
  });
});
