/** Annotation (always) and label (Kubernetes 1.28+) holding the pod's completion index. */
export const COMPLETION_INDEX_KEY = 'batch.kubernetes.io/job-completion-index';
/** Annotation holding how many times this index failed before, with `backoffLimitPerIndex`. */
export const FAILURE_COUNT_KEY = 'batch.kubernetes.io/job-index-failure-count';
