import { crc32 as zlibCrc32 } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { crc32 } from '../../src/sidecar/crc32.ts';

describe('crc32', () => {
  test.each([
    ['empty', '', 0],
    ['the check value of CRC-32/ISO-HDLC', '123456789', 0xcbf43926],
  ])('%s', (_name, text, expected) => {
    expect(crc32(Buffer.from(text))).toBe(expected);
  });

  test('the same as zlib for any bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 4096 }), (bytes) => {
        expect(crc32(bytes)).toBe(zlibCrc32(bytes));
      }),
    );
  });
});
