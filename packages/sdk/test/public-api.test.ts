import * as sdk from '@ixjob/sdk';
import {
  type Checkpoint,
  checkpoints,
  type Job,
  job,
  main,
  type PeerAddress,
  peers,
  readRange,
  readRangeBatches,
  shard,
  type WorkerContext,
} from '@ixjob/sdk';
import { describe, expect, expectTypeOf, test } from 'vitest';
import * as z from 'zod';

describe('the public API: what a worker imports', () => {
  test('is small: the worker’s functions and the errors, no plumbing', () => {
    expect(Object.keys(sdk).sort()).toEqual(
      [
        'CHECKPOINT_DIR_VARIABLE',
        'EXIT_CODES',
        'IxjobError',
        'SHARD_STRATEGIES',
        'byteRange',
        'checkpoints',
        'exitCodeFor',
        'isIxjobError',
        'job',
        'main',
        'params',
        'peers',
        'readRange',
        'readRangeBatches',
        'recordRange',
        'shard',
        'writeOutput',
      ].sort(),
    );
  });

  test('job() types its parameters by the schema', () => {
    const schema = z.object({ FRAME: z.coerce.number() });
    // Functions never called: only their types are checked.
    const typed = () => job(schema);
    expectTypeOf(typed).returns.resolves.toEqualTypeOf<Job<{ FRAME: number }>>();
    expectTypeOf<Job['index']>().toEqualTypeOf<number>();
    expectTypeOf<Job['count']>().toEqualTypeOf<number | null>();
  });

  test('main() hands the worker an AbortSignal', () => {
    expectTypeOf<WorkerContext['signal']>().toEqualTypeOf<AbortSignal>();
    expectTypeOf(main).returns.resolves.toBeVoid();
  });

  test('checkpoints keep a typed state', () => {
    expectTypeOf(checkpoints<{ n: number }>).returns.resolves.toEqualTypeOf<
      Checkpoint<{ n: number }>
    >();
    expectTypeOf<Checkpoint<{ n: number }>['state']>().toEqualTypeOf<{ n: number } | undefined>();
  });

  test('shard keeps the item type; byte ranges type records by format', () => {
    expectTypeOf(shard<string>).returns.toEqualTypeOf<string[]>();
    const lines = () => readRange('f', { index: 0, count: 1 });
    const records = () => readRange('f', { index: 0, count: 1, format: 'csv' });
    const batches = () => readRangeBatches('f', { index: 0, count: 1 });
    expectTypeOf(lines).returns.toEqualTypeOf<AsyncGenerator<string>>();
    expectTypeOf(records).returns.toEqualTypeOf<AsyncGenerator<string[]>>();
    expectTypeOf(batches).returns.toEqualTypeOf<AsyncGenerator<string[]>>();
  });

  test('peers give addresses', () => {
    expectTypeOf(peers).returns.toHaveProperty('leader').toEqualTypeOf<PeerAddress>();
    expectTypeOf<PeerAddress>().toEqualTypeOf<{ readonly host: string; readonly port: number }>();
  });
});
