import { IxjobError, quoteInput } from '@ixjob/sdk/internal';
import type { JobRecord } from './records.ts';

type JobIdentity = Pick<JobRecord, 'completions' | 'digest' | 'command'>;

const describeWork = (job: JobIdentity) => `${job.digest ?? 'no spec'}, ${job.completions} indexes`;

const describeCommand = (job: JobIdentity) => job.command.map(quoteInput).join(' ');

/**
 * Refuses (78) to resume a journal with a job that is not the one it recorded: another work
 * spec, count or command would mix two jobs' attempts under one set of indexes. `--force`
 * resumes anyway.
 */
export function checkSameJob(
  recorded: JobIdentity | undefined,
  now: JobIdentity,
  journalPath: string,
  force: boolean,
): void {
  if (recorded === undefined || force) return;
  if (recorded.digest !== now.digest || recorded.completions !== now.completions) {
    throw new IxjobError(
      'config',
      `the work spec changed since ${journalPath} was written (${describeWork(recorded)}; now ${describeWork(now)}): --force to resume anyway`,
      '--resume',
    );
  }
  const same =
    recorded.command.length === now.command.length &&
    recorded.command.every((word, i) => word === now.command[i]);
  if (!same) {
    throw new IxjobError(
      'config',
      `the command changed since ${journalPath} was written (${describeCommand(recorded)}; now ${describeCommand(now)}): --force to resume anyway`,
      '--resume',
    );
  }
}
