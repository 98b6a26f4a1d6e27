/**
 * What happened to a local Indexed Job, as the journal keeps it: enough to rebuild the
 * controller after the runner was killed. Times are milliseconds since the epoch.
 */

export interface AttemptStarted {
  readonly event: 'attempt-started';
  readonly index: number;
  readonly at: number;
}

export interface AttemptEnded {
  readonly event: 'attempt-ended';
  readonly index: number;
  /** The process's exit status; 128+n when signal n killed it. */
  readonly exitCode: number;
  readonly at: number;
}

export type JobEvent = AttemptStarted | AttemptEnded;

/** The event a journal entry holds, or `undefined` when it holds something else or is malformed. */
export function toJobEvent(entry: unknown): JobEvent | undefined {
  if (typeof entry !== 'object' || entry === null) return undefined;
  const { event, index, at, exitCode } = entry as Record<string, unknown>;
  if (!isCount(index) || typeof at !== 'number' || !Number.isFinite(at)) return undefined;
  if (event === 'attempt-started') return { event, index, at };
  if (event === 'attempt-ended' && isCount(exitCode)) return { event, index, exitCode, at };
  return undefined;
}

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}
