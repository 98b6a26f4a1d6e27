import type { AttemptEnd, JournalRecord, NewRecord } from '../../../src/run/journal/records.ts';

/** Records for tests, as the journal writes them (`v` included). */
export const end = (exitCode: number, reason?: string): AttemptEnd => ({
  exitCode,
  signal: null,
  durationMs: 1,
  log: 'logs/x.log',
  ...(reason === undefined ? {} : { reason }),
});
export const job: JournalRecord = {
  v: 1,
  event: 'job',
  name: 'j',
  completions: 3,
  digest: null,
  command: ['true'],
  at: 100,
};
export const run = (at: number, resume = at > 100): JournalRecord => ({
  v: 1,
  event: 'run',
  pid: 7,
  resume,
  at,
});
export const started = (index: number, attempt: number, at = 101): JournalRecord => ({
  v: 1,
  event: 'attempt-started',
  index,
  attempt,
  at,
});
export const ended = (index: number, attempt: number, exitCode = 0, at = 102): JournalRecord => ({
  v: 1,
  event: 'attempt-ended',
  index,
  attempt,
  at,
  end: end(exitCode),
});
export const lost = (index: number, attempt: number, at = 103): JournalRecord => ({
  v: 1,
  event: 'attempt-lost',
  index,
  attempt,
  at,
});

/** The journal's text for `records`, one line each. */
export const lines = (...records: (JournalRecord | NewRecord)[]): string =>
  records.map((record) => `${JSON.stringify(record)}\n`).join('');
