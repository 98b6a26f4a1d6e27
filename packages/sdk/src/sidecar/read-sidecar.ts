import { closeSync } from 'node:fs';
import { contentSample } from '../io/fingerprint.ts';
import { openForReading, readAt } from '../io/open-file.ts';
import {
  decodeHeader,
  ENTRY_BYTES,
  entriesAt,
  HEADER_BYTES,
  type IndexedFormat,
  SIDECAR_SUFFIX,
} from './sidecar-format.ts';

/** A fresh sidecar: the item count and any item's bytes in O(1). */
export interface Sidecar {
  count: number;
  /** The data file's fingerprint, recorded when indexing: no need to hash it again. */
  fingerprint: string;
  /** Item `index` (0 ≤ index < count): its bytes and the line it starts on. */
  item(index: number): { bytes: Uint8Array; line: number };
  close(): void;
}

/**
 * Opens `file` through `file.ixidx` when that sidecar is for this format and still matches
 * the file (same size, same sampled bytes); otherwise says why it is not used, or nothing
 * when there is no sidecar at all. Freshness is a byte comparison: nothing is hashed.
 */
export function openSidecar(
  file: string,
  format: IndexedFormat,
  fd: number,
): { sidecar: Sidecar } | { stale: string } | undefined {
  let index: number;
  try {
    index = openForReading(`${file}${SIDECAR_SUFFIX}`);
  } catch {
    return undefined;
  }
  const header = decodeHeader(readAt(index, 0, HEADER_BYTES));
  const refuse = (reason: string) => {
    closeSync(index);
    return { stale: `${file}${SIDECAR_SUFFIX} ${reason}; scanning ${file} instead` };
  };
  if (header === undefined) return refuse('is not a sidecar this ixjob can read');
  if (header.format !== format) return refuse(`indexes ${header.format}, not ${format}`);
  const sample = contentSample(fd);
  if (header.fileSize !== sample.size)
    return refuse('was made for another version of the file (size differs)');
  const recorded = readAt(index, HEADER_BYTES, header.sampleLength);
  if (Buffer.compare(recorded, sample.bytes) !== 0) {
    return refuse('was made for another version of the file (content differs)');
  }
  const entries = entriesAt(header);
  return {
    sidecar: {
      count: header.count,
      fingerprint: header.fingerprint,
      item(i) {
        const entry = new DataView(readAt(index, entries + i * ENTRY_BYTES, ENTRY_BYTES).buffer);
        const start = Number(entry.getBigUint64(0, true));
        return {
          bytes: readAt(fd, start, entry.getUint32(8, true)),
          line: entry.getUint32(12, true),
        };
      },
      close: () => closeSync(index),
    },
  };
}
