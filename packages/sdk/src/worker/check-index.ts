// Plain RangeErrors: a bad index or count here is the calling code's bug, not bad input.

/** Throws unless `count` is a positive safe integer. */
export function checkCount(count: number): void {
  if (!Number.isSafeInteger(count) || count < 1) {
    throw new RangeError(`the count must be a positive integer; got ${count}`);
  }
}

/** Throws unless `index` is an integer in `0..count-1` (and `count` is valid). */
export function checkIndex(index: number, count: number): void {
  checkCount(count);
  if (!Number.isSafeInteger(index) || index < 0 || index >= count) {
    throw new RangeError(`the index must be an integer in 0..${count - 1}; got ${index}`);
  }
}
