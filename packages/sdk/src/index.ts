// @ixjob/sdk: a worker's API. Its index and parameters, a main that honours SIGTERM,
// checkpoints and atomic outputs, its shard of a list and its byte range of a file. The
// shim's plumbing is in @ixjob/sdk/internal.

export { EXIT_CODES, exitCodeFor } from './failure/exit-codes.ts';
export { type FailureKind, IxjobError, isIxjobError } from './failure/ixjob-error.ts';
export { type ParamsOptions, params } from './params.ts';
export type { Params } from './spec/dimension.ts';
export {
  type ByteSpan,
  byteRange,
  type RangeOptions,
  type RecordFormat,
  readRange,
  readRangeBatches,
  recordRange,
} from './worker/byte-range.ts';
export {
  CHECKPOINT_DIR_VARIABLE,
  type Checkpoint,
  type CheckpointOptions,
  checkpoints,
  type ItemKey,
} from './worker/checkpoints.ts';
export { type Job, type JobOptions, job } from './worker/job.ts';
export { main, type WorkerContext, type WorkerFunction } from './worker/main.ts';
export { type OutputData, writeOutput } from './worker/outputs.ts';
export {
  type PeerAddress,
  type Peers,
  type PeersOptions,
  peers,
  type WaitOptions,
} from './worker/peers.ts';
export {
  SHARD_STRATEGIES,
  type ShardOptions,
  type ShardStrategy,
  shard,
} from './worker/shards.ts';
