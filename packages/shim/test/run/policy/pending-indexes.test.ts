import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { createPendingIndexes } from '../../../src/run/policy/pending-indexes.ts';

describe('createPendingIndexes', () => {
  test('starts with every index, lowest first', () => {
    const pending = createPendingIndexes(5);
    expect(pending.lowest(3)).toEqual([0, 1, 2]);
    expect(pending.lowest(9)).toEqual([0, 1, 2, 3, 4]);
    expect(pending.size).toBe(5);
  });

  test('a retried index comes back in order', () => {
    const pending = createPendingIndexes(6);
    for (const index of [0, 1, 2, 3]) pending.delete(index);
    pending.add(1);
    expect(pending.lowest(3)).toEqual([1, 4, 5]);
  });

  test('no completions, nothing pending', () => {
    expect(createPendingIndexes(0).lowest(1)).toEqual([]);
  });

  test('behaves as a sorted set', () => {
    const operation = fc.record({ add: fc.boolean(), index: fc.nat({ max: 29 }) });
    fc.assert(
      fc.property(
        fc.array(operation, { maxLength: 200 }),
        fc.nat({ max: 31 }),
        (operations, count) => {
          const pending = createPendingIndexes(30);
          const model = new Set(Array.from({ length: 30 }, (_, i) => i));
          for (const { add, index } of operations) {
            if (add) {
              pending.add(index);
              model.add(index);
            } else {
              pending.delete(index);
              model.delete(index);
            }
            expect(pending.has(index)).toBe(model.has(index));
            expect(pending.size).toBe(model.size);
          }
          expect(pending.lowest(count)).toEqual([...model].sort((a, b) => a - b).slice(0, count));
        },
      ),
    );
  });
});
