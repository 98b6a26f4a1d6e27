import { closeSync, openSync, readSync, renameSync, rmSync, writeSync } from 'node:fs';
import { IxjobError } from '../failure/ixjob-error.ts';
import { contentSample, fingerprintOf } from '../io/fingerprint.ts';
import { isGzip, openForReading } from '../io/open-file.ts';
import type { ItemScanner } from '../scan/item-scanner.ts';
import {
  ENTRY_BYTES,
  encodeHeader,
  entriesAt,
  HEADER_BYTES,
  type IndexedFormat,
  SIDECAR_SUFFIX,
} from './sidecar-format.ts';

const CHUNK = 1 << 20;

/**
 * Writes `file.ixidx`: every item's offset, length and line, so that any item is found in
 * O(1). Entries stream to a temporary file that is renamed into place, so readers never see
 * a half-written sidecar and memory stays flat.
 */
export function writeSidecar(
  file: string,
  format: IndexedFormat,
  scanner: ItemScanner,
): { count: number; path: string } {
  const data = openForReading(file);
  const path = `${file}${SIDECAR_SUFFIX}`;
  const temporary = `${path}.${process.pid}.tmp`;
  let out: number | undefined;
  try {
    if (isGzip(data)) {
      throw new IxjobError(
        'usage',
        `${file} is gzip-compressed: a lookup has to inflate it from the start anyway, so index the uncompressed file`,
        file,
      );
    }
    out = openSync(temporary, 'w');
    const entries = new Uint8Array(CHUNK);
    const view = new DataView(entries.buffer);
    let filled = 0;
    let count = 0;
    const sample = contentSample(data);
    writeSync(out, sample.bytes, 0, sample.bytes.length, HEADER_BYTES);
    const sink = out;
    let written = entriesAt({ sampleLength: sample.bytes.length });
    const flush = (): void => {
      written += writeSync(sink, entries, 0, filled, written);
      filled = 0;
    };
    const found = (start: number, end: number, line: number): boolean => {
      if (filled + ENTRY_BYTES > entries.length) flush();
      view.setBigUint64(filled, BigInt(start), true);
      view.setUint32(filled + 8, end - start, true);
      view.setUint32(filled + 12, line, true);
      filled += ENTRY_BYTES;
      count += 1;
      return false;
    };
    const buffer = new Uint8Array(CHUNK);
    for (let position = 0; ; ) {
      const got = readSync(data, buffer, 0, CHUNK, position);
      if (got === 0) break;
      scanner.push(buffer.subarray(0, got), position, found);
      position += got;
    }
    scanner.finish(found);
    flush();
    const header = encodeHeader({
      format,
      fileSize: sample.size,
      count,
      fingerprint: fingerprintOf(sample),
      sampleLength: sample.bytes.length,
    });
    writeSync(out, header, 0, header.length, 0);
    closeSync(out);
    out = undefined;
    renameSync(temporary, path);
    return { count, path };
  } finally {
    if (out !== undefined) closeSync(out);
    rmSync(temporary, { force: true });
    closeSync(data);
  }
}
