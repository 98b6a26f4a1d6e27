import { type AttemptNumbers, attemptNumbers } from './attempt-numbers.ts';
import { type Journal, openJournal } from './open-journal.ts';
import type { JobRecord } from './records.ts';
import { lostRecords, type ResumePoint } from './resume-point.ts';

export interface StartJournalOptions {
  journalPath: string;
  /** From `openRunState`: what the journal held. */
  point: ResumePoint;
  /** The job's record, written when the journal has none yet. */
  job: Pick<JobRecord, 'name' | 'completions' | 'digest' | 'command'>;
  now: number;
  pid: number;
}

export interface StartedJournal {
  journal: Journal;
  /** Hand `numbers.take` to the runner as `nextAttempt`; `numbers.peek` to the log opener. */
  numbers: AttemptNumbers;
  /** When the job began (its first run), and when this run did: each reports its own duration. */
  jobStartedAt: number;
  runStartedAt: number;
}

/**
 * Opens the journal for this run (cutting off a torn last line) and writes, before anything
 * runs: the job's record on a first run, this run's record, and each attempt the last runner
 * died with, as lost. Attempt numbers then go on from where the journal left them.
 */
export function startJournal(options: StartJournalOptions): StartedJournal {
  const { point, now } = options;
  const journal = openJournal(options.journalPath);
  try {
    if (point.job === undefined) journal.append({ event: 'job', ...options.job, at: now });
    journal.append({ event: 'run', pid: options.pid, resume: point.job !== undefined, at: now });
    for (const record of lostRecords(point, now)) journal.append(record);
  } catch (error) {
    journal.close();
    throw error;
  }
  return {
    journal,
    numbers: attemptNumbers(point.nextAttempts),
    jobStartedAt: point.job?.at ?? now,
    runStartedAt: now,
  };
}
