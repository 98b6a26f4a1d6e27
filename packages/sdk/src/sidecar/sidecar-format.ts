import { crc32 } from './crc32.ts';

/** The item grammars a sidecar can index; a sidecar only serves the grammar it was built for. */
export type IndexedFormat = 'lines' | 'csv' | 'tsv' | 'json';

export const SIDECAR_SUFFIX = '.ixidx';
const MAGIC = new TextEncoder().encode('IXIDX\0\0\x03');
export const HEADER_BYTES = 128;
/** Per item: start offset (u64), length (u32), line (u32). */
export const ENTRY_BYTES = 16;
/**
 * Entries per checksummed block: a lookup reads and checks 16 KiB (~10 µs of CRC-32) however
 * long the table, and opening checks a table of 4 bytes per 1024 items (4 KB per million).
 */
export const BLOCK_ENTRIES = 1024;
/** Where the header's own checksum sits: it covers every byte before it. */
const HEADER_CRC_AT = HEADER_BYTES - 4;
const FORMAT_CODES: Record<IndexedFormat, number> = { lines: 1, csv: 2, tsv: 3, json: 4 };

/**
 * Layout: this header, the data file's content sample (see io/fingerprint.ts), one entry per
 * item, then one CRC-32 per block of BLOCK_ENTRIES entries. The header carries its own CRC-32
 * and the CRC-32 of the block table, so opening checks both in O(count / 256) bytes and a
 * lookup checks the one block it reads. The sample lets a reader check freshness by
 * comparing bytes, not hashing; a damaged sample simply no longer matches the file.
 */
export interface SidecarHeader {
  format: IndexedFormat;
  fileSize: number;
  count: number;
  /** The data file's fingerprint when the sidecar was written. */
  fingerprint: string;
  sampleLength: number;
  /** CRC-32 of the block table. */
  blocksCrc: number;
  /** How many LF bytes the data file holds: the last item's line is checked against it. */
  newlines: number;
}

export const entriesAt = (header: Pick<SidecarHeader, 'sampleLength'>): number =>
  HEADER_BYTES + header.sampleLength;

export const blockCount = (count: number): number => Math.ceil(count / BLOCK_ENTRIES);

export const blocksAt = (header: Pick<SidecarHeader, 'sampleLength' | 'count'>): number =>
  entriesAt(header) + header.count * ENTRY_BYTES;

/** The exact size a whole sidecar with this header has: anything else is cut short or padded. */
export const sidecarSize = (header: Pick<SidecarHeader, 'sampleLength' | 'count'>): number =>
  blocksAt(header) + blockCount(header.count) * 4;

export function encodeHeader(header: SidecarHeader): Uint8Array {
  const bytes = new Uint8Array(HEADER_BYTES);
  const view = new DataView(bytes.buffer);
  bytes.set(MAGIC, 0);
  view.setUint32(8, FORMAT_CODES[header.format], true);
  view.setUint32(12, ENTRY_BYTES, true);
  view.setBigUint64(16, BigInt(header.fileSize), true);
  view.setBigUint64(24, BigInt(header.count), true);
  bytes.set(Uint8Array.from(Buffer.from(header.fingerprint, 'hex')), 32);
  view.setUint32(64, header.sampleLength, true);
  view.setUint32(68, BLOCK_ENTRIES, true);
  view.setUint32(72, header.blocksCrc, true);
  view.setBigUint64(80, BigInt(header.newlines), true);
  view.setUint32(HEADER_CRC_AT, crc32(bytes.subarray(0, HEADER_CRC_AT)), true);
  return bytes;
}

/**
 * The header, or why the bytes are not a sidecar this version can use: another version's
 * magic, or a checksum that does not match (a damaged header is never believed).
 */
export function decodeHeader(bytes: Uint8Array): SidecarHeader | string {
  if (bytes.length < HEADER_BYTES) return 'is cut short';
  if (!MAGIC.every((byte, i) => bytes[i] === byte))
    return 'is not a sidecar this ixjob can read (re-run ixjob index)';
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getUint32(HEADER_CRC_AT, true) !== crc32(bytes.subarray(0, HEADER_CRC_AT)))
    return 'is damaged (header checksum)';
  const code = view.getUint32(8, true);
  const format = (Object.keys(FORMAT_CODES) as IndexedFormat[]).find(
    (f) => FORMAT_CODES[f] === code,
  );
  if (
    format === undefined ||
    view.getUint32(12, true) !== ENTRY_BYTES ||
    view.getUint32(68, true) !== BLOCK_ENTRIES
  )
    return 'is not a sidecar this ixjob can read (re-run ixjob index)';
  return {
    format,
    fileSize: Number(view.getBigUint64(16, true)),
    count: Number(view.getBigUint64(24, true)),
    fingerprint: Buffer.from(bytes.subarray(32, 64)).toString('hex'),
    sampleLength: view.getUint32(64, true),
    blocksCrc: view.getUint32(72, true),
    newlines: Number(view.getBigUint64(80, true)),
  };
}
