import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import {
  decodeBytes,
  encodeBytes,
  hasEscapedBytes,
  unencodableAt,
} from '../../src/bytes/surrogate-escape.ts';

/** Byte arrays rich in what UTF-8 decoders get wrong: lead bytes, continuations, surrogates. */
const tricky = fc
  .array(
    fc.oneof(
      fc.integer({ min: 0, max: 255 }).map((b) => [b]),
      fc.constantFrom(
        [0xc3, 0xa9],
        [0xe2, 0x82, 0xac],
        [0xf0, 0x9f, 0x98, 0x80],
        [0xed, 0xa0, 0x80],
        [0xed, 0xb3, 0xa9],
        [0xc0, 0x80],
        [0xe0, 0x80, 0x80],
        [0xf4, 0x90, 0x80, 0x80],
        [0xef, 0xbf, 0xbd],
        [0xe2, 0x82],
        [0xf0, 0x9f, 0x98],
      ),
    ),
    { maxLength: 40 },
  )
  .map((chunks) => Uint8Array.from(chunks.flat()));

describe('surrogate escape', () => {
  test.each([
    ['ascii', [0x61, 0x62], 'ab'],
    ['empty', [], ''],
    ['latin-1 é alone', [0x63, 0x61, 0x66, 0xe9], 'caf\udce9'],
    ['utf-8 é', [0x63, 0x61, 0x66, 0xc3, 0xa9], 'café'],
    ['a cut euro sign', [0xe2, 0x82], '\udce2\udc82'],
    ['an encoded surrogate', [0xed, 0xa0, 0x80], '\udced\udca0\udc80'],
    ['an overlong NUL', [0xc0, 0x80], '\udcc0\udc80'],
    ['U+FFFD itself stays U+FFFD', [0xef, 0xbf, 0xbd], '\ufffd'],
    ['an emoji then a stray byte', [0xf0, 0x9f, 0x98, 0x80, 0xff], '😀\udcff'],
  ])('%s', (_name, bytes, text) => {
    expect(decodeBytes(Uint8Array.from(bytes))).toBe(text);
    expect([...encodeBytes(text)]).toEqual(bytes);
  });

  test('encode(decode(b)) is b for every byte array', () => {
    fc.assert(
      fc.property(fc.oneof(fc.uint8Array({ maxLength: 64 }), tricky), (bytes) => {
        expect(Buffer.compare(encodeBytes(decodeBytes(bytes)), Buffer.from(bytes))).toBe(0);
      }),
      { numRuns: 5000 },
    );
  });

  test('valid UTF-8 decodes as Node decodes it, and nothing else is escaped', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (text) => {
        const bytes = Buffer.from(text, 'utf8');
        expect(decodeBytes(bytes)).toBe(text);
        expect(hasEscapedBytes(decodeBytes(bytes))).toBe(false);
      }),
    );
  });

  test('a decoded string always encodes, and differs from the input only where bytes are invalid', () => {
    fc.assert(
      fc.property(tricky, (bytes) => {
        const text = decodeBytes(bytes);
        expect(unencodableAt(text)).toBe(-1);
        expect(hasEscapedBytes(text)).toBe(!Buffer.from(bytes).equals(Buffer.from(text)));
      }),
    );
  });

  test('a subarray of a larger buffer decodes only its own bytes', () => {
    const whole = Uint8Array.from([0xff, 0x61, 0xe9, 0x62, 0xff]);
    expect(decodeBytes(whole.subarray(1, 4))).toBe('a\udce9b');
  });

  test.each([
    ['a lone high surrogate', 'a\ud800b', 1],
    ['a low surrogate that stands for ASCII', '\udc41', 0],
    ['an escaped byte is fine', 'x\udce9', -1],
    ['a pair is fine', '😀', -1],
  ])('unencodableAt: %s', (_name, text, at) => {
    expect(unencodableAt(text)).toBe(at);
    if (at === -1) expect(() => encodeBytes(text)).not.toThrow();
    else expect(() => encodeBytes(text)).toThrow(RangeError);
  });
});
