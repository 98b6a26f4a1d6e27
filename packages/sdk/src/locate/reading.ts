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

const DECIMAL = /^[0-9]+$/;

/** A non-negative decimal, as Kubernetes and every scheduler write indexes. */
export function parseDecimal(text: string, what: string, kind: FailureKind, where = what): number {
  const value = Number(text);
  if (!DECIMAL.test(text) || !Number.isSafeInteger(value)) {
    throw new IxjobError(
      kind,
      `${what} is not a non-negative whole number: ${JSON.stringify(text)}`,
      where,
    );
  }
  return value;
}
