/**
 * The Job conditions the controller sets, with Kubernetes' reasons and messages (1.33: the
 * interim `SuccessCriteriaMet` / `FailureTarget` when the outcome is known, then `Complete` /
 * `Failed` with the same reason once no pod is left running).
 */

export type JobConditionType = 'SuccessCriteriaMet' | 'Complete' | 'FailureTarget' | 'Failed';

export type SuccessReason = 'CompletionsReached' | 'SuccessPolicy';
export type FailureReason =
  | 'PodFailurePolicy'
  | 'BackoffLimitExceeded'
  | 'DeadlineExceeded'
  | 'MaxFailedIndexesExceeded'
  | 'FailedIndexes';
export type JobConditionReason = SuccessReason | FailureReason;

export interface JobCondition {
  readonly type: JobConditionType;
  readonly status: 'True';
  readonly reason: JobConditionReason;
  readonly message: string;
  /** `lastTransitionTime`, in milliseconds since the epoch. */
  readonly at: number;
}

/** The job controller's fixed messages, word for word. */
export const CONDITION_MESSAGES = {
  CompletionsReached: 'Reached expected number of succeeded pods',
  BackoffLimitExceeded: 'Job has reached the specified backoff limit',
  DeadlineExceeded: 'Job was active longer than specified deadline',
  MaxFailedIndexesExceeded: 'Job has exceeded the specified maximal number of failed indexes',
  FailedIndexes: 'Job has failed indexes',
} as const satisfies Partial<Record<JobConditionReason, string>>;

/** `matchSuccessPolicy`'s message: the position of the first rule met. */
export function successPolicyMessage(rule: number): string {
  return `Matched rules at index ${rule}`;
}

/** `matchPodFailurePolicy`'s message for a FailJob rule, less the namespace a local pod lacks. */
export function failJobMessage(
  container: string,
  pod: string,
  exitCode: number,
  rule: number,
): string {
  return `Container ${container} for pod ${pod} failed with exit code ${exitCode} matching FailJob rule at index ${rule}`;
}
