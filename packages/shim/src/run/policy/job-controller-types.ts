import type { PodFailurePolicyAction } from './failure-policy.ts';
import type { JobCondition, JobConditionReason } from './job-conditions.ts';
import type { JobConfig } from './job-config.ts';
import type { JobEvent } from './job-events.ts';

/** What the Job controller answers; the state machine is in `job-controller.ts`. */

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
  /** Attempts lost (the runner died or was interrupted with them running): run again, not counted. */
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
   * An impossible event (starting a running index, ending an idle one) throws. A lost
   * attempt sends its index back to pending, uncounted.
   */
  apply(event: JobEvent): AttemptVerdict | undefined;
  /**
   * Sends every running index back to pending, uncounted, with no event: after a replay the
   * runner that ran them is gone (a resume journals them as lost).
   */
  forgetRunning(): void;
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
