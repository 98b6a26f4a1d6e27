import { closeSync, constants, fstatSync, openSync } from 'node:fs';
import { contentSample } from '../io/fingerprint.ts';
import { openForReading, readAt, specialKind } from '../io/open-file.ts';
import { crc32 } from './crc32.ts';
import {
  type Entry,
  entryOutOfPlace,
  GAP_CHECKED,
  holdsNoItem,
  itemMisplaced,
} from './entry-checks.ts';
import {
  BLOCK_ENTRIES,
  blockCount,
  blocksAt,
  decodeHeader,
  ENTRY_BYTES,
  entriesAt,
  HEADER_BYTES,
  type IndexedFormat,
  SIDECAR_SUFFIX,
  sidecarSize,
} from './sidecar-format.ts';

/** The largest file a sidecar may say holds no item at all: read whole to be sure. */
const NO_ITEMS_CHECKED = 64 * 1024;

/** A sidecar found to match its file: what lookups through it need. */
export interface FreshSidecar {
  path: string;
  /** The data file it indexes. */
  file: string;
  format: IndexedFormat;
  count: number;
  fileSize: number;
  /** How many LF bytes the data file holds. */
  newlines: number;
  /** The data file's fingerprint, recorded when indexing: no need to hash it again. */
  fingerprint: string;
  /** Where the entries start. */
  entries: number;
  /** Each block's CRC-32, the table itself checked when the sidecar was opened. */
  blocks: Uint32Array;
}

/**
 * Checks `file.ixidx` at open: a regular file, a header whose checksum holds, for this
 * format, exactly as long as the header says, made for this file (same size, same sampled
 * bytes, compared byte for byte), and a block table whose checksum holds; the entries are
 * checked where they are used (sidecarItem). Otherwise says why not; nothing when there is no
 * sidecar at all. The data file is opened only when a sidecar exists.
 */
