import { type JobDefinition, podFailurePolicyOf } from '@ixjob/sdk/internal';

/** A disruption (eviction, preemption, node drain) is not the command's failure. */
const IGNORE_DISRUPTIONS = {
  action: 'Ignore',
  onPodConditions: [{ type: 'DisruptionTarget', status: 'True' }],
} as const;

/**
 * The Job's `podFailurePolicy`: the rules `ixjob run` applies (ixjob's default, or the
 * user's), plus, for the default, ignoring disruptions, which only a cluster has. Undefined
 * with no rules (`--pod-failure-policy none`).
 */
export function jobPodFailurePolicy(
  job: Pick<JobDefinition, 'podFailurePolicy' | 'backoffLimitPerIndex'>,
): { rules: object[] } | undefined {
  const rules: object[] = podFailurePolicyOf(job).map((rule) => ({
    action: rule.action,
    onExitCodes: { operator: rule.onExitCodes.operator, values: [...rule.onExitCodes.values] },
  }));
  if (job.podFailurePolicy === undefined) rules.push(IGNORE_DISRUPTIONS);
  return rules.length === 0 ? undefined : { rules };
}
