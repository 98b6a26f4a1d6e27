import { closeSync, openSync } from 'node:fs';
import { toEnvNames } from '../env/env-name.ts';
import { IxjobError } from '../failure/ixjob-error.ts';
import { readAt } from '../io/open-file.ts';
import type { FileItems } from '../scan/file-items.ts';
import type { Dimension, Params } from '../spec/dimension.ts';

/** The variable a scalar item is exported as. */
export const ITEM = 'ITEM';
const utf8 = new TextDecoder();

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
  if (value === null || typeof value !== 'object' || Array.isArray(value))
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
    fd = openSync(path, 'r');
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
      const { bytes, line } = await items.item(index);
      const where = `${label}:${line}`;
      let value: unknown;
      try {
        value = JSON.parse(utf8.decode(bytes));
      } catch (error) {
        throw new IxjobError('data', `malformed JSON: ${(error as Error).message}`, where, {
          cause: error,
        });
      }
      return jsonParams(value, where);
    },
    digest: async () => `json:${items.fingerprint()}`,
  };
}
