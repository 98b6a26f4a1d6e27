/** The item grammars a sidecar can index; a sidecar only serves the grammar it was built for. */
export type IndexedFormat = 'lines' | 'csv' | 'tsv' | 'json';

export const SIDECAR_SUFFIX = '.ixidx';
const MAGIC = new TextEncoder().encode('IXIDX\0\0\x02');
export const HEADER_BYTES = 128;
/** Per item: start offset (u64), length (u32), line (u32). */
export const ENTRY_BYTES = 16;
const FORMAT_CODES: Record<IndexedFormat, number> = { lines: 1, csv: 2, tsv: 3, json: 4 };

/**
 * Layout: this header, then the data file's content sample (see io/fingerprint.ts), then one
 * entry per item. The sample lets a reader check freshness by comparing bytes, not hashing.
 */
export interface SidecarHeader {
  format: IndexedFormat;
  fileSize: number;
  count: number;
  /** The data file's fingerprint when the sidecar was written. */
  fingerprint: string;
  sampleLength: number;
}

export const entriesAt = (header: Pick<SidecarHeader, 'sampleLength'>): number =>
  HEADER_BYTES + header.sampleLength;

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
  return bytes;
}

/** The header, or undefined when the bytes are not a sidecar this version can read. */
export function decodeHeader(bytes: Uint8Array): SidecarHeader | undefined {
  if (bytes.length < HEADER_BYTES || !MAGIC.every((byte, i) => bytes[i] === byte)) return undefined;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const code = view.getUint32(8, true);
  const format = (Object.keys(FORMAT_CODES) as IndexedFormat[]).find(
    (f) => FORMAT_CODES[f] === code,
  );
  if (format === undefined || view.getUint32(12, true) !== ENTRY_BYTES) return undefined;
  return {
    format,
    fileSize: Number(view.getBigUint64(16, true)),
    count: Number(view.getBigUint64(24, true)),
    fingerprint: Buffer.from(bytes.subarray(32, 64)).toString('hex'),
    sampleLength: view.getUint32(64, true),
  };
}
