// The reference the byte-range reader is checked against: the whole file in memory, one
// sequential pass, then each record handed to the range its first byte is in. Shares no code
// with src/worker.
import type { RecordFormat } from '../../src/worker/byte-range.ts';

export interface NaiveRecord {
  readonly offset: number;
  readonly value: unknown;
}

function recordSpans(bytes: Uint8Array, format: RecordFormat): [number, number][] {
  const spans: [number, number][] = [];
  let inside = false;
  let start = 0;
  for (let i = 0; i < bytes.length; i++) {
    if (format === 'csv' && bytes[i] === 0x22) inside = !inside;
    if (bytes[i] === 0x0a && !inside) {
      spans.push([start, i]);
      start = i + 1;
    }
  }
  if (start < bytes.length) spans.push([start, bytes.length]);
  return spans;
}

function naiveCsvFields(text: string): string[] {
  const fields = [''];
  let inside = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charAt(i);
    if (c === '"' && inside && text.charAt(i + 1) === '"') {
      fields[fields.length - 1] += '"';
      i++;
    } else if (c === '"') inside = !inside;
    else if (c === ',' && !inside) fields.push('');
    else fields[fields.length - 1] += c;
  }
  return fields;
}

/** Every record of the file, in order, with the offset of its first byte. */
export function naiveRecords(bytes: Uint8Array, format: RecordFormat): NaiveRecord[] {
  const out: NaiveRecord[] = [];
  for (const [start, end] of recordSpans(bytes, format)) {
    const stop = end > start && bytes[end - 1] === 0x0d ? end - 1 : end;
    const text = Buffer.from(bytes.subarray(start, stop)).toString('utf8');
    if (format === 'lines') out.push({ offset: start, value: text });
    else if (format === 'jsonl') {
      if (!/^[ \t\r]*$/.test(text)) out.push({ offset: start, value: JSON.parse(text) });
    } else if (text !== '') out.push({ offset: start, value: naiveCsvFields(text) });
  }
  return out;
}

/** The records of each of `count` ranges of near-equal bytes, the first `size % count` one longer. */
export function naiveSplit(bytes: Uint8Array, format: RecordFormat, count: number): unknown[][] {
  // Deal the bytes out one at a time, as the shards reference deals items.
  const sizes = Array.from({ length: count }, () => Math.floor(bytes.length / count));
  for (let i = 0; i < bytes.length % count; i++) sizes[i] = (sizes[i] ?? 0) + 1;
  const owner: number[] = [];
  sizes.forEach((size, i) => {
    for (let k = 0; k < size; k++) owner.push(i);
  });
  const out: unknown[][] = sizes.map(() => []);
  for (const { offset, value } of naiveRecords(bytes, format))
    out[owner[offset] ?? -1]?.push(value);
  return out;
}
