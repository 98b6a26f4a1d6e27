import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import {
  assignShards,
  SHARD_STRATEGIES,
  type ShardOptions,
  type ShardStrategy,
  shard,
} from '../../src/worker/shards.ts';

const TEN = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j'];
const WEIGHTS: Record<string, number> = {
  a: 9,
  b: 1,
  c: 1,
  d: 1,
  e: 4,
  f: 4,
  g: 1,
  h: 1,
  i: 1,
  j: 1,
};
const byWeight = (item: string) => WEIGHTS[item] ?? 0;

describe('shard', () => {
  test.each<[string, ShardOptions<string>, string[]]>([
    [
      'contiguous: the first 10 % 3 shards one longer',
      { index: 0, count: 3 },
      ['a', 'b', 'c', 'd'],
    ],
    ['contiguous: a later shard', { index: 2, count: 3 }, ['h', 'i', 'j']],
    ['strided: items[1::3]', { index: 1, count: 3, strategy: 'strided' }, ['b', 'e', 'h']],
    ['round-robin is strided', { index: 1, count: 3, strategy: 'round-robin' }, ['b', 'e', 'h']],
    [
      'balanced: the heavy item alone',
      { index: 0, count: 3, strategy: 'balanced', weight: byWeight },
      ['a'],
    ],
    [
      'balanced: the rest in list order',
      { index: 1, count: 3, strategy: 'balanced', weight: byWeight },
      ['b', 'd', 'e', 'h', 'j'],
    ],
    ['more shards than items: empty', { index: 11, count: 12 }, []],
    ['one shard: everything', { index: 0, count: 1, strategy: 'strided' }, TEN],
  ])('%s', (_, options, expected) => {
    expect(shard(TEN, options)).toEqual(expected);
  });

  test.each<[string, ShardOptions<string>, string]>([
    ['count 0', { index: 0, count: 0 }, 'the count must be a positive integer; got 0'],
    ['index = count', { index: 3, count: 3 }, 'the index must be an integer in 0..2; got 3'],
    [
      'a fractional index',
      { index: 0.5, count: 3 },
      'the index must be an integer in 0..2; got 0.5',
    ],
    [
      'balanced without a weight',
      { index: 0, count: 2, strategy: 'balanced' },
      "strategy 'balanced' needs a weight",
    ],
    [
      'a negative weight',
      { index: 0, count: 2, strategy: 'balanced', weight: () => -1 },
      'item 0 has weight -1; weights must be finite and ≥ 0',
    ],
    [
      'an unknown strategy',
      { index: 0, count: 2, strategy: 'random' as ShardStrategy },
      'the strategy must be one of contiguous, strided, round-robin, balanced; got "random"',
    ],
  ])('refuses %s', (_, options, message) => {
    expect(() => shard(TEN, options)).toThrow(message);
  });
});

// Naive references: written for clarity, not speed, and without sharing code with shards.ts.
function naiveContiguous(length: number, count: number): number[][] {
  const sizes = Array.from({ length: count }, () => Math.floor(length / count));
  for (let i = 0; i < length % count; i++) sizes[i] = (sizes[i] ?? 0) + 1;
  const all = Array.from({ length }, (_, k) => k);
  return sizes.map((size) => all.splice(0, size));
}

function naiveStrided(length: number, count: number): number[][] {
  const all = Array.from({ length }, (_, k) => k);
  return Array.from({ length: count }, (_, i) => all.filter((k) => k % count === i));
}

function naiveBalanced(weights: readonly number[], count: number): number[][] {
  const order = weights.map((w, k) => ({ w, k })).sort((x, y) => y.w - x.w || x.k - y.k);
  const shards = Array.from({ length: count }, () => ({ load: 0, items: [] as number[] }));
  for (const { w, k } of order) {
    let best = 0;
    shards.forEach((s, i) => {
      const b = shards[best] ?? s;
      if (s.load < b.load || (s.load === b.load && s.items.length < b.items.length)) best = i;
    });
    const target = shards[best] ?? { load: 0, items: [] };
    target.load += w;
    target.items.push(k);
  }
  return shards.map((s) => s.items.sort((a, b) => a - b));
}

function naive(weights: readonly number[], count: number, strategy: ShardStrategy): number[][] {
  if (strategy === 'contiguous') return naiveContiguous(weights.length, count);
  if (strategy === 'balanced') return naiveBalanced(weights, count);
  return naiveStrided(weights.length, count);
}

describe('shard properties', () => {
  const weights = fc.array(fc.nat({ max: 50 }), { maxLength: 80 });
  const count = fc.integer({ min: 1, max: 20 });
  const strategy = fc.constantFrom(...SHARD_STRATEGIES);

  test('every item in exactly one shard, each shard in list order', () => {
    fc.assert(
      fc.property(weights, count, strategy, (w, n, how) => {
        const items = w.map((_, k) => `item${k}`);
        const shards = Array.from({ length: n }, (_, index) =>
          shard(items, { index, count: n, strategy: how, weight: (_, k) => w[k] ?? 0 }),
        );
        expect(shards.flat().sort()).toEqual([...items].sort());
        for (const list of shards) {
          const positions = list.map((item) => Number(item.slice(4)));
          expect(positions).toEqual([...positions].sort((a, b) => a - b));
        }
      }),
    );
  });

  test('the same assignment as a naive reference', () => {
    fc.assert(
      fc.property(weights, count, strategy, (w, n, how) => {
        const expected = naive(w, n, how);
        expect(assignShards(w.length, n, how, (k) => w[k] ?? 0)).toEqual(expected);
        for (let index = 0; index < n; index++) {
          expect(
            shard(
              w.map((_, k) => k),
              { index, count: n, strategy: how, weight: (x) => w[x] ?? 0 },
            ),
          ).toEqual(expected[index]);
        }
      }),
    );
  });

  test('contiguous shard lengths: the first length % count are one longer', () => {
    fc.assert(
      fc.property(fc.nat({ max: 500 }), count, (length, n) => {
        const lengths = assignShards(length, n, 'contiguous').map((s) => s.length);
        lengths.forEach((got, i) => {
          expect(got).toBe(Math.floor(length / n) + (i < length % n ? 1 : 0));
        });
      }),
    );
  });
});
