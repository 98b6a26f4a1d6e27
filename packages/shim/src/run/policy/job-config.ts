import { IxjobError } from '@ixjob/sdk/internal';
import { checkPodFailurePolicySize, type PodFailurePolicyRule } from './failure-policy.ts';
import { MAX_COMPLETIONS } from './intervals.ts';
import type { PodFailureBackoff } from './pod-failure-backoff.ts';
import {
  checkSuccessPolicySize,
  compileSuccessRule,
  type SuccessPolicyRule,
} from './success-policy.ts';

/** The parts of a batch/v1 Indexed Job spec the local controller obeys. */
export interface JobConfig {
  /** The job's name: the container and the pod (`NAME-INDEX`) in messages [default: `job`]. */
  readonly name?: string;
  readonly completions: number;
  readonly parallelism: number;
  /** Counted failures the whole job tolerates [default: 6; unlimited with `backoffLimitPerIndex`]. */
  readonly backoffLimit?: number;
  readonly backoffLimitPerIndex?: number;
  readonly maxFailedIndexes?: number;
  readonly podFailurePolicy?: readonly PodFailurePolicyRule[];
  readonly successPolicy?: readonly SuccessPolicyRule[];
  /** `activeDeadlineSeconds`, in milliseconds. */
  readonly activeDeadlineMs?: number;
  /** The wait before a failed index runs again [default: none, retry at once]. */
  readonly podFailureBackoff?: PodFailureBackoff;
}

/** `spec.backoffLimit` when the user leaves it out and sets no `backoffLimitPerIndex`. */
export const DEFAULT_BACKOFF_LIMIT = 6;

/** Kubernetes' bounds for Indexed Jobs. */
export const MAX_INDEXED_PARALLELISM = 100_000;
export const MAX_FAILED_INDEXES = 100_000;
const COMPLETIONS_SOFT_LIMIT = 100_000;
const LIMIT_FOR_HIGH_COMPLETIONS = 10_000;

/** The backoff limit in force: defaulted as the API server defaults it (MaxInt32 with per-index limits). */
export function effectiveBackoffLimit(config: JobConfig): number {
  if (config.backoffLimit !== undefined) return config.backoffLimit;
  return config.backoffLimitPerIndex === undefined ? DEFAULT_BACKOFF_LIMIT : Infinity;
}

/**
 * Checks the spec as the API server validates a Job, naming the `ixjob run` flag at fault;
 * throws `IxjobError('usage', …, flag)`.
 */
export function validateJobConfig(config: JobConfig): void {
  const { completions, parallelism, backoffLimitPerIndex, maxFailedIndexes } = config;
  wholeNumber(completions, '--completions', 0, MAX_COMPLETIONS);
  // Kubernetes accepts 0, a job that never starts; locally that would wait forever.
  wholeNumber(parallelism, '--parallelism', 1, MAX_INDEXED_PARALLELISM);
  if (config.backoffLimit !== undefined) {
    wholeNumber(config.backoffLimit, '--backoff-limit', 0, MAX_COMPLETIONS);
  }
  if (backoffLimitPerIndex !== undefined) {
    wholeNumber(backoffLimitPerIndex, '--backoff-limit-per-index', 0, MAX_COMPLETIONS);
  }
  if (maxFailedIndexes !== undefined) {
    if (backoffLimitPerIndex === undefined) {
      throw new IxjobError(
        'usage',
        'a maximum of failed indexes needs --backoff-limit-per-index',
        '--max-failed-indexes',
      );
    }
    wholeNumber(maxFailedIndexes, '--max-failed-indexes', 0, MAX_FAILED_INDEXES);
    if (maxFailedIndexes > completions) {
      throw new IxjobError(
        'usage',
        `${maxFailedIndexes} failed indexes is more than the ${completions} completions`,
        '--max-failed-indexes',
      );
    }
  }
  if (backoffLimitPerIndex !== undefined && completions > COMPLETIONS_SOFT_LIMIT) {
    checkHighCompletions(config);
  }
  if (config.activeDeadlineMs !== undefined) {
    const deadline = config.activeDeadlineMs;
    if (!Number.isFinite(deadline) || deadline < 0) {
      throw new IxjobError(
        'usage',
        `the active deadline must be a duration of at least 0, not ${deadline}`,
        '--active-deadline',
      );
    }
  }
  const failureRules = config.podFailurePolicy ?? [];
  checkPodFailurePolicySize(failureRules.length);
  const failIndex = failureRules.findIndex((rule) => rule.action === 'FailIndex');
  if (failIndex >= 0 && backoffLimitPerIndex === undefined) {
    throw new IxjobError(
      'usage',
      `rule ${failIndex + 1} fails the index, which needs --backoff-limit-per-index`,
      '--pod-failure-policy',
    );
  }
  const successRules = config.successPolicy ?? [];
  checkSuccessPolicySize(successRules.length);
  successRules.forEach((rule, i) => {
    checkSuccessRule(rule, i, completions);
  });
}

/** Above 100,000 completions Kubernetes insists on tighter per-index bounds. */
function checkHighCompletions({ parallelism, maxFailedIndexes }: JobConfig): void {
  const above = `above ${COMPLETIONS_SOFT_LIMIT} completions with --backoff-limit-per-index`;
  if (maxFailedIndexes === undefined) {
    throw new IxjobError(
      'usage',
      `--max-failed-indexes is required ${above}`,
      '--max-failed-indexes',
    );
  }
  if (maxFailedIndexes > LIMIT_FOR_HIGH_COMPLETIONS) {
    throw new IxjobError(
      'usage',
      `at most ${LIMIT_FOR_HIGH_COMPLETIONS} failed indexes may be allowed ${above}`,
      '--max-failed-indexes',
    );
  }
  if (parallelism > LIMIT_FOR_HIGH_COMPLETIONS) {
    throw new IxjobError(
      'usage',
      `parallelism must be at most ${LIMIT_FOR_HIGH_COMPLETIONS} ${above}`,
      '--parallelism',
    );
  }
}

/** A rule built by hand, not by the parser, gets the parser's checks. */
function checkSuccessRule(rule: SuccessPolicyRule, i: number, completions: number): void {
  const where = '--success-policy';
  const { succeededCount: count } = rule;
  if (rule.succeededIndexes === undefined && count === undefined) {
    throw new IxjobError('usage', `rule ${i + 1} names neither indexes nor a count`, where);
  }
  const compiled = compileSuccessRule(rule, completions, where);
  if (count === undefined) return;
  if (!Number.isSafeInteger(count) || count < 1 || count > completions) {
    throw new IxjobError(
      'usage',
      `rule ${i + 1} asks for ${count} succeeded indexes; allowed are 1 to the ${completions} completions`,
      where,
    );
  }
  if (compiled.indexes !== undefined && count > compiled.total) {
    throw new IxjobError(
      'usage',
      `rule ${i + 1} asks for ${count} succeeded indexes of the ${compiled.total} it names`,
      where,
    );
  }
}

function wholeNumber(value: number, flag: string, min: number, max: number): void {
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    throw new IxjobError(
      'usage',
      `${flag.slice(2)} must be a whole number from ${min} to ${max}, not ${value}`,
      flag,
    );
  }
}
