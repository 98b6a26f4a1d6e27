import { NON_RETRIABLE_EXIT_CODES } from '../failure/exit-codes.ts';
import type { JobDefinition, PodFailurePolicyRule } from './job-definition.ts';

/**
 * ixjob's default pod failure policy, the same for `ixjob run` and `ixjob manifest`: an
 * attempt that ends with one of ixjob's non-retriable codes (bad flags, bad data, no input,
 * no index, a command that cannot run) fails its index at once, since a retry meets the same
 * error. Without per-index limits Kubernetes cannot fail one index, so it fails the job.
 */
export function defaultPodFailurePolicy(perIndex: boolean): PodFailurePolicyRule[] {
  return [
    {
      action: perIndex ? 'FailIndex' : 'FailJob',
      onExitCodes: { operator: 'In', values: [...NON_RETRIABLE_EXIT_CODES] },
    },
  ];
}

/** The rules in force: the job's own, or the default when it names none. */
export function podFailurePolicyOf(
  job: Pick<JobDefinition, 'podFailurePolicy' | 'backoffLimitPerIndex'>,
): readonly PodFailurePolicyRule[] {
  return job.podFailurePolicy ?? defaultPodFailurePolicy(job.backoffLimitPerIndex !== undefined);
}
