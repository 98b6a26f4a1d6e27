import { closeSync, createReadStream, readSync } from 'node:fs';
import { IxjobError } from '../failure/ixjob-error.ts';
import { isGzip, openForReading, readAt } from '../io/open-file.ts';
import type { ItemScanner } from './item-scanner.ts';

export interface Item {
  bytes: Uint8Array;
  /** The 1-based line the item starts on, for messages. */
  line: number;
}

export interface ScanOutcome {
  /** The item asked for, when the file has it. */
  item?: Item;
  /** How many items the file holds: known when the scan went to the end. */
  count?: number;
}

/** Small enough that what one read brings in is still in the cache when it is scanned. */
const CHUNK = 1 << 18;

/**
 * Scans `file` for item `index`, stopping there unless `toEnd` asks for the count too. One
 * 256 KiB buffer is reused, so memory stays flat on a file of any size; gzip is inflated as a
 * stream, keeping only the bytes of the item in progress, which a scanner from `scannerFor`
 * caps at MAX_ITEM_BYTES (item-cap.ts).
 */
export async function scanItems(
  file: string,
  scanner: ItemScanner,
  index: number | undefined,
  toEnd: boolean,
  chunkSize = CHUNK,
): Promise<ScanOutcome> {
  const fd = openForReading(file);
  try {
    return isGzip(fd)
      ? await scanGzip(file, scanner, index, toEnd)
      : scanPlain(fd, scanner, index, toEnd, chunkSize);
  } finally {
    closeSync(fd);
  }
}

interface Target {
  start: number;
  end: number;
  line: number;
}

/** Counts items and remembers where item `index` is; stops there unless `toEnd`. */
function counter(index: number | undefined, toEnd: boolean) {
  const state = { seen: 0, target: undefined as Target | undefined };
  const found = (start: number, end: number, line: number): boolean => {
    if (state.seen === index) {
      state.target = { start, end, line };
      state.seen += 1;
      return !toEnd;
    }
    state.seen += 1;
    return false;
  };
  return { state, found };
}

function scanPlain(
  fd: number,
  scanner: ItemScanner,
  index: number | undefined,
  toEnd: boolean,
  chunkSize: number,
): ScanOutcome {
  const { state, found } = counter(index, toEnd);
  const buffer = scanner.buffer?.(chunkSize) ?? new Uint8Array(chunkSize);
  let position = 0;
  let stopped = false;
  for (;;) {
    const got = readSync(fd, buffer, 0, buffer.length, position);
    if (got === 0) {
      stopped = scanner.finish(found);
      break;
    }
    const chunk = buffer.subarray(0, got);
    let from = 0;
    // Items before the target, or after it when counting, need not be reported one by one.
    const passable =
      index === undefined || state.target
        ? toEnd
          ? Number.POSITIVE_INFINITY
          : 0
        : index - state.seen;
    if (scanner.skip && passable > 0) {
      const { skipped, consumed } = scanner.skip(chunk, position, passable);
      state.seen += skipped;
      from = consumed;
    }
    if (from < got && scanner.push(chunk.subarray(from), position + from, found)) {
      stopped = true;
      break;
    }
    position += got;
  }
  const outcome: ScanOutcome = stopped ? {} : { count: state.seen };
  const target = state.target;
  if (target)
    outcome.item = {
      bytes: readAt(fd, target.start, target.end - target.start),
      line: target.line,
    };
  return outcome;
}

async function scanGzip(
  file: string,
  scanner: ItemScanner,
  index: number | undefined,
  toEnd: boolean,
): Promise<ScanOutcome> {
  const { state, found } = counter(index, toEnd);
  // Inflated chunks from the start of the item in progress: the target's bytes are among them.
  let kept: { at: number; chunk: Uint8Array }[] = [];
  let bytes: Uint8Array | undefined;
  const capture = (start: number, end: number, line: number): boolean => {
    const stop = found(start, end, line);
    if (state.target && bytes === undefined) bytes = sliceKept(kept, start, end);
    return stop;
  };
  let position = 0;
  let stopped = false;
  // zlib loads only for gzip: it alone would add milliseconds to every pod's start.
  const { createGunzip } = await import('node:zlib');
  // The stream opens the file itself, so stopping early never races a close of our descriptor.
  const source = createReadStream(file);
  const stream = source.pipe(createGunzip());
  source.on('error', (error) => stream.destroy(error));
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      kept.push({ at: position, chunk });
      if (scanner.push(chunk, position, capture)) {
        stopped = true;
        break;
      }
      position += chunk.length;
      const keepFrom = scanner.pendingStart();
      kept = kept.filter(({ at, chunk: c }) => at + c.length > keepFrom);
    }
    if (!stopped) stopped = scanner.finish(capture);
  } catch (error) {
    if (error instanceof IxjobError) throw error;
    throw new IxjobError('data', `${file}: not valid gzip (${(error as Error).message})`, file, {
      cause: error,
    });
  } finally {
    source.destroy();
    stream.destroy();
  }
  const outcome: ScanOutcome = stopped ? {} : { count: state.seen };
  if (state.target && bytes) outcome.item = { bytes, line: state.target.line };
  return outcome;
}

function sliceKept(
  kept: readonly { at: number; chunk: Uint8Array }[],
  start: number,
  end: number,
): Uint8Array {
  const out = new Uint8Array(end - start);
  for (const { at, chunk } of kept) {
    const from = Math.max(start, at);
    const to = Math.min(end, at + chunk.length);
    if (from < to) out.set(chunk.subarray(from - at, to - at), from - start);
  }
  return out;
}
