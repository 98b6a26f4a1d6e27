import { decodeRune } from './utf8.ts';

// Go's strconv.IsPrint: letters, marks, numbers, punctuation, symbols, and the ASCII space only.
const PRINTABLE = /^[\p{L}\p{M}\p{N}\p{P}\p{S}]$/u;
const SHORT_ESCAPES: Readonly<Record<number, string>> = {
  7: '\\a',
  8: '\\b',
  12: '\\f',
  10: '\\n',
  13: '\\r',
  9: '\\t',
  11: '\\v',
};

const hex = (value: number, digits: number): string => value.toString(16).padStart(digits, '0');

function isPrint(rune: number): boolean {
  return rune === 0x20 || (rune > 0x20 && PRINTABLE.test(String.fromCodePoint(rune)));
}

/**
 * Quotes bytes exactly as Go's `strconv.Quote` does, which is how the kubelet writes every
 * value of a downward-API annotations or labels file. Printable Unicode stays verbatim.
 */
export function goQuote(value: Uint8Array | string): string {
  const bytes = typeof value === 'string' ? new TextEncoder().encode(value) : value;
  let out = '"';
  for (let at = 0; at < bytes.length; ) {
    const { rune, width, valid } = decodeRune(bytes, at);
    at += width;
    if (!valid) {
      out += `\\x${hex(bytes[at - 1] ?? 0, 2)}`;
    } else if (rune === 0x22 || rune === 0x5c) {
      out += `\\${String.fromCharCode(rune)}`;
    } else if (isPrint(rune)) {
      out += String.fromCodePoint(rune);
    } else if (SHORT_ESCAPES[rune] !== undefined) {
      out += SHORT_ESCAPES[rune];
    } else if (rune < 0x20 || rune === 0x7f) {
      out += `\\x${hex(rune, 2)}`;
    } else if (rune < 0x10000) {
      out += `\\u${hex(rune, 4)}`;
    } else {
      out += `\\U${hex(rune, 8)}`;
    }
  }
  return `${out}"`;
}
