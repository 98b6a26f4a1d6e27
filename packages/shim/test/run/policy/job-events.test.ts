import { describe, expect, test } from 'vitest';
import { toJobEvent } from '../../../src/run/policy/job-events.ts';

describe('toJobEvent: a journal entry read back', () => {
  test.each([
    [
      { event: 'attempt-started', index: 3, at: 5 },
      { event: 'attempt-started', index: 3, at: 5 },
    ],
    [
      { event: 'attempt-ended', index: 0, exitCode: 143, at: 7, extra: true },
      { event: 'attempt-ended', index: 0, exitCode: 143, at: 7 },
    ],
  ])('keeps %j', (entry, expected) => {
    expect(toJobEvent(entry)).toEqual(expected);
  });

  test.each([
    [null],
    ['attempt-started'],
    [{ event: 'spec', index: 0, at: 0 }],
    [{ event: 'attempt-started', index: -1, at: 0 }],
    [{ event: 'attempt-started', index: 1.5, at: 0 }],
    [{ event: 'attempt-started', index: 0 }],
    [{ event: 'attempt-started', index: 0, at: Number.NaN }],
    [{ event: 'attempt-ended', index: 0, at: 0 }],
    [{ event: 'attempt-ended', index: 0, exitCode: '1', at: 0 }],
  ])('passes over %j', (entry) => {
    expect(toJobEvent(entry)).toBeUndefined();
  });
});
