import { FAILURE_COUNT_KEY, IxjobError } from '@ixjob/sdk';
import { findFailurePolicyRule, type PodFailurePolicyAction } from './failure-policy.ts';
import { formatIntervals, intervalsHave } from './intervals.ts';
import {
  CONDITION_MESSAGES,
  type FailureReason,
  failJobMessage,
  type JobCondition,
  type JobConditionReason,
  type SuccessReason,
  successPolicyMessage,
} from './job-conditions.ts';
import { effectiveBackoffLimit, type JobConfig, validateJobConfig } from './job-config.ts';
import type { JobEvent } from './job-events.ts';
import { createPendingIndexes } from './pending-indexes.ts';
import { backoffDelay } from './pod-failure-backoff.ts';
import { compileSuccessRule, successRuleHolds } from './success-policy.ts';

/**
 * The Job controller of a local Indexed Job, as a deterministic state machine: it is told what
 * happened (`apply`) and what time it is (`tick`), and answers what to start, what to stop and
 * how the job stands. No processes, no clock, no I/O.
 */

/** Annotation counting an index's failures that a pod failure policy rule ignored. */
export const IGNORED_FAILURE_COUNT_KEY = 'batch.kubernetes.io/job-index-ignored-failure-count';

export type IndexStatus = 'pending' | 'running' | 'succeeded' | 'failed';

export interface IndexState {
  readonly index: number;
  readonly status: IndexStatus;
  /** Attempts started, the running one included; attempts the runner lost track of are not. */
  readonly attempts: number;
  /** Failures that count: the next attempt's `job-index-failure-count` annotation. */
  readonly failureCount: number;
  /** Failures an `Ignore` rule matched: `job-index-ignored-failure-count`. */
  readonly ignoredFailureCount: number;
  /** Attempts that were running when the runner died, so never ended: run again, not counted. */
  readonly interrupted: number;
  readonly lastExitCode: number | undefined;
  /** With a pod failure backoff and `backoffLimitPerIndex`, when this index may start again. */
  readonly retryAt: number | undefined;
}

/** What became of an index when one of its attempts ended. */
export type AttemptResult = 'succeeded' | 'retry' | 'failed' | 'dropped';

export interface AttemptVerdict {
  readonly index: number;
  readonly exitCode: number;
  /** `retry`: pending again; `failed`: for good; `dropped`: the job is over, so it will not run again. */
  readonly result: AttemptResult;
  /** The position of the pod failure policy rule that matched, if one did. */
  readonly rule: number | undefined;
  readonly action: PodFailurePolicyAction | undefined;
  /** Whether the failure counts towards the backoff limits (every failure but an ignored one). */
  readonly counted: boolean;
}

/** How the job ends, decided as soon as it is known (its running attempts may still be stopping). */
export interface JobOutcome {
  readonly succeeded: boolean;
  readonly reason: JobConditionReason;
  readonly message: string;
  readonly at: number;
}

/** The job's status, shaped as batch/v1 `JobStatus`. */
export interface JobStatus {
  readonly startTime: number;
  /** Set when the job completes, as Kubernetes sets it (not when it fails). */
  readonly completionTime?: number;
  readonly active: number;
  readonly succeeded: number;
  /** Failed attempts that count (ignored ones do not), as `status.failed`. */
  readonly failed: number;
  readonly completedIndexes: string;
  /** Present with `backoffLimitPerIndex` only, as in Kubernetes. */
  readonly failedIndexes?: string;
  readonly conditions: readonly JobCondition[];
}

export interface JobController {
  readonly config: JobConfig;
  readonly startedAt: number;
  /**
   * Records an event; for an ended attempt, says what became of its index. Times never go
   * back: an earlier `at` counts as the latest time seen. Each event first lets the active
   * deadline pass at its `at`, so replaying a journal decides as the live run did.
   * An impossible event (starting a running index, ending an idle one) throws.
   */
  apply(event: JobEvent): AttemptVerdict | undefined;
  /** Lets time pass: the active deadline may fail the job. */
  tick(now: number): void;
  /**
   * The indexes to start now, lowest first: Kubernetes' `firstPendingIndexes` for the free
   * slots, less those still in their failure backoff. Empty once the outcome is decided.
   * Time passes first, as with `tick`.
   */
  startable(now: number): number[];
  /** The next time `tick`/`startable` may give a different answer with no event: a deadline or a backoff ending. */
  nextWakeAt(now: number): number | undefined;
  /** Attempts running now. */
  readonly running: number;
  runningIndexes(): number[];
  /** Running indexes to stop: all of them, once the outcome is decided. */
  toStop(): number[];
  indexState(index: number): IndexState;
  /** Annotations the index's next pod carries beyond its completion index. */
  failureAnnotations(index: number): Record<string, string>;
  readonly succeeded: ReadonlySet<number>;
  readonly failed: ReadonlySet<number>;
  readonly outcome: JobOutcome | undefined;
  /** The outcome is decided and nothing runs any more: the terminal condition is set. */
  readonly finished: boolean;
  conditions(): readonly JobCondition[];
  status(): JobStatus;
  /** Every event applied, in order: what a journal holds. */
  events(): readonly JobEvent[];
}

