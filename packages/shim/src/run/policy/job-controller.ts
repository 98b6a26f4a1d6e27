import { findFailurePolicyRule } from './failure-policy.ts';
import { createIndexLedger } from './index-ledger.ts';
import { formatIntervals } from './intervals.ts';
import { decideOutcome } from './job-checks.ts';
import { failJobMessage, type JobCondition } from './job-conditions.ts';
import { effectiveBackoffLimit, type JobConfig, validateJobConfig } from './job-config.ts';
import type {
  AttemptResult,
  AttemptVerdict,
  IndexStatus,
  JobController,
  JobOutcome,
} from './job-controller-types.ts';
import type { JobEvent } from './job-events.ts';
import { createPendingIndexes } from './pending-indexes.ts';
import { createSuccessTracker } from './success-tracker.ts';

export type {
  AttemptResult,
  AttemptVerdict,
  IndexState,
  IndexStatus,
  JobController,
  JobOutcome,
  JobStatus,
} from './job-controller-types.ts';
export { IGNORED_FAILURE_COUNT_KEY } from './job-controller-types.ts';

/**
 * The Job controller of a local Indexed Job, as a deterministic state machine: it is told what
 * happened (`apply`) and what time it is (`tick`), and answers what to start, what to stop and
 * how the job stands. No processes, no clock, no I/O; rebuilding it from a journal is
 * `journal-replay.ts`.
 */

/** A controller for `config` whose job started at `startedAt`; a bad config throws `IxjobError('usage')`. */
export function createJobController(config: JobConfig, startedAt: number): JobController {
  validateJobConfig(config);
  const { completions, parallelism, backoffLimitPerIndex: perIndex, maxFailedIndexes } = config;
  const name = config.name ?? 'job';
  const backoffLimit = effectiveBackoffLimit(config);
  const failureRules = config.podFailurePolicy ?? [];
  const successRules = createSuccessTracker(config.successPolicy ?? [], completions);

  const ledger = createIndexLedger(config);
  const { record, retryAt, jobRetryAt } = ledger;
  const pending = createPendingIndexes(completions);
  const running = new Set<number>();
  const succeeded = new Set<number>();
  const failed = new Set<number>();
  const conditions: JobCondition[] = [];
  const log: JobEvent[] = [];
  let now = startedAt;
  let failedPods = 0;
  let outcome: JobOutcome | undefined;
  let completionTime: number | undefined;

  const statusOf = (index: number): IndexStatus => {
    if (running.has(index)) return 'running';
    if (succeeded.has(index)) return 'succeeded';
    if (failed.has(index)) return 'failed';
    return 'pending';
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

  /** `syncJob`'s checks; the first that holds decides the outcome. */
  const evaluate = (at: number, failJob?: string): void => {
    if (outcome !== undefined) return;
    const decision = decideOutcome({
      at,
      failJob,
      failedPods,
      backoffLimit,
      deadlineAt: deadlineAt(),
      perIndex,
      maxFailedIndexes,
      failedIndexes: failed.size,
      succeededIndexes: succeeded.size,
      completions,
      running: running.size,
      successRule: successRules.firstHolding(succeeded.size),
    });
    if (decision === undefined) return;
    outcome = decision;
    const { succeeded: success, reason, message } = decision;
    conditions.push({
      type: success ? 'SuccessCriteriaMet' : 'FailureTarget',
      status: 'True',
      reason,
      message,
      at: decision.at,
    });
    settle(decision.at);
  };

  const markSucceeded = (index: number): void => {
    succeeded.add(index);
    successRules.succeeded(index);
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
      ledger.succeeded();
      evaluate(at);
      settle(at);
      return verdict('succeeded');
    }

    const counted = action !== 'Ignore';
    // isIndexFailed: the failed pod's annotation holds the counted failures before it.
    const before = found.failureCount;
    ledger.failed(index, at, counted);
    if (counted) failedPods++;
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

  /** The runner died or was interrupted with this attempt running: it runs again, uncounted. */
  const lose = (index: number): void => {
    checkIndex(index);
    if (!running.has(index)) throw new Error(`index ${index} lost, but it is ${statusOf(index)}`);
    running.delete(index);
    const found = record(index);
    found.attempts--;
    found.interrupted++;
    pending.add(index);
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
    else if (event.event === 'attempt-lost') {
      lose(event.index);
      // The job may have been waiting only for this attempt to stop.
      evaluate(now);
      settle(now);
    } else throw new Error(`unknown event ${JSON.stringify((event as { event: unknown }).event)}`);
    // Only what happened is kept: an impossible event threw before changing anything.
    log.push(event);
    return verdict;
  };

  const controller: JobController = {
    config,
    startedAt,
    apply,
    forgetRunning() {
      for (const index of [...running]) lose(index);
      evaluate(now);
      settle(now);
    },
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
      const free = parallelism - running.size;
      const later = free > 0 && pending.size > 0 ? ledger.waitsAfter(pending.lowest(free), at) : [];
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
      return ledger.state(index, statusOf(index));
    },
    failureAnnotations(index) {
      checkIndex(index);
      return ledger.annotations(index);
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
  return controller;
}
