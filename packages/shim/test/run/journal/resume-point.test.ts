import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { attemptNumbers } from '../../../src/run/journal/attempt-numbers.ts';
import type { JobRecord, JournalRecord } from '../../../src/run/journal/records.ts';
import { lostRecords, resumePoint } from '../../../src/run/journal/resume-point.ts';
import { replayJournal } from '../../../src/run/policy/journal-replay.ts';
import { ended, job, lost, run, started } from './records.fixtures.ts';

describe('resumePoint: where a job stands after any crash', () => {
  test.each<[string, JournalRecord[], [number, number][], [number, number][]]>([
    ['an empty journal', [], [], []],
    ['a job that never started an attempt', [job, run(100)], [], []],
    ['ended attempts are finished', [job, started(0, 0), ended(0, 0)], [], [[0, 1]]],
    [
      'kill -9 with two running: both unfinished',
      [job, started(0, 0), started(1, 0), started(2, 0), ended(1, 0)],
      [
        [0, 0],
        [2, 0],
      ],
      [
        [0, 1],
        [1, 1],
        [2, 1],
      ],
    ],
    [
      'lost attempts are finished, and their numbers are not reused',
      [job, started(0, 0), run(200), lost(0, 0)],
      [],
      [[0, 1]],
    ],
    [
      'a second kill -9 during the resume: only the resumed attempt is unfinished',
      [job, started(0, 0), started(0, 1), run(200), lost(0, 0), started(0, 2)],
      [
        [0, 1],
        [0, 2],
      ],
      [[0, 3]],
    ],
    [
      'retries after failures number on',
      [job, started(0, 0), ended(0, 0, 1), started(0, 1), ended(0, 1, 1), started(0, 2)],
      [[0, 2]],
      [[0, 3]],
    ],
    [
      'a loss journaled for an attempt that did end changes nothing',
      [job, started(1, 4), ended(1, 4), lost(1, 4)],
      [],
      [[1, 5]],
    ],
  ])('%s', (_name, records, unfinished, next) => {
    const point = resumePoint(records);
    expect(point.unfinished.map((a) => [a.index, a.attempt])).toEqual(unfinished);
    expect([...point.nextAttempts].sort((a, b) => a[0] - b[0])).toEqual(next);
  });

  test('the job, its runs and its end are kept for the summary', () => {
    const jobEnded: JournalRecord = {
      v: 1,
      event: 'job-ended',
      succeeded: true,
      reason: 'Completed',
      at: 9,
    };
    const point = resumePoint([job, run(100), started(0, 0), run(200), jobEnded]);
    expect(point.job).toEqual(job);
    expect(point.runs).toEqual([run(100), run(200)]);
    expect(point.jobEnded).toEqual(jobEnded);
    expect(point.started(0, 0)).toBe(true);
    expect(point.started(0, 1)).toBe(false);
  });

  test('lostRecords: one attempt-lost per unfinished attempt, at the resume', () => {
    const point = resumePoint([job, started(2, 0), started(0, 3)]);
    expect(lostRecords(point, 50)).toEqual([
      { event: 'attempt-lost', index: 0, attempt: 3, at: 50 },
      { event: 'attempt-lost', index: 2, attempt: 0, at: 50 },
    ]);
  });
});

describe('attemptNumbers', () => {
  test('from where the journal left them, one more each time, per index', () => {
    const numbers = attemptNumbers(new Map([[3, 2]]));
    expect([numbers.peek(3), numbers.take(3), numbers.take(3), numbers.peek(3)]).toEqual([
      2, 2, 3, 4,
    ]);
    expect([numbers.peek(0), numbers.take(0), numbers.take(1)]).toEqual([0, 0, 0]);
  });
});

/** A small PRNG, so a failing schedule is replayed from its seed. */
function random(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 2 ** 32;
  };
}

/**
 * A runner as the journal sees it: on start, journals the run and the lost attempts; then
 * starts the lowest pending indexes up to `parallelism`, ends running ones in any order (a
 * success or a failure), and is killed after `steps` records (`Infinity`: never).
 */
function runUntilKilled(
  journal: JournalRecord[],
  completions: number,
  parallelism: number,
  steps: number,
  next: () => number,
): void {
  let written = 0;
  const append = (record: JournalRecord) => {
    if (written++ >= steps) throw new Error('killed');
    journal.push(record);
  };
  try {
    if (journal.length === 0) append({ ...(job as JobRecord), completions });
    const point = resumePoint(journal);
    append(run(200 + journal.length, point.runs.length > 0));
    for (const record of lostRecords(point, 300)) append({ v: 1, ...record } as JournalRecord);
    const numbers = attemptNumbers(point.nextAttempts);
    const succeeded = new Set(
      journal.flatMap((r) =>
        r.event === 'attempt-ended' && r.end.exitCode === 0 ? [r.index] : [],
      ),
    );
    const running = new Map<number, number>();
    for (;;) {
      for (let index = 0; index < completions && running.size < parallelism; index++) {
        if (succeeded.has(index) || running.has(index)) continue;
        const attempt = numbers.take(index);
        append(started(index, attempt));
        running.set(index, attempt);
      }
      if (running.size === 0) return;
      const indexes = [...running.keys()];
      const index = indexes[Math.floor(next() * indexes.length)] as number;
      const exitCode = next() < 0.3 ? 1 : 0;
      append(ended(index, running.get(index) as number, exitCode));
      running.delete(index);
      if (exitCode === 0) succeeded.add(index);
    }
  } catch (error) {
    if ((error as Error).message !== 'killed') throw error;
  }
}

describe('after any sequence of kill -9, resuming completes the job', () => {
  test('attempt numbers are unique, every started attempt ends or is lost, no success runs again, and the controller replays every journal', () => {
    fc.assert(
      fc.property(
        fc.integer(),
        fc.integer({ min: 1, max: 8 }),
        fc.integer({ min: 1, max: 4 }),
        fc.array(fc.integer({ min: 0, max: 30 }), { maxLength: 5 }),
        (seed, completions, parallelism, kills) => {
          const next = random(seed);
          const journal: JournalRecord[] = [];
          const config = { completions, parallelism, backoffLimitPerIndex: 1000 };
          for (const steps of kills) {
            runUntilKilled(journal, completions, parallelism, steps, next);
            expect(() => replayJournal(config, journal)).not.toThrow();
          }
          runUntilKilled(journal, completions, parallelism, Number.POSITIVE_INFINITY, next);
          const ids = journal.flatMap((r) =>
            r.event === 'attempt-started' ? [`${r.index}.${r.attempt}`] : [],
          );
          expect(new Set(ids).size).toBe(ids.length);
          expect(resumePoint(journal).unfinished).toEqual([]);
          const successes = journal.flatMap((r) =>
            r.event === 'attempt-ended' && r.end.exitCode === 0 ? [r.index] : [],
          );
          expect(successes.sort((a, b) => a - b)).toEqual([...Array(completions).keys()]);
          const controller = replayJournal(config, journal);
          expect(controller.succeeded.size).toBe(completions);
        },
      ),
      { numRuns: 300 },
    );
  });
});