interface IndexRecord {
  attempts: number;
  failureCount: number;
  ignoredFailureCount: number;
  interrupted: number;
  lastExitCode: number | undefined;
  lastFailureAt: number | undefined;
}

/**
 * A controller for `config` whose job started at `startedAt`, rebuilt from `history` when
 * resuming: the events are applied in order, then any attempt still running is forgotten
 * (the runner died with it), so its index runs again and the attempt counts for nothing.
 * A bad config throws `IxjobError('usage')`; history that cannot have happened, `'data'`.
 */
export function createJobController(
  config: JobConfig,
  startedAt: number,
  history: Iterable<JobEvent> = [],
): JobController {
  validateJobConfig(config);
  const { completions, parallelism, backoffLimitPerIndex: perIndex, maxFailedIndexes } = config;
  const name = config.name ?? 'job';
  const backoffLimit = effectiveBackoffLimit(config);
  const failureRules = config.podFailurePolicy ?? [];
  const successRules = (config.successPolicy ?? []).map((rule) =>
    compileSuccessRule(rule, completions),
  );
  // hits[r]: succeeded indexes among those rule r names, kept as indexes succeed.
  const hits = successRules.map(() => 0);
  const backoff = config.podFailureBackoff;

  const records = new Map<number, IndexRecord>();
  const pending = createPendingIndexes(completions);
  const running = new Set<number>();
  const succeeded = new Set<number>();
  const failed = new Set<number>();
  const conditions: JobCondition[] = [];
  const log: JobEvent[] = [];
  let now = startedAt;
  let failedPods = 0;
  // Without per-index limits the backoff counts the job's failures since its last success.
  let failuresSinceSuccess = 0;
  let lastJobFailureAt: number | undefined;
  let outcome: JobOutcome | undefined;
  let completionTime: number | undefined;

  const record = (index: number): IndexRecord => {
    let found = records.get(index);
    if (found === undefined) {
      found = {
        attempts: 0,
        failureCount: 0,
        ignoredFailureCount: 0,
        interrupted: 0,
        lastExitCode: undefined,
        lastFailureAt: undefined,
      };
      records.set(index, found);
    }
    return found;
  };

  const statusOf = (index: number): IndexStatus => {
    if (running.has(index)) return 'running';
    if (succeeded.has(index)) return 'succeeded';
    if (failed.has(index)) return 'failed';
    return 'pending';
  };

  const retryAt = (index: number): number | undefined => {
    if (backoff === undefined || perIndex === undefined) return undefined;
    const found = records.get(index);
    if (found?.lastFailureAt === undefined) return undefined;
    // Kubernetes backs an index off by all its failures, ignored ones included.
    const failures = found.failureCount + found.ignoredFailureCount;
    return found.lastFailureAt + backoffDelay(backoff, failures);
  };

  const jobRetryAt = (): number | undefined => {
    if (backoff === undefined || perIndex !== undefined || lastJobFailureAt === undefined) {
      return undefined;
    }
    return lastJobFailureAt + backoffDelay(backoff, failuresSinceSuccess);
  };

  const deadlineAt = (): number | undefined =>
    config.activeDeadlineMs === undefined ? undefined : startedAt + config.activeDeadlineMs;

  const settle = (at: number): void => {
    if (outcome === undefined || running.size > 0 || conditions.length !== 1) return;
    conditions.push({
      ...(conditions[0] as JobCondition),
      type: outcome.succeeded ? 'Complete' : 'Failed',
      at,
    });
    if (outcome.succeeded) completionTime = at;
  };

  const decide = (
    success: boolean,
    reason: SuccessReason | FailureReason,
    message: string,
    at: number,
  ) => {
    outcome = { succeeded: success, reason, message, at };
    conditions.push({
      type: success ? 'SuccessCriteriaMet' : 'FailureTarget',
      status: 'True',
      reason,
      message,
      at,
    });
    settle(at);
  };

  /** `syncJob`'s checks, in its order; the first that holds decides the outcome. */
  const evaluate = (at: number, failJob?: string): void => {
    if (outcome !== undefined) return;
    const deadline = deadlineAt();
    if (failJob !== undefined) {
      decide(false, 'PodFailurePolicy', failJob, at);
    } else if (failedPods > backoffLimit) {
      decide(false, 'BackoffLimitExceeded', CONDITION_MESSAGES.BackoffLimitExceeded, at);
    } else if (deadline !== undefined && at >= deadline) {
      // Stamped at the deadline itself, whenever it was noticed: a replay then agrees.
      decide(false, 'DeadlineExceeded', CONDITION_MESSAGES.DeadlineExceeded, deadline);
    } else if (
      perIndex !== undefined &&
      maxFailedIndexes !== undefined &&
      failed.size > maxFailedIndexes
    ) {
      decide(false, 'MaxFailedIndexesExceeded', CONDITION_MESSAGES.MaxFailedIndexesExceeded, at);
    } else if (
      perIndex !== undefined &&
      failed.size > 0 &&
      failed.size + succeeded.size >= completions
    ) {
      decide(false, 'FailedIndexes', CONDITION_MESSAGES.FailedIndexes, at);
    } else {
      const rule = successRules.findIndex((compiled, r) =>
        successRuleHolds(compiled, hits[r] as number, succeeded.size),
      );
      if (rule >= 0) {
        decide(true, 'SuccessPolicy', successPolicyMessage(rule), at);
      } else if (succeeded.size >= completions && running.size === 0) {
        decide(true, 'CompletionsReached', CONDITION_MESSAGES.CompletionsReached, at);
      }
    }
  };

  const markSucceeded = (index: number): void => {
    succeeded.add(index);
    successRules.forEach((compiled, r) => {
      if (compiled.indexes !== undefined && intervalsHave(compiled.indexes, index)) {
        hits[r] = (hits[r] as number) + 1;
      }
    });
  };

  const checkIndex = (index: number): void => {
    if (!Number.isSafeInteger(index) || index < 0 || index >= completions) {
      throw new Error(`index ${index} is not one of the ${completions} completions`);
    }
  };

  const start = (index: number): void => {
    checkIndex(index);
    if (outcome !== undefined) {
      throw new Error(`cannot start index ${index}: the job has ended (${outcome.reason})`);
    }
    const status = statusOf(index);
    if (status !== 'pending') throw new Error(`cannot start index ${index}: it is ${status}`);
    pending.delete(index);
    running.add(index);
    record(index).attempts++;
  };

  const end = (index: number, exitCode: number, at: number): AttemptVerdict => {
    checkIndex(index);
    if (!Number.isSafeInteger(exitCode) || exitCode < 0) {
      throw new Error(`exit code ${exitCode} is not an exit status`);
    }
    if (!running.has(index)) throw new Error(`index ${index} ended, but it is ${statusOf(index)}`);
    running.delete(index);
    const found = record(index);
    found.lastExitCode = exitCode;
    const rule = exitCode === 0 ? -1 : findFailurePolicyRule(failureRules, exitCode);
    const action = failureRules[rule]?.action;
    const verdict = (result: AttemptResult, counted = exitCode !== 0 && action !== 'Ignore') => ({
      index,
      exitCode,
      result,
      rule: rule < 0 ? undefined : rule,
      action,
      counted,
    });

    if (outcome !== undefined) {
      // A late success still completes its index, as Kubernetes counts a pod that succeeded;
      // a stopped pod counts as failed only when the job failed.
      if (exitCode === 0) markSucceeded(index);
      else pending.add(index);
      if (exitCode !== 0 && !outcome.succeeded && action !== 'Ignore') failedPods++;
      settle(at);
      return verdict(exitCode === 0 ? 'succeeded' : 'dropped', false);
    }

    if (exitCode === 0) {
      markSucceeded(index);
      failuresSinceSuccess = 0;
      lastJobFailureAt = undefined;
      evaluate(at);
      settle(at);
      return verdict('succeeded');
    }

    const counted = action !== 'Ignore';
    failuresSinceSuccess++;
    lastJobFailureAt = at;
    found.lastFailureAt = at;
    // isIndexFailed: the failed pod's annotation holds the counted failures before it.
    const before = found.failureCount;
    if (counted) {
      found.failureCount++;
      failedPods++;
    } else {
      found.ignoredFailureCount++;
    }
    const indexFails =
      perIndex !== undefined && (action === 'FailIndex' || (counted && before >= perIndex));
    if (indexFails) failed.add(index);
    else pending.add(index);
    evaluate(
      at,
      action === 'FailJob' ? failJobMessage(name, `${name}-${index}`, exitCode, rule) : undefined,
    );
    settle(at);
    if (indexFails) return verdict('failed');
    return verdict(outcome === undefined ? 'retry' : 'dropped');
  };

  const apply = (event: JobEvent): AttemptVerdict | undefined => {
    if (typeof event.at !== 'number' || !Number.isFinite(event.at)) {
      throw new Error(`event time ${event.at} is not a time`);
    }
    now = Math.max(now, event.at);
    // The deadline may have passed before this event, while no one was looking.
    evaluate(now);
    let verdict: AttemptVerdict | undefined;
    if (event.event === 'attempt-started') start(event.index);
    else if (event.event === 'attempt-ended') verdict = end(event.index, event.exitCode, now);
    else throw new Error(`unknown event ${JSON.stringify((event as { event: unknown }).event)}`);
    // Only what happened is kept: an impossible event threw before changing anything.
    log.push(event);
    return verdict;
  };

  const controller: JobController = {
    config,
    startedAt,
    apply,
    tick(at) {
      now = Math.max(now, at);
      evaluate(now);
    },
    startable(at) {
      now = Math.max(now, at);
      evaluate(now);
      if (outcome !== undefined) return [];
      const free = parallelism - running.size;
      if (free <= 0) return [];
      const jobWait = jobRetryAt();
      if (jobWait !== undefined && jobWait > now) return [];
      // The lowest pending indexes get the free slots even while backing off, as in Kubernetes.
      return pending.lowest(free).filter((index) => (retryAt(index) ?? now) <= now);
    },
    nextWakeAt(at) {
      if (outcome !== undefined) return undefined;
      const times: number[] = [];
      const free = parallelism - running.size;
      if (free > 0 && pending.size > 0) {
        const jobWait = jobRetryAt();
        if (jobWait !== undefined && jobWait > at) times.push(jobWait);
        for (const index of pending.lowest(free)) {
          const wait = retryAt(index);
          if (wait !== undefined && wait > at) times.push(wait);
        }
      }
      const later = times.filter((time) => time > at);
      // A deadline already past is still news: the caller should tick at once.
      const deadline = deadlineAt();
      if (deadline !== undefined) later.push(deadline);
      return later.length === 0 ? undefined : Math.min(...later);
    },
    get running() {
      return running.size;
    },
    runningIndexes: () => [...running].sort((a, b) => a - b),
    toStop: () => (outcome === undefined ? [] : [...running].sort((a, b) => a - b)),
    indexState(index) {
      checkIndex(index);
      const found = records.get(index);
      return {
        index,
        status: statusOf(index),
        attempts: found?.attempts ?? 0,
        failureCount: found?.failureCount ?? 0,
        ignoredFailureCount: found?.ignoredFailureCount ?? 0,
        interrupted: found?.interrupted ?? 0,
        lastExitCode: found?.lastExitCode,
        retryAt: retryAt(index),
      };
    },
    failureAnnotations(index) {
      checkIndex(index);
      // Kubernetes annotates pods with failure counts only under backoffLimitPerIndex.
      if (perIndex === undefined) return {};
      const found = records.get(index);
      const ignored = found?.ignoredFailureCount ?? 0;
      return {
        [FAILURE_COUNT_KEY]: String(found?.failureCount ?? 0),
        ...(ignored > 0 ? { [IGNORED_FAILURE_COUNT_KEY]: String(ignored) } : {}),
      };
    },
    succeeded,
    failed,
    get outcome() {
      return outcome;
    },
    get finished() {
      return conditions.length === 2;
    },
    conditions: () => [...conditions],
    status: () => ({
      startTime: startedAt,
      ...(completionTime === undefined ? {} : { completionTime }),
      active: running.size,
      succeeded: succeeded.size,
      failed: failedPods,
      completedIndexes: formatIntervals(succeeded),
      ...(perIndex === undefined ? {} : { failedIndexes: formatIntervals(failed) }),
      conditions: [...conditions],
    }),
    events: () => [...log],
  };

  evaluate(now);
  let position = 0;
  try {
    for (const event of history) {
      position++;
      apply(event);
    }
  } catch (error) {
    throw new IxjobError(
      'data',
      `event ${position} of the journal cannot have happened: ${(error as Error).message}`,
      undefined,
      { cause: error },
    );
  }
  // The runner died with these attempts: they never ended, so they run again uncounted.
  for (const index of running) {
    const found = record(index);
    found.attempts--;
    found.interrupted++;
    pending.add(index);
  }
  running.clear();
  evaluate(now);
  settle(now);
  return controller;
}
