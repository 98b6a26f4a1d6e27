import type { Terminators } from './terminators.ts';

/** Where records are read from: the file's size and positional reads (tests pass a counting one). */
export interface ByteSource {
  readonly size: number;
  read(buffer: Buffer, offset: number, length: number, position: number): Promise<number>;
}

/** The first read past the range's end: most records are short, so reading on grows from here. */
const FIRST_TAIL_READ = 4096;

/**
 * One reused buffer sliding over the file. Reads stop at `stop` (the range's end) and go past
 * it in small, doubling steps, so a range costs its bytes plus about one record; the buffer
 * grows only when a single record is longer than it.
 */
export class RecordWindow {
  buffer: Buffer;
  /** The file offset of `buffer[0]`. */
  base: number;
  /** How many bytes of `buffer` hold data. */
  filled = 0;
  #ended = false;
  #tail = FIRST_TAIL_READ;
  readonly #source: ByteSource;
  readonly #stop: number;

  constructor(source: ByteSource, from: number, stop: number, bufferSize: number) {
    this.#source = source;
    this.#stop = stop;
    this.base = from;
    this.buffer = Buffer.allocUnsafe(bufferSize);
  }

  /**
   * Drops the bytes before `keepFrom` (later indexes shift down by it), then reads more.
   * False at the end of the file.
   */
  async more(keepFrom: number): Promise<boolean> {
    if (keepFrom > 0) {
      this.buffer.copyWithin(0, keepFrom, this.filled);
      this.base += keepFrom;
      this.filled -= keepFrom;
    }
    if (this.filled === this.buffer.length) {
      const grown = Buffer.allocUnsafe(this.buffer.length * 2);
      this.buffer.copy(grown, 0, 0, this.filled);
      this.buffer = grown;
    }
    if (this.#ended) return false;
    const position = this.base + this.filled;
    const free = this.buffer.length - this.filled;
    let length = Math.min(free, this.#stop - position);
    if (length <= 0) {
      length = Math.min(free, this.#tail);
      this.#tail *= 2;
    }
    const got = await this.#source.read(this.buffer, this.filled, length, position);
    if (got === 0) this.#ended = true;
    this.filled += got;
    return got > 0;
  }
}

/**
 * Moves past the partial record the window starts in: returns the buffer index just after the
 * first terminator, or undefined when the file ends first. Skipped bytes are dropped as read.
 */
export async function skipPartial(
  window: RecordWindow,
  terminators: Terminators,
): Promise<number | undefined> {
  let from = 0;
  for (;;) {
    const at = terminators.find(window.buffer, from, window.filled);
    if (at !== -1) return at + 1;
    if (!(await window.more(window.filled))) return undefined;
    from = 0;
  }
}

/** One record: `buffer[start, end)` without its LF or a CR before it, at file offset `offset`. */
export interface RawRecord {
  readonly buffer: Buffer;
  readonly start: number;
  readonly end: number;
  readonly offset: number;
}

const CR = 0x0d;

const rawRecord = (buffer: Buffer, start: number, end: number, base: number): RawRecord => ({
  buffer,
  start,
  end: end > start && buffer[end - 1] === CR ? end - 1 : end,
  offset: base + start,
});

/**
 * The records that start in `[start, end)` of the source (the first-byte rule), in order, a
 * batch per buffer so the caller pays one await per read, not per record. `terminators` must
 * hold the quote state at `max(start - 1, 0)`. A batch's views are valid until the next batch.
 */
export async function* rawBatches(
  source: ByteSource,
  start: number,
  end: number,
  terminators: Terminators,
  bufferSize: number,
): AsyncGenerator<RawRecord[]> {
  // The byte before `start` says whether a record starts exactly at `start`.
  const window = new RecordWindow(source, Math.max(start - 1, 0), end, bufferSize);
  let at = 0;
  if (start > 0) {
    const first = await skipPartial(window, terminators);
    if (first === undefined) return;
    at = first;
  }
  let from = at;
  let batch: RawRecord[] = [];
  for (;;) {
    if (window.base + at >= end) break;
    const newline = terminators.find(window.buffer, from, window.filled);
    if (newline !== -1) {
      batch.push(rawRecord(window.buffer, at, newline, window.base));
      at = newline + 1;
      from = at;
      continue;
    }
    // The finder has seen everything up to `filled`: resume after it once the window slides.
    from = window.filled - at;
    if (batch.length > 0) {
      yield batch;
      batch = [];
    }
    if (!(await window.more(at))) {
      if (window.filled > 0) batch.push(rawRecord(window.buffer, 0, window.filled, window.base));
      break;
    }
    at = 0;
  }
  if (batch.length > 0) yield batch;
}
