import { openForReading } from '../io/open-file.ts';
import { checkIndex } from './check-index.ts';
import { flattenBatches } from './flatten-batches.ts';
import {
  csvDecoder,
  type Decode,
  decodeLine,
  decodeLines,
  jsonLineDecoder,
} from './record-decoders.ts';
import { type ByteSource, RecordWindow, rawBatches, skipPartial } from './record-window.ts';
import { contiguousBounds } from './shards.ts';
import { csvTerminators, flipPerQuote, lineTerminators, type Terminators } from './terminators.ts';

// Builtins through getBuiltinModule: their ESM facades cost a worker ~3 ms each at start-up.
const { closeSync, fstatSync, read } = process.getBuiltinModule('node:fs');

/** How records are delimited: LF-terminated lines, JSON Lines, or RFC 4180 CSV. */
export type RecordFormat = 'lines' | 'jsonl' | 'csv';

/** Which range of a file, and how its records look. */
export interface RangeOptions {
  /** This worker's range, `0..count-1` (usually the completion index). */
  readonly index: number;
  /** How many ranges the file is cut into (usually the completions count). */
  readonly count: number;
  /** Default `lines`. */
  readonly format?: RecordFormat;
  /** CSV only: the field separator, default `,`. */
  readonly delimiter?: string;
  /** Bytes per read, default 256 KiB; the buffer is reused and grows only for a longer record. */
  readonly bufferSize?: number;
}

/** Byte offsets `[start, end)` in a file. */
export interface ByteSpan {
  readonly start: number;
  readonly end: number;
}

const DEFAULT_BUFFER = 256 * 1024;

/**
 * The nominal byte range of `index` out of `count` in a file of `size` bytes: the first
 * `size % count` ranges one byte longer, as contiguous shards of a list and GNU
 * `split -n l/K/N` (coreutils ≥ 9.2; 9.1 gave the remainder to the last range) cut.
 */
export function byteRange(size: number, index: number, count: number): ByteSpan {
  return contiguousBounds(size, index, count);
}

/** An open file as a {@link ByteSource}; `close` when done. */
function openSource(path: string): ByteSource & { close(): void } {
  const fd = openForReading(path, 'a byte range is read at offsets');
  const { size } = fstatSync(fd);
  return {
    size,
    read: (buffer, offset, length, position) =>
      new Promise((resolve, reject) => {
        read(fd, buffer, offset, length, position, (error, got) =>
          error === null ? resolve(got) : reject(error),
        );
      }),
    close: () => closeSync(fd),
  };
}

/** Whether `position` is inside CSV quotes: counts `"` from the start of the file (see {@link readRange}). */
async function insideQuotesAt(source: ByteSource, position: number, bufferSize: number) {
  const buffer = Buffer.allocUnsafe(bufferSize);
  let inside = false;
  for (let at = 0; at < position; ) {
    const got = await source.read(buffer, 0, Math.min(bufferSize, position - at), at);
    if (got === 0) break;
    inside = flipPerQuote(buffer, 0, got, inside);
    at += got;
  }
  return inside;
}

/** The finder for `format`, holding the quote state at `position`. */
async function terminatorsAt(
  source: ByteSource,
  format: RecordFormat,
  position: number,
  bufferSize: number,
): Promise<Terminators> {
  if (format !== 'csv') return lineTerminators();
  return csvTerminators(await insideQuotesAt(source, position, bufferSize));
}

/** The offset of the first record that starts at or after `offset`, or the file's size. */
export async function firstRecordStart(
  source: ByteSource,
  offset: number,
  format: RecordFormat,
  bufferSize = DEFAULT_BUFFER,
): Promise<number> {
  if (offset <= 0) return 0;
  if (offset >= source.size) return source.size;
  const terminators = await terminatorsAt(source, format, offset - 1, bufferSize);
  const window = new RecordWindow(source, offset - 1, offset, bufferSize);
  const first = await skipPartial(window, terminators);
  return first === undefined ? source.size : window.base + first;
}

function checkFormat(format: RecordFormat): void {
  if (format !== 'lines' && format !== 'jsonl' && format !== 'csv') {
    throw new TypeError(`the format must be lines, jsonl or csv; got ${JSON.stringify(format)}`);
  }
}

/**
 * The bytes this index's records occupy: from its first record's start to the next index's
 * first record's start. Cheap for lines and JSON Lines (a record's worth of reading at each
 * end); for CSV it counts quotes from the start of the file, as {@link readRange} does.
 * Hand it to a tool that reads a byte range (`tail -c +S | head -c N`, an HTTP Range).
 */
export async function recordRange(path: string, options: RangeOptions): Promise<ByteSpan> {
  const { index, count, format = 'lines', bufferSize = DEFAULT_BUFFER } = options;
  checkFormat(format);
  const source = openSource(path);
  try {
    const nominal = byteRange(source.size, index, count);
    const start = await firstRecordStart(source, nominal.start, format, bufferSize);
    const end = await firstRecordStart(source, nominal.end, format, bufferSize);
    return { start: Math.min(start, end), end };
  } finally {
    source.close();
  }
}

