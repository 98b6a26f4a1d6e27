import { describe, expect, test } from 'vitest';
import type { AttemptEnd, JournalRecord } from '../../../src/run/journal/records.ts';
import { endEvent, toJobEvent } from '../../../src/run/policy/job-events.ts';

const end = (exitCode: number, reason?: string): AttemptEnd => ({
  exitCode,
  signal: null,
  durationMs: 5,
  log: 'logs/0.0.log',
  ...(reason === undefined ? {} : { reason }),
});

describe('toJobEvent: a journal record read back', () => {
  test.each<[JournalRecord, unknown]>([
    [
      { v: 1, event: 'attempt-started', index: 3, attempt: 0, at: 5 },
      { event: 'attempt-started', index: 3, attempt: 0, at: 5 },
    ],
    [
      { v: 1, event: 'attempt-ended', index: 0, attempt: 2, at: 7, end: end(143) },
      { event: 'attempt-ended', index: 0, attempt: 2, exitCode: 143, at: 7 },
    ],
    [
      { v: 1, event: 'attempt-lost', index: 1, attempt: 0, at: 9 },
      { event: 'attempt-lost', index: 1, attempt: 0, at: 9 },
    ],
    // The user's interrupt stopped it: lost, not failed, so it is not counted.
    [
      { v: 1, event: 'attempt-ended', index: 0, attempt: 1, at: 7, end: end(130, 'interrupted') },
      { event: 'attempt-lost', index: 0, attempt: 1, at: 7 },
    ],
  ])('keeps %j', (record, expected) => {
    expect(toJobEvent(record)).toEqual(expected);
  });

  test.each<[JournalRecord]>([
    [{ v: 1, event: 'job', name: 'j', completions: 2, digest: null, command: ['x'], at: 0 }],
    [{ v: 1, event: 'run', pid: 4, resume: true, at: 0 }],
    [{ v: 1, event: 'job-ended', succeeded: true, reason: 'CompletionsReached', at: 0 }],
  ])('passes over %j', (record) => {
    expect(toJobEvent(record)).toBeUndefined();
  });

  test('an interrupted attempt that had succeeded counts as a success', () => {
    expect(endEvent(0, 0, 1, end(0, 'interrupted'))).toEqual({
      event: 'attempt-ended',
      index: 0,
      attempt: 0,
      exitCode: 0,
      at: 1,
    });
  });
});
