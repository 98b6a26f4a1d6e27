/**
 * Items of batches, one `next()` per item without an async generator per item: a generator
 * pays a microtask hop per `yield`, several times what serving from an array costs.
 */
export function flattenBatches<T>(batches: AsyncGenerator<T[]>): AsyncGenerator<T> {
  let current: readonly T[] = [];
  let at = 0;
  const done = (): IteratorResult<T> => ({ value: undefined, done: true });
  const iterator: AsyncGenerator<T> = {
    next(): Promise<IteratorResult<T>> {
      if (at < current.length) return Promise.resolve({ value: current[at++] as T, done: false });
      return batches.next().then((result) => {
        if (result.done === true) return done();
        current = result.value;
        at = 0;
        return iterator.next();
      });
    },
    // A `break` out of `for await` lands here: the batches' `finally` closes the file.
    async return() {
      current = [];
      await batches.return(undefined);
      return done();
    },
    async throw(error: unknown) {
      current = [];
      await batches.return(undefined);
      throw error;
    },
    [Symbol.asyncIterator]() {
      return iterator;
    },
    async [Symbol.asyncDispose]() {
      await iterator.return(undefined);
    },
  };
  return iterator;
}
