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

/** A sidecar found to match its file: what lookups through it need. */
export interface FreshSidecar {
  path: string;
  count: number;
  /** The data file's fingerprint, recorded when indexing: no need to hash it again. */
  fingerprint: string;
  /** Where the entries start. */
  entries: number;
}

/**
 * Checks `file.ixidx`: used when it is for this format and still matches the file (same size,
 * same sampled bytes, compared byte for byte: nothing is hashed); otherwise says why not, or
 * nothing when there is no sidecar at all. The data file is opened only when a sidecar exists.
 */
export function freshSidecar(
  file: string,
  format: IndexedFormat,
): { sidecar: FreshSidecar } | { stale: string } | undefined {
  const path = `${file}${SIDECAR_SUFFIX}`;
  let index: number;
  try {
    index = openForReading(path);
  } catch {
    return undefined;
  }
  let fd: number | undefined;
  try {
    fd = openForReading(file);
    const header = decodeHeader(readAt(index, 0, HEADER_BYTES));
    const stale = (reason: string) => ({ stale: `${path} ${reason}; scanning ${file} instead` });
    if (header === undefined) return stale('is not a sidecar this ixjob can read');
    if (header.format !== format) return stale(`indexes ${header.format}, not ${format}`);
    const sample = contentSample(fd);
    if (header.fileSize !== sample.size)
      return stale('was made for another version of the file (size differs)');
    if (Buffer.compare(readAt(index, HEADER_BYTES, header.sampleLength), sample.bytes) !== 0) {
      return stale('was made for another version of the file (content differs)');
    }
    return {
      sidecar: {
        path,
        count: header.count,
        fingerprint: header.fingerprint,
        entries: entriesAt(header),
      },
    };
  } finally {
    closeSync(index);
    if (fd !== undefined) closeSync(fd);
  }
}

/** Item `index` (0 ≤ index < count) through a fresh sidecar: its bytes and the line it starts on. */
export function sidecarItem(
  sidecar: FreshSidecar,
  fd: number,
  index: number,
): { bytes: Uint8Array; line: number } {
  const entryFd = openForReading(sidecar.path);
  try {
    const entry = new DataView(
      readAt(entryFd, sidecar.entries + index * ENTRY_BYTES, ENTRY_BYTES).buffer,
    );
    const start = Number(entry.getBigUint64(0, true));
    return { bytes: readAt(fd, start, entry.getUint32(8, true)), line: entry.getUint32(12, true) };
  } finally {
    closeSync(entryFd);
  }
}
