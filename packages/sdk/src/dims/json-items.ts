import { closeSync } from 'node:fs';
import { toEnvNames } from '../env/env-name.ts';
import { openForReading, readAt } from '../io/open-file.ts';
import type { FileItems } from '../scan/file-items.ts';
import { itemText } from '../scan/item-text.ts';
import type { Dimension, Params } from '../spec/dimension.ts';
import { isJsonNumber, parseJsonValue } from './json-value.ts';

/** The variable a scalar item is exported as. */
export const ITEM = 'ITEM';

/** A number is kept as its source text (see json-value.ts); JSON.stringify writes it back so. */
const asText = (value: unknown): string =>
  typeof value === 'string'
    ? value
    : value === null
      ? ''
      : typeof value === 'object'
        ? JSON.stringify(value)
        : String(value);

/** An object item sets one variable per key; any other value sets `ITEM`. */
export function jsonParams(value: unknown, where: string): Params {
  if (value === null || typeof value !== 'object' || Array.isArray(value) || isJsonNumber(value))
    return { [ITEM]: asText(value) };
  const entries = Object.entries(value);
  const names = toEnvNames(
    entries.map(([key]) => key),
    where,
  );
  return Object.fromEntries(entries.map(([, field], i) => [names[i] ?? '', asText(field)]));
}

/**
 * Which grammar a `--json` file uses: `.jsonl` and `.ndjson` (also gzipped) are JSON Lines;
 * otherwise a file whose first non-blank character is `[` is one array, anything else lines.
 */
export function jsonFormat(path: string): 'json' | 'lines' {
  if (/\.(jsonl|ndjson)(\.gz)?$/i.test(path)) return 'lines';
  if (/\.gz$/i.test(path)) return 'json';
  let fd: number | undefined;
  try {
    // Refuses a FIFO at once rather than wait on it; the read that follows reports why.
    fd = openForReading(path);
    const head = new TextDecoder()
      .decode(readAt(fd, 0, 4096))
      .replace(/^\uFEFF/, '')
      .trimStart();
    return head.startsWith('[') || head === '' ? 'json' : 'lines';
  } catch {
    // Missing or unreadable: the read that follows reports it.
    return 'json';
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/**
 * `--json FILE`: the elements of a JSON array, or the values of a JSON Lines file (one per
 * non-blank line). Only the asked-for item is parsed.
 */
export function jsonItems(items: FileItems): Dimension {
  const label = items.file;
  return {
    label,
    names: [],
    length: () => items.count(),
    lengthIfKnown: async () => items.countIfKnown(),
    async record(index) {
      const item = await items.item(index);
      return jsonParams(
        parseJsonValue(itemText(item, label, items.format !== 'json'), label, item.line),
        `${label}:${item.line}`,
      );
    },
    digest: async () => `json:${items.fingerprint()}`,
  };
}
