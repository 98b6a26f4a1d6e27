import { FAILURE_COUNT_KEY } from '@ixjob/sdk/internal';
import type { JobConfig } from './job-config.ts';
import {
  IGNORED_FAILURE_COUNT_KEY,
  type IndexState,
  type IndexStatus,
} from './job-controller-types.ts';
import { backoffDelay } from './pod-failure-backoff.ts';

/** What the controller remembers of one index's attempts. */
export interface IndexRecord {
  attempts: number;
  failureCount: number;
  ignoredFailureCount: number;
  interrupted: number;
  lastExitCode: number | undefined;
  lastFailureAt: number | undefined;
}

export interface IndexLedger {
  /** The index's record, created on first use. */
  record(index: number): IndexRecord;
  get(index: number): IndexRecord | undefined;
  /** A success resets the job-wide backoff. */
  succeeded(): void;
  /** A failure, counted or ignored, at `at`. */
  failed(index: number, at: number, counted: boolean): void;
  /** With a backoff and `backoffLimitPerIndex`, when the index may start again. */
  retryAt(index: number): number | undefined;
  /** With a backoff and no per-index limit, when any index may start again. */
  jobRetryAt(): number | undefined;
  /** The backoffs of the job and of `indexes` that end after `at`. */
  waitsAfter(indexes: readonly number[], at: number): number[];
  state(index: number, status: IndexStatus): IndexState;
  /** Annotations the index's next pod carries beyond its completion index. */
  annotations(index: number): Record<string, string>;
}

/** Per-index counts and the pod failure backoff, as the Job controller keeps them. */
export function createIndexLedger(config: JobConfig): IndexLedger {
  const { backoffLimitPerIndex: perIndex, podFailureBackoff: backoff } = config;
  const records = new Map<number, IndexRecord>();
  // Without per-index limits the backoff counts the job's failures since its last success.
  let failuresSinceSuccess = 0;
  let lastJobFailureAt: number | undefined;

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

  const retryAt = (index: number): number | undefined => {
    if (backoff === undefined || perIndex === undefined) return undefined;
    const found = records.get(index);
    if (found?.lastFailureAt === undefined) return undefined;
    // Kubernetes backs an index off by all its failures, ignored ones included.
    const failures = found.failureCount + found.ignoredFailureCount;
    return found.lastFailureAt + backoffDelay(backoff, failures);
  };
  const jobRetryAt = (): number | undefined => {
    if (backoff === undefined || perIndex !== undefined || lastJobFailureAt === undefined)
      return undefined;
    return lastJobFailureAt + backoffDelay(backoff, failuresSinceSuccess);
  };

  return {
    record,
    retryAt,
    jobRetryAt,
    waitsAfter(indexes, at) {
      const times = [jobRetryAt(), ...indexes.map(retryAt)];
      return times.filter((time): time is number => time !== undefined && time > at);
    },
    state(index, status) {
      const found = records.get(index);
      return {
        index,
        status,
        attempts: found?.attempts ?? 0,
        failureCount: found?.failureCount ?? 0,
        ignoredFailureCount: found?.ignoredFailureCount ?? 0,
        interrupted: found?.interrupted ?? 0,
        lastExitCode: found?.lastExitCode,
        retryAt: retryAt(index),
      };
    },
    get: (index) => records.get(index),
    succeeded() {
      failuresSinceSuccess = 0;
      lastJobFailureAt = undefined;
    },
    failed(index, at, counted) {
      failuresSinceSuccess++;
      lastJobFailureAt = at;
      const found = record(index);
      found.lastFailureAt = at;
      if (counted) found.failureCount++;
      else found.ignoredFailureCount++;
    },
    annotations(index) {
      // Kubernetes annotates pods with failure counts only under backoffLimitPerIndex.
      if (perIndex === undefined) return {};
      const found = records.get(index);
      const ignored = found?.ignoredFailureCount ?? 0;
      return {
        [FAILURE_COUNT_KEY]: String(found?.failureCount ?? 0),
        ...(ignored > 0 ? { [IGNORED_FAILURE_COUNT_KEY]: String(ignored) } : {}),
      };
    },
  };
}