export function freshSidecar(
  file: string,
  format: IndexedFormat,
): { sidecar: FreshSidecar } | { stale: string } | undefined {
  const path = `${file}${SIDECAR_SUFFIX}`;
  let index: number;
  try {
    // Non-blocking: a FIFO named like a sidecar must not stall the lookup (it is refused below).
    index = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch {
    return undefined;
  }
  let fd: number | undefined;
  try {
    const stale = (reason: string) => ({ stale: `${path} ${reason}; scanning ${file} instead` });
    const stats = fstatSync(index);
    // Never read a FIFO or device named like a sidecar: it may block or never end.
    const kind = specialKind(stats);
    if (kind !== undefined) return stale(`is ${kind}, not a sidecar`);
    const header = decodeHeader(readAt(index, 0, HEADER_BYTES));
    if (typeof header === 'string') return stale(header);
    if (header.format !== format) return stale(`indexes ${header.format}, not ${format}`);
    if (stats.size !== sidecarSize(header))
      return stale(`is damaged (${stats.size} bytes, its header says ${sidecarSize(header)})`);
    fd = openForReading(file);
    const sample = contentSample(fd);
    if (header.fileSize !== sample.size)
      return stale('was made for another version of the file (size differs)');
    if (Buffer.compare(readAt(index, HEADER_BYTES, header.sampleLength), sample.bytes) !== 0)
      return stale('was made for another version of the file (content differs)');
    const table = readAt(index, blocksAt(header), blockCount(header.count) * 4);
    if (crc32(table) !== header.blocksCrc) return stale('is damaged (checksum of its blocks)');
    const view = new DataView(table.buffer, table.byteOffset, table.byteLength);
    const blocks = Uint32Array.from({ length: table.length / 4 }, (_, k) =>
      view.getUint32(k * 4, true),
    );
    const sidecar: FreshSidecar = {
      path,
      file,
      format,
      count: header.count,
      fileSize: header.fileSize,
      newlines: header.newlines,
      fingerprint: header.fingerprint,
      entries: entriesAt(header),
      blocks,
    };
    // The count is believed only once the last item is seen to end the file.
    const last = lastItemWrong(sidecar, fd);
    return last === undefined ? { sidecar } : stale(`is damaged (${last})`);
  } finally {
    closeSync(index);
    if (fd !== undefined) closeSync(fd);
  }
}

/** Why the last entry does not end the file (nothing left but separators), if it does not. */
function lastItemWrong(sidecar: FreshSidecar, fd: number): string | undefined {
  if (sidecar.count > 0) {
    const last = sidecarItem(sidecar, fd, sidecar.count - 1);
    return 'damaged' in last ? last.reason : undefined;
  }
  // A file of no items is small, or it is scanned.
  if (sidecar.fileSize > NO_ITEMS_CHECKED) return 'no items in a large file';
  return holdsNoItem(sidecar.format, readAt(fd, 0, sidecar.fileSize))
    ? undefined
    : 'no items counted';
}

/**
 * Item `index` (0 ≤ index < count) through a fresh sidecar: its bytes and the line it starts
 * on, or why the sidecar cannot be trusted for it. Reads the checksummed block(s) holding the
 * entry and its neighbours (16 KiB, checked), then the item with the bytes around it.
 */
export function sidecarItem(
  sidecar: FreshSidecar,
  fd: number,
  index: number,
): { bytes: Uint8Array; line: number } | { damaged: string; reason: string } {
  const damaged = (reason: string) => ({
    damaged: `${sidecar.path} is damaged (${reason}); scanning ${sidecar.file} instead`,
    reason,
  });
  const entry = checkedEntries(sidecar, index);
  if (typeof entry === 'string') return damaged(entry);
  const item = entry(index) as Entry;
  const previous = entry(index - 1);
  const next = entry(index + 1);
  const out = entryOutOfPlace(item, sidecar.fileSize, previous, next);
  if (out !== undefined) return damaged(`entry ${index} is ${out}`);
  // One read: the item and the bytes that separate it from its neighbours, checked below.
  const end = item.start + item.length;
  const gapStart = previous ? previous.start + previous.length : 0;
  const gapEnd = next ? next.start : sidecar.fileSize;
  const from = Math.max(gapStart, item.start - GAP_CHECKED);
  const to = Math.min(gapEnd, end + GAP_CHECKED);
  const window = readAt(fd, from, to - from);
  if (window.length !== to - from) return damaged('its file is shorter than it says');
  const bytes = window.subarray(item.start - from, end - from);
  const misplaced = itemMisplaced(sidecar.format, {
    entry: item,
    previous,
    next,
    item: bytes,
    before: window.subarray(0, item.start - from),
    after: window.subarray(end - from),
    beforeWhole: from === gapStart,
    afterWhole: to === gapEnd,
    fileNewlines: sidecar.newlines,
  });
  if (misplaced !== undefined) return damaged(`entry ${index} is ${misplaced}`);
  return { bytes, line: item.line };
}

/** Entries `index - 1` to `index + 1` once their blocks' checksums hold, or why not. */
function checkedEntries(
  sidecar: FreshSidecar,
  index: number,
): ((i: number) => Entry | undefined) | string {
  const firstBlock = Math.floor(Math.max(0, index - 1) / BLOCK_ENTRIES);
  const lastBlock = Math.floor(Math.min(sidecar.count - 1, index + 1) / BLOCK_ENTRIES);
  const from = firstBlock * BLOCK_ENTRIES;
  const to = Math.min(sidecar.count, (lastBlock + 1) * BLOCK_ENTRIES);
  const fd = openSync(sidecar.path, constants.O_RDONLY | constants.O_NONBLOCK);
  let table: Uint8Array;
  try {
    table = readAt(fd, sidecar.entries + from * ENTRY_BYTES, (to - from) * ENTRY_BYTES);
  } finally {
    closeSync(fd);
  }
  if (table.length !== (to - from) * ENTRY_BYTES) return 'cut short';
  for (let block = firstBlock; block <= lastBlock; block++) {
    const at = (block - firstBlock) * BLOCK_ENTRIES * ENTRY_BYTES;
    const bytes = table.subarray(at, Math.min(table.length, at + BLOCK_ENTRIES * ENTRY_BYTES));
    if (crc32(bytes) !== sidecar.blocks[block])
      return `checksum of entries from ${block * BLOCK_ENTRIES}`;
  }
  const view = new DataView(table.buffer, table.byteOffset, table.byteLength);
  const fileSize = BigInt(sidecar.fileSize);
  return (i) => {
    if (i < from || i >= to) return undefined;
    const at = (i - from) * ENTRY_BYTES;
    const start = view.getBigUint64(at, true);
    return {
      start: start > fileSize ? Number.POSITIVE_INFINITY : Number(start),
      length: view.getUint32(at + 8, true),
      line: view.getUint32(at + 12, true),
    };
  };
}
