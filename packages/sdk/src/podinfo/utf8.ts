/** One step of UTF-8 decoding with Go's rules: an invalid sequence is one byte of U+FFFD. */
export interface DecodedRune {
  rune: number;
  width: number;
  valid: boolean;
}

const RUNE_ERROR = 0xfffd;

/** Decodes the rune at `bytes[at]` exactly as Go's `utf8.DecodeRune` does. */
export function decodeRune(bytes: Uint8Array, at: number): DecodedRune {
  const b0 = bytes[at] ?? 0;
  if (b0 < 0x80) return { rune: b0, width: 1, valid: true };
  const cont = (i: number, lo = 0x80, hi = 0xbf): number | undefined => {
    const b = bytes[at + i];
    return b !== undefined && b >= lo && b <= hi ? b & 0x3f : undefined;
  };
  const invalid: DecodedRune = { rune: RUNE_ERROR, width: 1, valid: false };
  if (b0 >= 0xc2 && b0 <= 0xdf) {
    const c1 = cont(1);
    return c1 === undefined ? invalid : { rune: ((b0 & 0x1f) << 6) | c1, width: 2, valid: true };
  }
  if (b0 >= 0xe0 && b0 <= 0xef) {
    // E0 excludes overlong forms, ED excludes UTF-16 surrogates.
    const c1 = cont(1, b0 === 0xe0 ? 0xa0 : 0x80, b0 === 0xed ? 0x9f : 0xbf);
    const c2 = c1 === undefined ? undefined : cont(2);
    if (c1 === undefined || c2 === undefined) return invalid;
    return { rune: ((b0 & 0x0f) << 12) | (c1 << 6) | c2, width: 3, valid: true };
  }
  if (b0 >= 0xf0 && b0 <= 0xf4) {
    // F0 excludes overlong forms, F4 stops at U+10FFFF.
    const c1 = cont(1, b0 === 0xf0 ? 0x90 : 0x80, b0 === 0xf4 ? 0x8f : 0xbf);
    const c2 = c1 === undefined ? undefined : cont(2);
    const c3 = c2 === undefined ? undefined : cont(3);
    if (c1 === undefined || c2 === undefined || c3 === undefined) return invalid;
    return { rune: ((b0 & 0x07) << 18) | (c1 << 12) | (c2 << 6) | c3, width: 4, valid: true };
  }
  return invalid;
}

/** Appends the UTF-8 encoding of a valid rune. */
export function pushRune(out: number[], rune: number): void {
  if (rune < 0x80) out.push(rune);
  else if (rune < 0x800) out.push(0xc0 | (rune >> 6), 0x80 | (rune & 0x3f));
  else if (rune < 0x10000)
    out.push(0xe0 | (rune >> 12), 0x80 | ((rune >> 6) & 0x3f), 0x80 | (rune & 0x3f));
  else
    out.push(
      0xf0 | (rune >> 18),
      0x80 | ((rune >> 12) & 0x3f),
      0x80 | ((rune >> 6) & 0x3f),
      0x80 | (rune & 0x3f),
    );
}

/** Go's `utf8.ValidRune`: in range and not a surrogate. */
export function isValidRune(rune: number): boolean {
  return rune >= 0 && rune <= 0x10ffff && !(rune >= 0xd800 && rune <= 0xdfff);
}
