import { checkCount, checkIndex } from './check-index.ts';
import { ShardHeap } from './shard-heap.ts';

/**
 * How a list is cut into shards, one per index.
 *
 * - `contiguous`: consecutive runs, the first `length % count` shards one item longer
 *   (Hugging Face `Dataset.shard(contiguous=True)`).
 * - `strided`: item k to shard k mod count, i.e. `items[index::count]` (PyTorch
 *   `DistributedSampler` without shuffling, WebDataset's `split_by_node`).
 * - `round-robin`: the shim's older name for `strided`; the same assignment.
 * - `balanced`: heaviest item first into the lightest shard (least weight, then fewest items,
 *   then lowest number), each shard then in list order: greedy, within 4/3 of the best split.
 */
export type ShardStrategy = 'contiguous' | 'strided' | 'round-robin' | 'balanced';

/** Every accepted strategy name, for flag checks and messages. */
export const SHARD_STRATEGIES: readonly ShardStrategy[] = [
  'contiguous',
  'strided',
  'round-robin',
  'balanced',
];

/** How much work one item is; `balanced` reads it, at most once per item. */
export type WeightAt = (position: number) => number;

/** Positions `[start, end)` of one contiguous shard: the first `length % count` are one longer. */
export function contiguousBounds(
  length: number,
  index: number,
  count: number,
): { start: number; end: number } {
  checkIndex(index, count);
  const base = Math.floor(length / count);
  const extra = length % count;
  const start = base * index + Math.min(index, extra);
  return { start, end: start + base + (index < extra ? 1 : 0) };
}

function stridedPositions(length: number, index: number, count: number): number[] {
  const out: number[] = [];
  for (let k = index; k < length; k += count) out.push(k);
  return out;
}

function balancedShards(length: number, count: number, weightAt: WeightAt): number[][] {
  const weights = Array.from({ length }, (_, k) => {
    const weight = weightAt(k);
    // NaN or a negative weight would make the order, and so the assignment, arbitrary.
    if (!Number.isFinite(weight) || weight < 0) {
      throw new RangeError(`item ${k} has weight ${weight}; weights must be finite and ≥ 0`);
    }
    return weight;
  });
  const out: number[][] = Array.from({ length: count }, () => []);
  // Ties on weight keep list order, so the result never depends on the sort's stability.
  const heaviestFirst = weights
    .map((_, k) => k)
    .sort((a, b) => (weights[b] as number) - (weights[a] as number) || a - b);
  const lightest = new ShardHeap(count);
  for (const k of heaviestFirst) {
    const shard = lightest.take();
    (out[shard] as number[]).push(k);
    lightest.put(shard, weights[k] as number);
  }
  for (const list of out) list.sort((a, b) => a - b);
  return out;
}

/**
 * Every shard of a list of `length` items, as positions into the list, each shard in list
 * order. The one assignment behind `--files --shards` and {@link shard}. `weightAt` is
 * required for `balanced` and ignored otherwise.
 */
export function assignShards(
  length: number,
  count: number,
  strategy: ShardStrategy,
  weightAt?: WeightAt,
): number[][] {
  checkCount(count);
  if (strategy === 'balanced') {
    if (weightAt === undefined) throw new TypeError("strategy 'balanced' needs a weight");
    return balancedShards(length, count, weightAt);
  }
  return Array.from({ length: count }, (_, index) =>
    shardPositions(length, index, count, strategy),
  );
}

/**
 * The positions of shard `index` of `count` in a list of `length` items, in list order.
 * `contiguous` and `strided` work out only this shard; `balanced` needs every weight.
 */
export function shardPositions(
  length: number,
  index: number,
  count: number,
  strategy: ShardStrategy,
  weightAt?: WeightAt,
): number[] {
  checkIndex(index, count);
  switch (strategy) {
    case 'contiguous': {
      const { start, end } = contiguousBounds(length, index, count);
      return Array.from({ length: end - start }, (_, k) => start + k);
    }
    case 'strided':
    case 'round-robin':
      return stridedPositions(length, index, count);
    case 'balanced':
      return assignShards(length, count, strategy, weightAt)[index] as number[];
    default:
      throw new TypeError(
        `the strategy must be one of ${SHARD_STRATEGIES.join(', ')}; got ${JSON.stringify(strategy)}`,
      );
  }
}

/** Options of {@link shard}: which shard, and how the list is cut. */
export interface ShardOptions<T> {
  /** This worker's shard, `0..count-1` (usually the completion index). */
  readonly index: number;
  /** How many shards (usually the completions count). */
  readonly count: number;
  /** Default `contiguous`. */
  readonly strategy?: ShardStrategy;
  /** For `balanced`: how much work an item is (bytes, rows, seconds); finite and ≥ 0. */
  readonly weight?: (item: T, position: number) => number;
}

/**
 * This index's share of `items`: the same assignment as the shim's `--files --shards` with the
 * same strategy (and, for `balanced`, file sizes as weights). Every item is in exactly one
 * shard; a shard may be empty when there are fewer items than shards.
 *
 * @example
 * const mine = shard(urls, { index, count, strategy: 'strided' });
 */
export function shard<T>(items: readonly T[], options: ShardOptions<T>): T[] {
  const { index, count, strategy = 'contiguous', weight } = options;
  const weightAt = weight === undefined ? undefined : (k: number) => weight(items[k] as T, k);
  return shardPositions(items.length, index, count, strategy, weightAt).map((k) => items[k] as T);
}
