import type { AttemptEnd, JournalRecord } from '../journal/records.ts';

/**
 * What the Job controller is told: an attempt started, ended, or was lost. Times are
 * milliseconds since the epoch; `attempt` is the journal's number, when known.
 */

export interface AttemptStarted {
  readonly event: 'attempt-started';
  readonly index: number;
  readonly attempt?: number;
  readonly at: number;
}

export interface AttemptEnded {
  readonly event: 'attempt-ended';
  readonly index: number;
  readonly attempt?: number;
  /** The process's exit status; 128+n when signal n killed it. */
  readonly exitCode: number;
  readonly at: number;
}

/** Started, never ended on its own: the runner died or was interrupted. Not counted; the index runs again. */
export interface AttemptLost {
  readonly event: 'attempt-lost';
  readonly index: number;
  readonly attempt?: number;
  readonly at: number;
}

export type JobEvent = AttemptStarted | AttemptEnded | AttemptLost;

/** Why the runner stops attempts when the user asked it to stop. */
export const INTERRUPTED = 'interrupted';

/**
 * The controller's event for an attempt's end: an attempt the user's interrupt stopped is
 * lost, not failed, so a resume runs it again without counting it against the index.
 */
export function endEvent(index: number, attempt: number, at: number, end: AttemptEnd): JobEvent {
  if (end.reason === INTERRUPTED && end.exitCode !== 0)
    return { event: 'attempt-lost', index, attempt, at };
  return { event: 'attempt-ended', index, attempt, exitCode: end.exitCode, at };
}

/** The event a journal record holds, or `undefined` for the records about the job and its runs. */
export function toJobEvent(record: JournalRecord): JobEvent | undefined {
  switch (record.event) {
    case 'attempt-started':
    case 'attempt-lost':
      return { event: record.event, index: record.index, attempt: record.attempt, at: record.at };
    case 'attempt-ended':
      return endEvent(record.index, record.attempt, record.at, record.end);
    default:
      return undefined;
  }
}
