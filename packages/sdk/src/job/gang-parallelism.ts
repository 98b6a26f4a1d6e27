import { rendezvousFramework } from '../env/framework-variables.ts';
import { IxjobError } from '../failure/ixjob-error.ts';
import type { JobDefinition } from './job-definition.ts';

/**
 * The job's parallelism, or `undefined` for the runner's own default. With `--torch`, `--jax`
 * or `--tf` every index must run at once: the default is the count, and less is refused (64),
 * since the ones started would wait for the rest until a timeout.
 */
export function gangParallelism(job: JobDefinition, completions: number): number | undefined {
  const gang = rendezvousFramework(job.frameworks);
  if (gang === undefined) return job.parallelism;
  if (job.parallelism !== undefined && job.parallelism < completions) {
    throw new IxjobError(
      'usage',
      `--${gang} needs all ${completions} indexes running at once, to meet; --parallelism ${job.parallelism} starts fewer`,
      '--parallelism',
    );
  }
  return job.parallelism ?? completions;
}
