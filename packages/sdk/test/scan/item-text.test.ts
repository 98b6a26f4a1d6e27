import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { invalidUtf8At, itemText } from '../../src/scan/item-text.ts';

const item = (bytes: number[] | string, line = 2) => ({
  bytes: typeof bytes === 'string' ? new TextEncoder().encode(bytes) : Uint8Array.from(bytes),
  line,
});
const failure = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    return {
      kind: (error as { kind?: string }).kind,
      message: (error as Error).message,
      where: (error as { where?: string }).where,
    };
  }
  return undefined;
};

describe('itemText: valid UTF-8 without NUL, exactly', () => {
  test.each<[string, number[] | string, number, string]>([
    ['ASCII', 'plain value', 2, 'plain value'],
    ['multi-byte characters', 'café ☕ 😀', 2, 'café ☕ 😀'],
    ['the replacement character itself, written in the file', 'a\uFFFDb', 2, 'a\uFFFDb'],
    ['a BOM on the first line marks the encoding', [0xef, 0xbb, 0xbf, 0x61], 1, 'a'],
    ['a BOM on a later line is data', [0xef, 0xbb, 0xbf, 0x61], 3, '\uFEFFa'],
    ['control bytes other than NUL pass', [0x01, 0x1b, 0x7f], 2, '\x01\x1b\x7f'],
  ])('%s', (_name, bytes, line, text) => {
    expect(itemText(item(bytes, line), 'f.txt')).toBe(text);
  });

  test.each<[string, number[] | string, number, string, string]>([
    ['a NUL byte', [0x78, 0x00, 0x79], 2, 'f.txt:2', 'a NUL byte at column 2'],
    ['a Latin-1 é', [0x63, 0x61, 0x66, 0xe9], 2, 'f.txt:2', 'byte 0xE9 at column 4'],
    ['a lone continuation byte', [0x80], 5, 'f.txt:5', 'byte 0x80 at column 1'],
    ['an overlong slash', [0xc0, 0xaf], 2, 'f.txt:2', 'byte 0xC0 at column 1'],
    ['an encoded surrogate', [0xed, 0xa0, 0x80], 2, 'f.txt:2', 'byte 0xED at column 1'],
    ['past U+10FFFF', [0xf4, 0x90, 0x80, 0x80], 2, 'f.txt:2', 'byte 0xF4 at column 1'],
    ['cut short at the end', [0x61, 0xe2, 0x82], 2, 'f.txt:2', 'byte 0xE2 at column 2'],
    ['on the second line of a quoted CSV field', 'a,"x\ny\0"', 7, 'f.txt:8', 'column 2'],
    ['the first of a NUL and a bad byte', [0xff, 0x00], 2, 'f.txt:2', 'byte 0xFF at column 1'],
  ])('refuses %s with file:line and the column', (_name, bytes, line, where, words) => {
    const error = failure(() => itemText(item(bytes, line), 'f.txt'));
    expect(error).toMatchObject({ kind: 'data', where });
    expect(error?.message).toContain(words);
    expect(error?.message).not.toContain('\n');
  });

  test('property: any bytes give back exactly those bytes, or a refusal; never a replacement', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 64 }),
        fc.integer({ min: 2, max: 9 }),
        (bytes, line) => {
          let text: string;
          try {
            text = itemText({ bytes, line }, 'f.txt');
          } catch (error) {
            expect((error as { kind?: string }).kind).toBe('data');
            // A refusal only when the bytes hold a NUL or are not UTF-8.
            expect(bytes.includes(0) || invalidUtf8At(bytes) !== -1).toBe(true);
            return;
          }
          expect(Buffer.from(text, 'utf8').equals(Buffer.from(bytes))).toBe(true);
        },
      ),
      { numRuns: 5000 },
    );
  });

  test('property: valid UTF-8 text without NUL always passes', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 40 }), (text) => {
        const clean = text.replaceAll('\0', '');
        expect(itemText(item(clean), 'f.txt')).toBe(clean);
      }),
    );
  });

  test('property: invalidUtf8At agrees with a fatal TextDecoder', () => {
    const fatal = new TextDecoder('utf-8', { fatal: true });
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 32 }), (bytes) => {
        const at = invalidUtf8At(bytes);
        let valid = true;
        try {
          fatal.decode(bytes);
        } catch {
          valid = false;
        }
        expect(at === -1).toBe(valid);
        // Everything before the reported byte is valid on its own.
        if (at !== -1) expect(() => fatal.decode(bytes.subarray(0, at))).not.toThrow();
      }),
      { numRuns: 5000 },
    );
  });
});
