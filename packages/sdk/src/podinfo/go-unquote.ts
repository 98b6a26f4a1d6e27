import { decodeRune, isValidRune, pushRune } from './utf8.ts';

export type UnquoteResult =
  | { ok: true; value: Uint8Array; end: number }
  | { ok: false; reason: string; at: number };

const SIMPLE: Readonly<Record<string, number>> = {
  a: 0x07,
  b: 0x08,
  f: 0x0c,
  n: 0x0a,
  r: 0x0d,
  t: 0x09,
  v: 0x0b,
  '\\': 0x5c,
  '"': 0x22,
};
const HEX_DIGITS = { x: 2, u: 4, U: 8 } as const;

function readDigits(
  bytes: Uint8Array,
  at: number,
  count: number,
  radix: number,
): number | undefined {
  let value = 0;
  for (let i = 0; i < count; i++) {
    const digit = Number.parseInt(String.fromCharCode(bytes[at + i] ?? 0x20), radix);
    if (Number.isNaN(digit)) return undefined;
    value = value * radix + digit;
  }
  return value;
}

/**
 * Reads the Go double-quoted string that starts at `bytes[start]` (the opening quote), with
 * exactly the escapes `strconv.Unquote` accepts, and returns its bytes and the offset after it.
 */
export function goUnquote(bytes: Uint8Array, start: number): UnquoteResult {
  if (bytes[start] !== 0x22) return { ok: false, reason: 'expected a double quote', at: start };
  const out: number[] = [];
  let at = start + 1;
  for (;;) {
    const c = bytes[at];
    if (c === undefined) return { ok: false, reason: 'unterminated quoted value', at: start };
    if (c === 0x22) return { ok: true, value: Uint8Array.from(out), end: at + 1 };
    if (c === 0x0a) return { ok: false, reason: 'raw newline inside a quoted value', at };
    if (c !== 0x5c) {
      // Go keeps valid UTF-8 and turns each invalid byte into U+FFFD.
      const { rune, width, valid } = decodeRune(bytes, at);
      if (valid) for (let i = 0; i < width; i++) out.push(bytes[at + i] ?? 0);
      else pushRune(out, rune);
      at += width;
      continue;
    }
    const letter = String.fromCharCode(bytes[at + 1] ?? 0);
    const simple = SIMPLE[letter];
    if (simple !== undefined) {
      out.push(simple);
      at += 2;
    } else if (letter === 'x' || letter === 'u' || letter === 'U') {
      const digits = HEX_DIGITS[letter];
      const value = readDigits(bytes, at + 2, digits, 16);
      if (value === undefined) return { ok: false, reason: `bad \\${letter} escape`, at };
      if (letter === 'x') out.push(value);
      else if (isValidRune(value)) pushRune(out, value);
      else return { ok: false, reason: `\\${letter} escape is not a valid code point`, at };
      at += 2 + digits;
    } else if (letter >= '0' && letter <= '7') {
      const value = readDigits(bytes, at + 1, 3, 8);
      if (value === undefined || value > 0xff) return { ok: false, reason: 'bad octal escape', at };
      out.push(value);
      at += 4;
    } else {
      return { ok: false, reason: `unknown escape \\${letter}`, at };
    }
  }
}
