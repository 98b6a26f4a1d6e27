import { closeSync, readSync } from 'node:fs';
import { IxjobError } from '../failure/ixjob-error.ts';
import { contentSample, fingerprintOf } from '../io/fingerprint.ts';
import { isGzip, openForReading } from '../io/open-file.ts';
import type { ItemScanner } from '../scan/item-scanner.ts';
import { crc32 } from './crc32.ts';
import {
  BLOCK_ENTRIES,
  blocksAt,
  ENTRY_BYTES,
  encodeHeader,
  entriesAt,
  HEADER_BYTES,
  type IndexedFormat,
  SIDECAR_SUFFIX,
} from './sidecar-format.ts';
import { type WriteAt, writeAside } from './write-aside.ts';

const CHUNK = 1 << 20;
const NEWLINE = 0x0a;
const BLOCK_BYTES = BLOCK_ENTRIES * ENTRY_BYTES;

/**
 * Writes `file.ixidx`: every item's offset, length and line, so that any item is found in
 * O(1). It is written aside and renamed into place (see write-aside.ts), and memory stays
 * flat: entries stream out a chunk at a time, each block's checksum taken on the way.
 */
export function writeSidecar(
  file: string,
  format: IndexedFormat,
  scanner: ItemScanner,
): { count: number; path: string } {
  // Only a regular file: a device or FIFO has no stable bytes for a sidecar to point into.
  const data = openForReading(file, 'only a regular file can be indexed');
  const path = `${file}${SIDECAR_SUFFIX}`;
  try {
    if (isGzip(data)) {
      throw new IxjobError(
        'usage',
        `${file} is gzip-compressed: a lookup has to inflate it from the start anyway, so index the uncompressed file`,
        file,
      );
    }
    const count = writeAside(path, 'the sidecar', (at) => writeEntries(data, format, scanner, at));
    return { count, path };
  } finally {
    closeSync(data);
  }
}

function writeEntries(data: number, format: IndexedFormat, scanner: ItemScanner, at: WriteAt) {
  const sample = contentSample(data);
  at(sample.bytes, HEADER_BYTES);
  const entries = new Uint8Array(CHUNK);
  const view = new DataView(entries.buffer);
  const blocks: number[] = [];
  let filled = 0;
  let count = 0;
  let written = entriesAt({ sampleLength: sample.bytes.length });
  // Flushed only when full (or at the end), so every block but the last is whole.
  const flush = (): void => {
    for (let block = 0; block < filled; block += BLOCK_BYTES)
      blocks.push(crc32(entries.subarray(block, Math.min(block + BLOCK_BYTES, filled))));
    at(entries.subarray(0, filled), written);
    written += filled;
    filled = 0;
  };
  const found = (start: number, end: number, line: number): boolean => {
    if (filled === entries.length) flush();
    view.setBigUint64(filled, BigInt(start), true);
    view.setUint32(filled + 8, end - start, true);
    view.setUint32(filled + 12, line, true);
    filled += ENTRY_BYTES;
    count += 1;
    return false;
  };
  const buffer = new Uint8Array(CHUNK);
  let newlines = 0;
  // Up to the size sampled: bytes appended meanwhile are not what the header describes.
  for (let position = 0; position < sample.size; ) {
    const got = readSync(data, buffer, 0, Math.min(CHUNK, sample.size - position), position);
    if (got === 0) break;
    const chunk = buffer.subarray(0, got);
    for (let at = chunk.indexOf(NEWLINE); at !== -1; at = chunk.indexOf(NEWLINE, at + 1))
      newlines += 1;
    scanner.push(chunk, position, found);
    position += got;
  }
  scanner.finish(found);
  flush();
  const table = new Uint8Array(blocks.length * 4);
  const tableView = new DataView(table.buffer);
  for (const [k, crc] of blocks.entries()) tableView.setUint32(k * 4, crc, true);
  at(table, blocksAt({ sampleLength: sample.bytes.length, count }));
  const header = encodeHeader({
    format,
    fileSize: sample.size,
    count,
    fingerprint: fingerprintOf(sample),
    sampleLength: sample.bytes.length,
    blocksCrc: crc32(table),
    newlines,
  });
  at(header, 0);
  return count;
}