/**
 * This index's records of a file cut into `count` byte ranges, in file order.
 *
 * **The rule** (Apache Beam's `TextSource`, and GNU `split -n l/K/N`): a record belongs to the
 * range its first byte is in. The ranges are {@link byteRange}: `⌊size/count⌋` bytes each, the
 * first `size % count` one longer. A reader looks at the byte before its start to see whether
 * a record starts exactly there, otherwise skips to the next record start, and reads its last
 * record to the end even past the range. So every record is read by exactly one index, with
 * only local reads; a range with no record start in it (a record longer than a range) is empty.
 *
 * **Records**: `lines` yields every LF-terminated line as a string (empty lines too; a last
 * line needs no LF); `jsonl` yields each line's parsed JSON value, skipping blank lines; `csv`
 * yields each record's fields (RFC 4180: quoted fields may hold delimiters, `""` and line
 * breaks), skipping empty lines. A CR before the LF is dropped. A CSV header is an ordinary
 * record of index 0.
 *
 * **Reads**: `lines` and `jsonl` read one byte before the range, the range, and the rest of
 * the last record, in a reused buffer. `csv` cannot tell from the bytes near an offset whether
 * it is inside quotes (a quoted field may hold anything, line breaks included), so it counts
 * `"` bytes from the start of the file up to the range (a memchr scan, no parsing): exact
 * for any content, at the price of reading the file's prefix.
 *
 * @example
 * for await (const line of readRange('/data/urls.txt', { index, count })) await fetchOne(line);
 */
export function readRange(
  path: string,
  options: RangeOptions & { readonly format?: 'lines' },
): AsyncGenerator<string>;
export function readRange(
  path: string,
  options: RangeOptions & { readonly format: 'jsonl' },
): AsyncGenerator<unknown>;
export function readRange(
  path: string,
  options: RangeOptions & { readonly format: 'csv' },
): AsyncGenerator<string[]>;
export function readRange(path: string, options: RangeOptions): AsyncGenerator<unknown>;
export function readRange(path: string, options: RangeOptions): AsyncGenerator<unknown> {
  return flattenBatches(readRangeBatches(path, options));
}

/**
 * {@link readRange}'s records a buffer's worth at a time (thousands of short lines per array):
 * one await per read instead of one per record, for loops that handle millions of records.
 */
export function readRangeBatches(
  path: string,
  options: RangeOptions & { readonly format?: 'lines' },
): AsyncGenerator<string[]>;
export function readRangeBatches(
  path: string,
  options: RangeOptions & { readonly format: 'jsonl' },
): AsyncGenerator<unknown[]>;
export function readRangeBatches(
  path: string,
  options: RangeOptions & { readonly format: 'csv' },
): AsyncGenerator<string[][]>;
export function readRangeBatches(path: string, options: RangeOptions): AsyncGenerator<unknown[]>;
export async function* readRangeBatches(
  path: string,
  options: RangeOptions,
): AsyncGenerator<unknown[]> {
  const { index, count, format = 'lines', delimiter = ',', bufferSize = DEFAULT_BUFFER } = options;
  checkIndex(index, count);
  checkFormat(format);
  if (!Number.isSafeInteger(bufferSize) || bufferSize < 1) {
    throw new RangeError(`bufferSize must be a positive integer; got ${bufferSize}`);
  }
  const decode: Decode<unknown> =
    format === 'lines'
      ? decodeLine
      : format === 'jsonl'
        ? jsonLineDecoder(path)
        : csvDecoder(delimiter);
  const source = openSource(path);
  try {
    yield* rangeBatches(source, index, count, format, decode, bufferSize);
  } finally {
    source.close();
  }
}

/** The core of {@link readRangeBatches} on any byte source; batches are never empty. */
export async function* rangeBatches<T>(
  source: ByteSource,
  index: number,
  count: number,
  format: RecordFormat,
  decode: Decode<T>,
  bufferSize = DEFAULT_BUFFER,
): AsyncGenerator<T[]> {
  const { start, end } = byteRange(source.size, index, count);
  if (start === end) return;
  const terminators = await terminatorsAt(source, format, Math.max(start - 1, 0), bufferSize);
  for await (const batch of rawBatches(source, start, end, terminators, bufferSize)) {
    if (decode === decodeLine) {
      yield decodeLines(batch) as T[];
      continue;
    }
    const values: T[] = [];
    try {
      for (const record of batch) {
        const value = decode(record);
        if (value !== undefined) values.push(value);
      }
    } catch (error) {
      // The records before a bad one are still handed out, in order, before the error.
      if (values.length > 0) yield values;
      throw error;
    }
    if (values.length > 0) yield values;
  }
}

/** {@link rangeBatches} one record at a time. */
export function rangeRecords<T>(
  source: ByteSource,
  index: number,
  count: number,
  format: RecordFormat,
  decode: Decode<T>,
  bufferSize = DEFAULT_BUFFER,
): AsyncGenerator<T> {
  return flattenBatches(rangeBatches(source, index, count, format, decode, bufferSize));
}
