import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { IxjobError, quoteInput } from '@ixjob/sdk/internal';
import { readJournal } from '../journal/read-journal.ts';
import type { JournalRecord } from '../journal/records.ts';
import { type ResumePoint, resumePoint } from '../journal/resume-point.ts';
import { removeUnstartedLogs } from '../log-files.ts';
import { clearState } from './clear-state.ts';
import { inspectState } from './inspect-state.ts';
import { JOURNAL_FILE, LOGS_DIR } from './state-entries.ts';
import { type LockIo, lockState, type StateLock } from './state-lock.ts';
import { cannotWrite } from './write-failure.ts';

export interface OpenStateOptions {
  /** The state directory, absolute. */
  dir: string;
  resume: boolean;
  force: boolean;
  /** Where the directory was named, for messages: `--state`. */
  where: string;
  /** The lock's collaborators, for tests. */
  lockIo?: LockIo;
}

/** A state directory this runner holds: its journal as read, and where things go. */
export interface RunState {
  dir: string;
  journalPath: string;
  logsDir: string;
  /** The journal's records (none after `--force` without `--resume`), each validated. */
  records: JournalRecord[];
  /** Where a resume picks up: the job record, unfinished attempts, next attempt numbers. */
  point: ResumePoint;
  lock: StateLock;
  /** Releases the lock; call it however the run ends. */
  release(): void;
}

/**
 * Opens a run's state directory: made if missing; used if empty or an ixjob state; refused
 * (64) if it holds anything else; locked against a second runner; cleared of ixjob's files
 * only with `--force`; its journal read and validated; empty logs of attempts that never
 * started removed. On any failure the lock is released again.
 */
export function openRunState(options: OpenStateOptions): RunState {
  const { dir, resume, force, where } = options;
  const kind = inspectState(dir);
  if (kind.kind === 'foreign') {
    throw new IxjobError(
      'usage',
      `${dir} is neither empty nor an ixjob state (it holds ${quoteInput(kind.entry)}): name a new or empty directory`,
      where,
    );
  }
  if (kind.kind === 'missing') {
    try {
      mkdirSync(dir, { recursive: true });
    } catch (error) {
      throw cannotWrite('the state', dir, error);
    }
  }
  const lock = lockState(dir, options.lockIo);
  try {
    const journalPath = join(dir, JOURNAL_FILE);
    const logsDir = join(dir, LOGS_DIR);
    const startOver = force && !resume && kind.kind === 'state' && kind.journal;
    if (startOver) clearState(dir);
    const { records } = startOver ? { records: [] } : readJournal(journalPath);
    if (records.length > 0 && !resume) {
      throw new IxjobError(
        'usage',
        `${journalPath} holds an earlier run: --resume to carry on with it, --force to start over`,
        where,
      );
    }
    const point = resumePoint(records);
    try {
      mkdirSync(logsDir, { recursive: true });
    } catch (error) {
      throw cannotWrite('the logs', logsDir, error);
    }
    removeUnstartedLogs(logsDir, point.started);
    return { dir, journalPath, logsDir, records, point, lock, release: () => lock.release() };
  } catch (error) {
    lock.release();
    throw error;
  }
}
