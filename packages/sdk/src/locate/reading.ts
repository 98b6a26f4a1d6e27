import { type FailureKind, IxjobError } from '../failure/ixjob-error.ts';

/** What one source says about this pod's index. */
export interface IndexReading {
  /** The source's name as exported in `IXJOB_INDEX_SOURCE`. */
  source: string;
  /** Dense, 0-based. */
  index: number;
  /** Where the value was read, for messages: a variable, a flag or `file:line`. */
  where: string;
  /** The number of indexes, where the source gives one. */
  count?: number;
}

/** What one source says about how many times this index failed before. */
export interface AttemptReading {
  attempt: number;
  where: string;
}

export interface SourceFacts {
  indexes: IndexReading[];
  attempts: AttemptReading[];
}

/** The one form Kubernetes (strconv.Itoa) and every scheduler write: no sign, space or leading zero. */
export const CANONICAL_DECIMAL = /^(?:0|[1-9][0-9]*)$/;

/**
 * A non-negative decimal in its one canonical form. `007`, `+3`, ` 3` and `3.0` are refused
 * alike: a value written otherwise did not come from a scheduler, and guessing is how a pod
 * silently gets another index's work.
 */
export function parseDecimal(text: string, what: string, kind: FailureKind, where = what): number {
  const value = Number(text);
  if (!CANONICAL_DECIMAL.test(text) || !Number.isSafeInteger(value)) {
    const problem = /^0[0-9]+$/.test(text)
      ? 'has a leading zero (indexes are written 0, 1, 2, … as Kubernetes writes them)'
      : 'is not a non-negative whole number';
    throw new IxjobError(kind, `${what} ${problem}: ${JSON.stringify(text)}`, where);
  }
  return value;
}
