import { IxjobError } from '../failure/ixjob-error.ts';
import type { ItemCallback, ItemScanner } from './item-scanner.ts';

const NEWLINE = 0x0a;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;

// Where the scanner stands between two bytes; kept across chunks. From SCALAR on, inside an element.
const BEFORE = 0;
/** Just after the opening `[`: an element or `]`. */
const FIRST = 1;
/** Just after a comma: an element. */
const NEXT = 2;
/** Just after an element: a comma or `]`. */
const AFTER = 3;
const DONE = 4;
/** In a top-level number, `true`, `false` or `null` (or garbage JSON.parse will refuse). */
const SCALAR = 5;
/** Inside a nested array or object, outside strings. */
const NESTED = 6;
const STRING = 7;
const ESCAPE = 8;

const isSpace = (byte: number | undefined): boolean =>
  byte === 0x20 || byte === NEWLINE || byte === 0x09 || byte === 0x0d;

const text = (byte: number | undefined): string => String.fromCharCode(byte ?? 0);

/**
 * Items are the top-level elements of one JSON array, reported as the bytes of the element
 * without the whitespace and commas around it. Only the array's structure is checked here,
 * exactly: strings (with escapes) and nested brackets are followed so their commas are not
 * boundaries, and a missing `[`, a mismatched or missing bracket, a missing or trailing
 * comma and text after the closing `]` are refused. Whether an element is valid JSON is
 * left to `JSON.parse` of that element.
 */
export function jsonArrayScanner(file: string): ItemScanner {
  let state = BEFORE;
  let line = 1;
  let itemStart = 0;
  let itemLine = 1;
  /** Offset before which no byte is needed: past the last element, or past the last chunk. */
  let settled = 0;
  let stringLine = 1;
  /** The open brackets of the element in progress, innermost last; one byte per level. */
  let opens = new Uint8Array(64);
  let depth = 0;

  const fail = (message: string, onLine: number): never => {
    throw new IxjobError('data', message, `${file}:${onLine}`);
  };

  const report = (end: number, found: ItemCallback): boolean => {
    settled = end;
    return found(itemStart, end, itemLine) === true;
  };

  /** Top-level bytes outside any element, shared by the states that expect one. */
  const unexpected = (byte: number | undefined): never => {
    if (byte === CLOSE_OBJECT) return fail('} does not close [', line);
    if (state === AFTER) return fail('missing comma between elements', line);
    if (byte === COMMA) return fail('missing element before ,', line);
    return fail('trailing comma before ]', line);
  };

  return {
    push(chunk, at, found) {
      const n = chunk.length;
      let i = 0;
      while (i < n) {
        if (state === STRING) {
          for (; i < n; i++) {
            const byte = chunk[i] as number;
            // Lowercase letters and the like need no second look.
            if (byte > BACKSLASH) continue;
            if (byte === QUOTE) break;
            // A raw newline is invalid in a string, but the line count must stay true.
            if (byte === NEWLINE) line += 1;
            else if (byte === BACKSLASH) {
              i += 1;
              if (i === n) {
                state = ESCAPE;
                break;
              }
              if (chunk[i] === NEWLINE) line += 1;
            }
          }
          if (i === n) break;
          i += 1;
          if (depth > 0) state = NESTED;
          else {
            state = AFTER;
            if (report(at + i, found)) return true;
          }
        } else if (state === NESTED) {
          for (; i < n; i++) {
            const byte = chunk[i] as number;
            // The mask passes only [ ] { } (and Y _ y DEL): every other plain byte costs one test.
            if ((byte & 0xd9) !== 0x59 && byte !== QUOTE && byte !== NEWLINE) continue;
            if (byte === QUOTE) {
              stringLine = line;
              state = STRING;
              break;
            }
            if (byte === OPEN_ARRAY || byte === OPEN_OBJECT) {
              if (depth === opens.length) {
                const grown = new Uint8Array(depth * 2);
                grown.set(opens);
                opens = grown;
              }
              opens[depth] = byte;
              depth += 1;
            } else if (byte === CLOSE_ARRAY || byte === CLOSE_OBJECT) {
              depth -= 1;
              const open = opens[depth];
              // Closing bytes are their opening byte plus two, in both pairs.
              if (byte !== (open ?? 0) + 2)
                fail(`${text(byte)} does not close ${text(open)}`, line);
              if (depth === 0) {
                state = AFTER;
                break;
              }
            } else if (byte === NEWLINE) line += 1;
          }
          if (i === n) break;
          i += 1;
          if (state === AFTER && report(at + i, found)) return true;
        } else if (state === SCALAR) {
          for (; i < n; i++) {
            const byte = chunk[i];
            if (isSpace(byte) || byte === COMMA || byte === CLOSE_ARRAY) break;
            if (byte === QUOTE || byte === OPEN_ARRAY || byte === OPEN_OBJECT)
              fail('missing comma between elements', line);
            if (byte === CLOSE_OBJECT) fail('} does not close [', line);
          }
          if (i === n) break;
          // The terminator is left for the AFTER state to read.
          state = AFTER;
          if (report(at + i, found)) return true;
        } else if (state === ESCAPE) {
          if (chunk[i] === NEWLINE) line += 1;
          state = STRING;
          i += 1;
        } else {
          const byte = chunk[i];
          i += 1;
          if (isSpace(byte)) {
            if (byte === NEWLINE) line += 1;
          } else if (state === BEFORE) {
            if (byte !== OPEN_ARRAY) fail('expected a JSON array starting with [', line);
            state = FIRST;
          } else if (state === DONE) fail('text after the closing ]', line);
          else if (state === AFTER) {
            if (byte === COMMA) state = NEXT;
            else if (byte === CLOSE_ARRAY) state = DONE;
            else unexpected(byte);
          } else if (byte === CLOSE_ARRAY && state === FIRST) state = DONE;
          else if (byte === COMMA || byte === CLOSE_ARRAY || byte === CLOSE_OBJECT)
            unexpected(byte);
          else {
            itemStart = at + i - 1;
            itemLine = line;
            if (byte === QUOTE) {
              stringLine = line;
              state = STRING;
            } else if (byte === OPEN_ARRAY || byte === OPEN_OBJECT) {
              opens[0] = byte;
              depth = 1;
              state = NESTED;
            } else state = SCALAR;
          }
        }
      }
      if (state < SCALAR) settled = at + n;
      return false;
    },
    finish() {
      if (state === STRING || state === ESCAPE) fail('unterminated string', stringLine);
      if (state === NESTED) fail(`unclosed ${text(opens[depth - 1])}`, itemLine);
      if (state === BEFORE) fail('expected a JSON array, found an empty file', line);
      if (state !== DONE) fail('missing ] at the end of the array', line);
      return false;
    },
    pendingStart: () => (state >= SCALAR ? itemStart : settled),
    pendingLine: () => (state >= SCALAR ? itemLine : line),
  };
}
