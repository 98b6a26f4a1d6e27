/**
 * The delay before a failed index is started again. Kubernetes waits 10 s after the first
 * failure, doubling with each further one, up to 10 min; without `backoffLimitPerIndex` the
 * count is the job's failures since its last success and the wait holds back every index.
 */
export interface PodFailureBackoff {
  readonly initialMs: number;
  readonly maxMs: number;
}

/** `DefaultJobPodFailureBackOff` and `MaxJobPodFailureBackOff` of the Job controller. */
export const KUBERNETES_POD_FAILURE_BACKOFF: PodFailureBackoff = {
  initialMs: 10_000,
  maxMs: 600_000,
};

/** The wait after `failures` failures in a row, as `getRemainingTimeForFailuresCount` counts it. */
export function backoffDelay(backoff: PodFailureBackoff, failures: number): number {
  if (failures <= 0) return 0;
  let delay = backoff.initialMs;
  for (let i = 1; i < failures; i++) {
    delay *= 2;
    if (delay >= backoff.maxMs) return backoff.maxMs;
  }
  return delay;
}
