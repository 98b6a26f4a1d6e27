import { isUtf8 } from 'node:buffer';
import { IxjobError } from '../failure/ixjob-error.ts';
import { decodeRune } from '../podinfo/utf8.ts';
import type { Item } from './read-items.ts';

const NEWLINE = 0x0a;
const BOM = '\uFEFF';

const bufferOf = (bytes: Uint8Array): Buffer =>
  Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);

/** Where the first byte that is not part of valid UTF-8 is, or -1. */
export function invalidUtf8At(bytes: Uint8Array): number {
  if (isUtf8(bufferOf(bytes))) return -1;
  for (let at = 0; at < bytes.length; ) {
    const { width, valid } = decodeRune(bytes, at);
    if (!valid) return at;
    at += width;
  }
  return -1;
}

/**
 * `file:line` and the column (1-based, in bytes) of byte `at` of an item. An item that may
 * start mid-line (a JSON array element) has no column on its first line: there the place is
 * counted from the item's start.
 */
export function placeOf(
  item: Item,
  at: number,
  file: string,
  startsLine = true,
): { where: string; column: string } {
  let line = item.line;
  let lineStart = 0;
  for (
    let i = item.bytes.indexOf(NEWLINE);
    i !== -1 && i < at;
    i = item.bytes.indexOf(NEWLINE, i + 1)
  ) {
    line += 1;
    lineStart = i + 1;
  }
  const n = at - lineStart + 1;
  const column = startsLine || line > item.line ? `at column ${n}` : `(byte ${n} of the element)`;
  return { where: `${file}:${line}`, column };
}

/**
 * An item's bytes as text, exactly: a value from a work file becomes an environment variable
 * or an argument, which cannot hold a NUL, and a work file is text, so bytes that are not
 * UTF-8 are refused (65, file:line and the column) rather than replaced by U+FFFD. `startsLine`
 * is false for items that may start mid-line. A BOM on
 * the file's first line marks the encoding and is dropped; anywhere else it is data.
 */
export function itemText(item: Item, file: string, startsLine = true): string {
  const { bytes } = item;
  const nul = bytes.indexOf(0);
  const invalid = invalidUtf8At(bytes);
  if (nul !== -1 && (invalid === -1 || nul < invalid)) {
    const { where, column } = placeOf(item, nul, file, startsLine);
    throw new IxjobError(
      'data',
      `a NUL byte ${column}: no environment variable or argument can hold one`,
      where,
    );
  }
  if (invalid !== -1) {
    const { where, column } = placeOf(item, invalid, file, startsLine);
    const byte = (bytes[invalid] ?? 0).toString(16).toUpperCase().padStart(2, '0');
    throw new IxjobError(
      'data',
      `not valid UTF-8: byte 0x${byte} ${column}; values are taken byte for byte or not at all, so convert the file (iconv -f LATIN1 -t UTF-8)`,
      where,
    );
  }
  // Valid UTF-8 by now, so this decoding replaces nothing.
  const text = bufferOf(bytes).toString('utf8');
  return item.line === 1 && text.startsWith(BOM) ? text.slice(1) : text;
}
