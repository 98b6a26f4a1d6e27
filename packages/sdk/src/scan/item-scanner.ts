/**
 * Called for each complete item, with its byte range in the (decompressed) stream, end
 * exclusive and terminator excluded, and the 1-based line it starts on. Return `true` to stop.
 */
export type ItemCallback = (start: number, end: number, line: number) => boolean | undefined;

/**
 * Finds where items (non-blank lines, CSV records, JSON array elements) start and end in a
 * byte stream fed chunk by chunk, without keeping the chunks: memory stays constant however
 * large the file. Malformed input throws `IxjobError('data', …, 'file:line')`.
 */
export interface ItemScanner {
  /** Scans `chunk`, which starts at absolute offset `at`. Returns `true` when a callback stopped it. */
  push(chunk: Uint8Array, at: number, found: ItemCallback): boolean;
  /** End of input: reports a last unterminated item, or throws if the input cannot end here. */
  finish(found: ItemCallback): boolean;
  /** Offset where the item being scanned (not yet complete) began: bytes before it can be dropped. */
  pendingStart(): number;
  /** The 1-based line that item (or the gap before the next one) starts on, for messages. */
  pendingLine(): number;
  /**
   * Optional fast path: passes over up to `count` complete items of `chunk` without reporting
   * them, when `chunk` lies in `buffer()`. Returns how many it passed and where in the chunk
   * scanning resumes (with `push`, for the rest).
   */
  skip?(chunk: Uint8Array, at: number, count: number): { skipped: number; consumed: number };
  /** The buffer to read chunks into for `skip`; at most `size` bytes long. */
  buffer?(size: number): Uint8Array;
}
