// The shim's plumbing: everything the SDK has. Workers use the small public API in index.ts.
/**
 * @ixjob/sdk: the completion index of a Kubernetes Indexed Job pod, found from every source
 * the shim knows, and the pieces the shim is built from.
 */
import { nodeFiles } from './io/files.ts';
import { findIndex, type IndexInfo } from './locate/find-index.ts';

export {
  decodeBytes,
  encodeBytes,
  hasEscapedBytes,
  unencodableAt,
} from './bytes/surrogate-escape.ts';
export type { ShardStrategy } from './dims/file-shards.ts';
export { MAX_ARG_STRLEN } from './env/arg-limits.ts';
export {
  COMMAND_VARIABLE_PREFIXES,
  COMMAND_VARIABLES,
  isCommandVariable,
} from './env/command-variables.ts';
export { toEnvName, toEnvNames } from './env/env-name.ts';
export {
  FRAMEWORKS,
  type Framework,
  type FrameworkInput,
  frameworkVariableNames,
  frameworkVariables,
  hostPort,
  needsPeers,
  type PeerAddress,
} from './env/framework-variables.ts';
export {
  assertEnvName,
  indexExportNames,
  indexExports,
  SPEC_DIGEST_VARIABLE,
} from './env/index-exports.ts';
export {
  DEFAULT_PEER_PORT,
  JOB_NAME_VARIABLE,
  PEER_HOST_VARIABLE,
  PEER_PORT_VARIABLE,
  peerAddresses,
  SERVICE_VARIABLE,
} from './env/peer-addresses.ts';
export { expandKubelet } from './expand/kubelet-expand.ts';
export {
  EXIT_CODES,
  exitCodeFor,
  NON_RETRIABLE_EXIT_CODES,
  RUN_EXIT_CODES,
  signalExitCode,
} from './failure/exit-codes.ts';
export {
  type FailureKind,
  formatFailure,
  IxjobError,
  isIxjobError,
} from './failure/ixjob-error.ts';
export { quoteInput } from './failure/quote-input.ts';
export { type Files, nodeFiles, type PathKind } from './io/files.ts';
export { readAt } from './io/open-file.ts';
export type { ReadCap } from './io/read-capped.ts';
export { agreeCount, type CountClaim } from './job/agree-count.ts';
export { defaultPodFailurePolicy, podFailurePolicyOf } from './job/default-policy.ts';
export { isEveryIndexFailure } from './job/every-index.ts';
export { type ExecPlan, type Locate, type PlanIo, planExec } from './job/exec-plan.ts';
export { gangParallelism } from './job/gang-parallelism.ts';
export {
  DEFAULT_GRACE_PERIOD_SECONDS,
  type ExecJob,
  type JobDefinition,
  MAX_DURATION_SECONDS,
  type PodFailurePolicyRule,
  type SuccessPolicyRule,
  type WorkSource,
} from './job/job-definition.ts';
export { loadWork } from './job/resolve-work.ts';
export { SCHEDULER_INDEX_VARIABLES } from './locate/array-schedulers.ts';
export {
  DEFAULT_PODINFO,
  type FindIndexInput,
  findIndex,
  type IndexInfo,
  PODINFO_VARIABLE,
} from './locate/find-index.ts';
export { PARAM_NAMES_VARIABLE, type ParamsOptions, params, SPEC_VARIABLE } from './params.ts';
export { goQuote } from './podinfo/go-quote.ts';
export { goUnquote, type UnquoteResult } from './podinfo/go-unquote.ts';
export { COMPLETION_INDEX_KEY, FAILURE_COUNT_KEY } from './podinfo/keys.ts';
export { formatPodinfoMap, type PodinfoEntry, parsePodinfoMap } from './podinfo/podinfo-map.ts';
export { scannerFor } from './scan/file-items.ts';
export { type IndexedFormat, SIDECAR_SUFFIX } from './sidecar/sidecar-format.ts';
export { writeSidecar } from './sidecar/write-sidecar.ts';
export { buildSpec } from './spec/build-spec.ts';
export type { Dimension, Params } from './spec/dimension.ts';
export type { DimensionSpec, SpecDefinition } from './spec/spec-definition.ts';
export { readSpecFile } from './spec/spec-file.ts';
export {
  type Combine,
  checkedLength,
  resolveIndex,
  specDigest,
  specLength,
  type WorkSpec,
} from './spec/work-spec.ts';

/** This process's completion index, from its environment and the default podinfo path. */
export function completionIndex(options: { podinfo?: string } = {}): IndexInfo {
  return findIndex({ env: process.env, files: nodeFiles, podinfo: options.podinfo });
}

export { describeErrno, isErrno } from './failure/errno.ts';
// The worker's public API too, so the shim and the tests need one import.
export * from './index.ts';
export { optional } from './job/optional.ts';
export { assignShards } from './worker/shards.ts';
