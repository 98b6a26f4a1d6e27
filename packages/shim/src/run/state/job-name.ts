import { IxjobError, quoteInput } from '@ixjob/sdk/internal';

/**
 * A job name becomes one folder under `.ixjob/` (and, in a cluster, part of every pod's
 * name): a single path segment, so `--name ../..` cannot reach outside it.
 */
export function checkJobName(name: string, where: string): void {
  if (name === '' || name === '.' || name === '..' || /[/\0]/.test(name)) {
    throw new IxjobError(
      'usage',
      `the job name ${quoteInput(name)} must be one path segment: no '/', not '.' or '..'`,
      where,
    );
  }
}
