/** Hands out attempt numbers: per index from 0, never one twice, across resumes. */
export interface AttemptNumbers {
  /** The number the index's next attempt will take. */
  peek(index: number): number;
  /** Takes that number: the next `peek` gives one more. */
  take(index: number): number;
}

/**
 * Attempt numbers from where the journal left them (`ResumePoint.nextAttempts`). They are not
 * the controller's attempt count, which leaves out lost attempts: a log named by a reused
 * number would overwrite the lost attempt's.
 */
export function attemptNumbers(next: ReadonlyMap<number, number> = new Map()): AttemptNumbers {
  const numbers = new Map(next);
  return {
    peek: (index) => numbers.get(index) ?? 0,
    take(index) {
      const attempt = numbers.get(index) ?? 0;
      numbers.set(index, attempt + 1);
      return attempt;
    },
  };
}
