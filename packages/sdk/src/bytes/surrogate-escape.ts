import { isUtf8 } from 'node:buffer';
import { decodeRune } from '../podinfo/utf8.ts';

/**
 * Bytes as strings without loss (PEP 383, Python's `surrogateescape`): valid UTF-8 decodes as
 * usual, and each byte b that is not part of valid UTF-8 becomes the lone surrogate U+DC00+b
 * (U+DC80..U+DCFF, since such a byte is never ASCII). Valid UTF-8 never decodes to a lone
 * surrogate, so `encodeBytes(decodeBytes(b))` is `b` for every byte array.
 */
const ESCAPE_BASE = 0xdc00;
const FIRST_ESCAPE = 0xdc80;
const LAST_ESCAPE = 0xdcff;

/** The bytes as a string: UTF-8 where valid, one lone surrogate per other byte. */
export function decodeBytes(bytes: Uint8Array): string {
  const buffer = Buffer.isBuffer(bytes)
    ? bytes
    : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (isUtf8(buffer)) return buffer.toString('utf8');
  let text = '';
  let start = 0;
  let at = 0;
  while (at < buffer.length) {
    const { width, valid } = decodeRune(buffer, at);
    if (valid) {
      at += width;
      continue;
    }
    text +=
      buffer.toString('utf8', start, at) + String.fromCharCode(ESCAPE_BASE + (buffer[at] ?? 0));
    at += 1;
    start = at;
  }
  return text + buffer.toString('utf8', start, at);
}

/**
 * Where `text` has a lone surrogate that stands for no byte (outside U+DC80..U+DCFF): such a
 * string came from elsewhere than `decodeBytes` and has no bytes. -1 when there is none.
 */
export function unencodableAt(text: string): number {
  if (text.isWellFormed()) return -1;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit < 0xd800 || unit > 0xdfff) continue;
    const next = text.charCodeAt(i + 1);
    if (unit <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) i++;
    else if (unit < FIRST_ESCAPE || unit > LAST_ESCAPE) return i;
  }
  return -1;
}

/** Whether `text` holds an escaped byte, i.e. is not plain UTF-8 text. */
export function hasEscapedBytes(text: string): boolean {
  return !text.isWellFormed();
}

/**
 * The bytes a string from `decodeBytes` stands for. A lone surrogate outside U+DC80..U+DCFF
 * stands for no byte: that is a caller's bug, so it throws a RangeError (check first with
 * `unencodableAt` where the text comes from outside).
 */
export function encodeBytes(text: string): Buffer {
  if (text.isWellFormed()) return Buffer.from(text, 'utf8');
  const parts: Buffer[] = [];
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit < 0xd800 || unit > 0xdfff) continue;
    const next = text.charCodeAt(i + 1);
    if (unit <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
      i++;
      continue;
    }
    if (unit < FIRST_ESCAPE || unit > LAST_ESCAPE) {
      throw new RangeError(
        `a lone surrogate U+${unit.toString(16).toUpperCase()} at ${i} stands for no byte`,
      );
    }
    parts.push(Buffer.from(text.slice(start, i), 'utf8'), Buffer.of(unit - ESCAPE_BASE));
    start = i + 1;
  }
  parts.push(Buffer.from(text.slice(start), 'utf8'));
  return Buffer.concat(parts);
}
