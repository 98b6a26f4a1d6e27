import type { JobEndedRecord, JobRecord, JournalRecord, NewRecord, RunRecord } from './records.ts';

/** One attempt of one index. */
export interface AttemptId {
  readonly index: number;
  readonly attempt: number;
}

/** Where a resume picks up, from the journal's records. */
export interface ResumePoint {
  /** The job's record (the first one), absent in an empty journal. */
  job: JobRecord | undefined;
  /** Every runner that began on this journal, oldest first: each reports its own duration. */
  runs: RunRecord[];
  /** How the job ended, when a runner saw it end. */
  jobEnded: JobEndedRecord | undefined;
  /** Started and neither ended nor lost: the runner died with them. Lowest index, then attempt, first. */
  unfinished: AttemptId[];
  /** Per index, the number its next attempt takes: one past every number it was started, ended or lost with. */
  nextAttempts: Map<number, number>;
  /** Whether the journal says this attempt started (its log may then hold its output). */
  started(index: number, attempt: number): boolean;
}

const key = (index: number, attempt: number) => `${index}.${attempt}`;

/**
 * Reads where a job stands from its records, whatever sequence of crashes wrote them: the
 * attempts that never ended (journaled as `attempt-lost` when a resume starts, run again and
 * not counted), and the next attempt number of each index, never reusing one.
 */
export function resumePoint(records: readonly JournalRecord[]): ResumePoint {
  let job: JobRecord | undefined;
  let jobEnded: JobEndedRecord | undefined;
  const runs: RunRecord[] = [];
  const open = new Map<string, AttemptId>();
  const started = new Set<string>();
  const nextAttempts = new Map<number, number>();
  const seen = (index: number, attempt: number) =>
    nextAttempts.set(index, Math.max(nextAttempts.get(index) ?? 0, attempt + 1));
  for (const record of records) {
    switch (record.event) {
      case 'job':
        job ??= record;
        break;
      case 'run':
        runs.push(record);
        break;
      case 'job-ended':
        jobEnded = record;
        break;
      case 'attempt-started':
        open.set(key(record.index, record.attempt), record);
        started.add(key(record.index, record.attempt));
        seen(record.index, record.attempt);
        break;
      case 'attempt-ended':
      case 'attempt-lost':
        open.delete(key(record.index, record.attempt));
        seen(record.index, record.attempt);
        break;
    }
  }
  const unfinished = [...open.values()]
    .map(({ index, attempt }) => ({ index, attempt }))
    .sort((a, b) => a.index - b.index || a.attempt - b.attempt);
  return {
    job,
    runs,
    jobEnded,
    unfinished,
    nextAttempts,
    started: (index, attempt) => started.has(key(index, attempt)),
  };
}

/** The records a resume journals first, at `at`: each unfinished attempt, lost. */
export function lostRecords(point: ResumePoint, at: number): NewRecord[] {
  return point.unfinished.map(({ index, attempt }) => ({
    event: 'attempt-lost',
    index,
    attempt,
    at,
  }));
}
