import { readFileSync, writeFileSync } from 'node:fs';
import { crc32 } from 'node:zlib';
import { scannerFor, writeSidecar } from '@ixjob/sdk/internal';
import { fileItems } from '../../src/scan/file-items.ts';
import {
  BLOCK_ENTRIES,
  ENTRY_BYTES,
  HEADER_BYTES,
  type IndexedFormat,
} from '../../src/sidecar/sidecar-format.ts';

/** A sidecar's bytes with the fields a damage needs to find. */
export interface SidecarBytes {
  bytes: Uint8Array;
  view: DataView;
  count: number;
  entries: number;
}

export function sidecarBytes(bytes: Uint8Array): SidecarBytes {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return {
    bytes,
    view,
    count: Number(view.getBigUint64(24, true)),
    entries: HEADER_BYTES + view.getUint32(64, true),
  };
}

/**
 * Recomputes every checksum from the bytes as they are: what a buggy writer or a forger
 * would produce. Only the entry checks made where an entry is used stand in the way then.
 */
export function reseal(bytes: Uint8Array): Uint8Array {
  const { count, entries } = sidecarBytes(bytes);
  const blocksAt = entries + count * ENTRY_BYTES;
  const blocks = Math.ceil(count / BLOCK_ENTRIES);
  const table = new Uint8Array(blocks * 4);
  const tableView = new DataView(table.buffer);
  for (let k = 0; k < blocks; k++) {
    const from = entries + k * BLOCK_ENTRIES * ENTRY_BYTES;
    const to = Math.min(blocksAt, from + BLOCK_ENTRIES * ENTRY_BYTES);
    tableView.setUint32(k * 4, crc32(bytes.subarray(from, to)), true);
  }
  const out = new Uint8Array(blocksAt + table.length);
  out.set(bytes.subarray(0, Math.min(bytes.length, blocksAt)));
  out.set(table, blocksAt);
  const outView = new DataView(out.buffer);
  outView.setUint32(72, crc32(table), true);
  outView.setUint32(HEADER_BYTES - 4, crc32(out.subarray(0, HEADER_BYTES - 4)), true);
  return out;
}

/** Swaps entries `a` and `b` in place; returns the bytes. */
export function swapEntries<T extends Uint8Array>(bytes: T, a: number, b: number): T {
  const { entries } = sidecarBytes(bytes);
  const at = (i: number) => entries + i * ENTRY_BYTES;
  // A copy: Buffer#slice would only be a view.
  const saved = new Uint8Array(bytes.subarray(at(a), at(a) + ENTRY_BYTES));
  bytes.copyWithin(at(a), at(b), at(b) + ENTRY_BYTES);
  bytes.set(saved, at(b));
  return bytes;
}

/** XORs byte `at` (from the end when negative) with `mask`; returns the bytes. */
export function flipByte(bytes: Uint8Array, at: number, mask = 1): Uint8Array {
  const i = at < 0 ? bytes.length + at : at;
  bytes[i] = (bytes[i] ?? 0) ^ mask;
  return bytes;
}

/** Sets the header's item count, leaving its checksum as it was; returns the bytes. */
export function setCount<T extends Uint8Array>(bytes: T, count: number): T {
  sidecarBytes(bytes).view.setBigUint64(24, BigInt(count), true);
  return bytes;
}

/** Adds `delta` to entry `i`'s start (and `grow` to its length); returns the bytes. */
export function moveEntry(bytes: Uint8Array, i: number, delta: number, grow = -delta): Uint8Array {
  const { view, entries } = sidecarBytes(bytes);
  const at = entries + i * ENTRY_BYTES;
  view.setBigUint64(at, BigInt(Math.max(0, Number(view.getBigUint64(at, true)) + delta)), true);
  view.setUint32(at + 8, Math.max(0, view.getUint32(at + 8, true) + grow), true);
  return bytes;
}

/** Adds one to entry `i`'s line; returns the bytes. */
export function bumpLine(bytes: Uint8Array, i: number): Uint8Array {
  const { view, entries } = sidecarBytes(bytes);
  const at = entries + i * ENTRY_BYTES + 12;
  view.setUint32(at, view.getUint32(at, true) + 1, true);
  return bytes;
}

export const index = (path: string, format: IndexedFormat) =>
  writeSidecar(path, format, scannerFor(format, path));

/** An item as a lookup gives it: its bytes (as latin1, one char a byte) and its line. */
export interface Served {
  text: string;
  line: number;
}

/** Every item of `path` by scanning alone: the truth a sidecar must agree with. */
export function scannedItems(path: string, format: IndexedFormat): Served[] {
  const items: Served[] = [];
  const bytes = readFileSync(path);
  const found = (start: number, end: number, line: number) => {
    items.push({ text: bytes.subarray(start, end).toString('latin1'), line });
    return false;
  };
  const scanner = scannerFor(format, path);
  scanner.push(bytes, 0, found);
  scanner.finish(found);
  return items;
}

/** What lookups through a (maybe damaged) sidecar give: each item, or the error it threw. */
export async function served(
  path: string,
  format: IndexedFormat,
  indexes: readonly number[],
): Promise<{ items: (Served | { kind: string; message: string })[]; warnings: string[] }> {
  const warnings: string[] = [];
  const items = fileItems(path, format, (message) => warnings.push(message));
  const out: (Served | { kind: string; message: string })[] = [];
  for (const i of indexes) {
    try {
      const { bytes, line } = await items.item(i);
      out.push({ text: Buffer.from(bytes).toString('latin1'), line });
    } catch (error) {
      const { kind, message } = error as { kind: string; message: string };
      out.push({ kind, message });
    }
  }
  return { items: out, warnings };
}

export const damage = (path: string, change: (bytes: Uint8Array) => Uint8Array): void => {
  writeFileSync(path, change(new Uint8Array(readFileSync(path))));
};
