import {
  CONDITION_MESSAGES,
  type FailureReason,
  type SuccessReason,
  successPolicyMessage,
} from './job-conditions.ts';

/** What `syncJob`'s checks look at, at one moment. */
export interface JobFacts {
  readonly at: number;
  /** The message of a `FailJob` rule the last failure matched. */
  readonly failJob: string | undefined;
  readonly failedPods: number;
  readonly backoffLimit: number;
  readonly deadlineAt: number | undefined;
  readonly perIndex: number | undefined;
  readonly maxFailedIndexes: number | undefined;
  readonly failedIndexes: number;
  readonly succeededIndexes: number;
  readonly completions: number;
  readonly running: number;
  /** The position of the first success policy rule that holds, or -1. */
  readonly successRule: number;
}

export interface Decision {
  readonly succeeded: boolean;
  readonly reason: SuccessReason | FailureReason;
  readonly message: string;
  readonly at: number;
}

/** `syncJob`'s checks, in its order: the first that holds decides how the job ends. */
export function decideOutcome(facts: JobFacts): Decision | undefined {
  const { at, perIndex, deadlineAt } = facts;
  const fail = (reason: FailureReason, message: string, when = at): Decision => ({
    succeeded: false,
    reason,
    message,
    at: when,
  });
  if (facts.failJob !== undefined) return fail('PodFailurePolicy', facts.failJob);
  if (facts.failedPods > facts.backoffLimit)
    return fail('BackoffLimitExceeded', CONDITION_MESSAGES.BackoffLimitExceeded);
  // Stamped at the deadline itself, whenever it was noticed: a replay then agrees.
  if (deadlineAt !== undefined && at >= deadlineAt)
    return fail('DeadlineExceeded', CONDITION_MESSAGES.DeadlineExceeded, deadlineAt);
  if (
    perIndex !== undefined &&
    facts.maxFailedIndexes !== undefined &&
    facts.failedIndexes > facts.maxFailedIndexes
  )
    return fail('MaxFailedIndexesExceeded', CONDITION_MESSAGES.MaxFailedIndexesExceeded);
  if (
    perIndex !== undefined &&
    facts.failedIndexes > 0 &&
    facts.failedIndexes + facts.succeededIndexes >= facts.completions
  )
    return fail('FailedIndexes', CONDITION_MESSAGES.FailedIndexes);
  if (facts.successRule >= 0)
    return {
      succeeded: true,
      reason: 'SuccessPolicy',
      message: successPolicyMessage(facts.successRule),
      at,
    };
  if (facts.succeededIndexes >= facts.completions && facts.running === 0)
    return {
      succeeded: true,
      reason: 'CompletionsReached',
      message: CONDITION_MESSAGES.CompletionsReached,
      at,
    };
  return undefined;
}
