import type { ItemScanner } from '../../src/scan/item-scanner.ts';

/** One reported item: its byte range (end exclusive) and the line it starts on. */
export type Item = [start: number, end: number, line: number];

const encoder = new TextEncoder();

export const bytesOf = (input: string | Uint8Array): Uint8Array =>
  typeof input === 'string' ? encoder.encode(input) : input;

/** Cuts that make every chunk one byte long. */
export const everyByte = (length: number): number[] => Array.from({ length }, (_, i) => i);

/**
 * Feeds `input` to `scanner` in chunks cut at `cuts` (any order, out-of-range cuts ignored)
 * and collects every item. An item starting before the `pendingStart()` of the previous chunk
 * fails the test: a real caller would have dropped its first bytes.
 */
export function feed(
  scanner: ItemScanner,
  input: string | Uint8Array,
  cuts: readonly number[] = [],
): Item[] {
  const bytes = bytesOf(input);
  const items: Item[] = [];
  const points = [...new Set(cuts.filter((cut) => cut > 0 && cut < bytes.length))].sort(
    (a, b) => a - b,
  );
  /** The offset from which a real caller would still hold the bytes. */
  let keptAt = 0;
  const found = (start: number, end: number, line: number) => {
    if (start < keptAt) throw new Error(`item at ${start} starts before pendingStart ${keptAt}`);
    if (end < start) throw new Error(`item ends at ${end} before its start ${start}`);
    items.push([start, end, line]);
    return false;
  };
  let from = 0;
  for (const to of [...points, bytes.length]) {
    // A copy, so a scanner that holds on to a chunk sees it change under it.
    const chunk = bytes.slice(from, to);
    scanner.push(chunk, from, found);
    chunk.fill(0);
    const pending = scanner.pendingStart();
    if (pending < keptAt || pending > to)
      throw new Error(`pendingStart ${pending} outside ${keptAt}..${to}`);
    keptAt = pending;
    from = to;
  }
  scanner.finish(found);
  return items;
}

/** Each item as `line:text`, for expectations that read like the file. */
export function texts(input: string | Uint8Array, items: readonly Item[]): string[] {
  const bytes = bytesOf(input);
  const decoder = new TextDecoder('utf-8', { ignoreBOM: true });
  return items.map(([start, end, line]) => `${line}:${decoder.decode(bytes.subarray(start, end))}`);
}
