import { type IndexInterval, intervalAt, intervalsHave } from './intervals.ts';

/**
 * The indexes waiting to start, as increasing disjoint intervals: with lowest-first starts the
 * list stays a handful of retried indexes plus the untouched tail, whatever `completions` is.
 */
export interface PendingIndexes {
  has(index: number): boolean;
  add(index: number): void;
  delete(index: number): void;
  /** The `count` lowest pending indexes, ascending. */
  lowest(count: number): number[];
  readonly size: number;
}

export function createPendingIndexes(completions: number): PendingIndexes {
  const runs: IndexInterval[] = completions > 0 ? [{ first: 0, last: completions - 1 }] : [];
  let size = completions;

  return {
    has: (index) => intervalsHave(runs, index),
    add(index) {
      const at = intervalAt(runs, index);
      const before = runs[at - 1];
      const after = runs[at];
      // Already pending: adding is idempotent.
      if (after !== undefined && after.first <= index) return;
      const joinsBefore = before !== undefined && before.last + 1 === index;
      const joinsAfter = after !== undefined && after.first - 1 === index;
      if (joinsBefore && joinsAfter) {
        runs.splice(at - 1, 2, { first: before.first, last: after.last });
      } else if (joinsBefore) {
        runs[at - 1] = { first: before.first, last: index };
      } else if (joinsAfter) {
        runs[at] = { first: index, last: after.last };
      } else {
        runs.splice(at, 0, { first: index, last: index });
      }
      size++;
    },
    delete(index) {
      const at = intervalAt(runs, index);
      const run = runs[at];
      if (run === undefined || run.first > index) return;
      const pieces: IndexInterval[] = [];
      if (run.first < index) pieces.push({ first: run.first, last: index - 1 });
      if (index < run.last) pieces.push({ first: index + 1, last: run.last });
      runs.splice(at, 1, ...pieces);
      size--;
    },
    lowest(count) {
      const out: number[] = [];
      for (const run of runs) {
        for (let index = run.first; index <= run.last && out.length < count; index++) {
          out.push(index);
        }
        if (out.length >= count) break;
      }
      return out;
    },
    get size() {
      return size;
    },
  };
}
