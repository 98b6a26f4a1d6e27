import { IxjobError, quoteInput } from '@ixjob/sdk/internal';

/**
 * Index interval strings, as Kubernetes writes `status.completedIndexes` and `failedIndexes`
 * and reads `successPolicy.rules[].succeededIndexes`: comma-separated parts, each an index or
 * `first-last`, in increasing order.
 */

/** Indexes `first..last`, both included. */
export interface IndexInterval {
  readonly first: number;
  readonly last: number;
}

/** The most completions a Job can have (`spec.completions` is an int32). */
export const MAX_COMPLETIONS = 2 ** 31 - 1;

const FORM = 'write increasing indexes like 0-3,5,7-9';

/**
 * Writes `indexes` (any order, repeats allowed) exactly as Kubernetes does: maximal runs,
 * a run of three or more as `a-b`, two neighbours as `a,b`.
 */
export function formatIntervals(indexes: Iterable<number>): string {
  const sorted = [...new Set(indexes)].sort((a, b) => a - b);
  for (const index of sorted) {
    if (!Number.isSafeInteger(index) || index < 0) {
      throw new RangeError(`${index} is not a completion index`);
    }
  }
  return formatIntervalList(runsOf(sorted));
}

/** Writes disjoint, increasing intervals the way `orderedIntervals.String()` does. */
export function formatIntervalList(intervals: readonly IndexInterval[]): string {
  return intervals
    .map(({ first, last }) => {
      if (last === first) return String(first);
      // Kubernetes spells a run of two as a list: `1,2`, never `1-2`.
      return `${first}${last === first + 1 ? ',' : '-'}${last}`;
    })
    .join(',');
}

/**
 * Parses an interval string with Kubernetes' rules for `succeededIndexes`: no whitespace, no
 * empty part, each part `N` or `A-B` with `A < B`, parts strictly increasing, every index
 * below `completions`. `1-2` and a leading `+` are accepted, as Kubernetes accepts them.
 * Returns the intervals as written, neighbours merged.
 */
export function parseIntervalList(
  text: string,
  where: string,
  completions: number = MAX_COMPLETIONS,
): IndexInterval[] {
  const bad = (reason: string) =>
    new IxjobError('usage', `bad index list ${quoteInput(text)}: ${reason}; ${FORM}`, where);
  if (text === '') throw new IxjobError('usage', `the index list is empty; ${FORM}`, where);
  const out: IndexInterval[] = [];
  let previous: number | undefined;
  text.split(',').forEach((part, position) => {
    if (part === '') throw bad(`part ${position + 1} is empty`);
    const limits = part.split('-');
    if (limits.length > 2)
      throw bad(`${quoteInput(part)} has more than two parts separated by "-"`);
    if (limits.includes('')) throw bad(`${quoteInput(part)} is missing an index`);
    const [first = 0, last] = limits.map((limit) => indexOf(limit, completions, bad));
    if (last !== undefined && first >= last) {
      throw bad(
        first === last
          ? `${quoteInput(part)} does not increase; write the single index ${first}`
          : `${quoteInput(part)} does not increase; write ${last}-${first}`,
      );
    }
    if (previous !== undefined && first <= previous) {
      throw bad(`${first} follows ${previous}: indexes must increase`);
    }
    const end = last ?? first;
    const before = out.at(-1);
    if (before !== undefined && before.last + 1 === first) {
      out[out.length - 1] = { first: before.first, last: end };
    } else {
      out.push({ first, last: end });
    }
    previous = end;
  });
  return out;
}

/** Parses an interval string (see `parseIntervalList`) into its indexes, ascending. */
export function parseIntervals(
  text: string,
  where: string,
  completions: number = MAX_COMPLETIONS,
): number[] {
  return parseIntervalList(text, where, completions).flatMap(({ first, last }) =>
    Array.from({ length: last - first + 1 }, (_, k) => first + k),
  );
}

/** How many indexes the intervals hold. */
export function intervalsTotal(intervals: readonly IndexInterval[]): number {
  return intervals.reduce((total, { first, last }) => total + last - first + 1, 0);
}

/** The position of the first of the increasing, disjoint `intervals` ending at or after `index`: a binary search. */
export function intervalAt(intervals: readonly IndexInterval[], index: number): number {
  let low = 0;
  let high = intervals.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((intervals[middle] as IndexInterval).last >= index) high = middle;
    else low = middle + 1;
  }
  return low;
}

/** Whether `index` lies in the increasing, disjoint `intervals`. */
export function intervalsHave(intervals: readonly IndexInterval[], index: number): boolean {
  const found = intervals[intervalAt(intervals, index)];
  return found !== undefined && found.first <= index;
}

/** Maximal runs of consecutive numbers in an ascending, repeat-free list. */
function runsOf(sorted: readonly number[]): IndexInterval[] {
  const runs: IndexInterval[] = [];
  for (const index of sorted) {
    const last = runs.at(-1);
    if (last !== undefined && last.last + 1 === index) {
      runs[runs.length - 1] = { first: last.first, last: index };
    } else {
      runs.push({ first: index, last: index });
    }
  }
  return runs;
}

/** One limit of a part, as Go's `strconv.Atoi` reads it (digits, an optional `+`). */
function indexOf(limit: string, completions: number, bad: (reason: string) => IxjobError): number {
  if (!/^\+?[0-9]+$/.test(limit))
    throw bad(`${quoteInput(limit)} is not an index (a whole number)`);
  const index = Number(limit);
  if (index >= completions) {
    throw bad(
      completions === 0
        ? `index ${limit} is too large: there are no completions`
        : `index ${limit} is too large for ${completions} completions (0-${completions - 1})`,
    );
  }
  return index;
}
