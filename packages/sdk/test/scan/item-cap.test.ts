import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { csvScanner } from '../../src/scan/csv-scanner.ts';
import { fileItems, scannerFor } from '../../src/scan/file-items.ts';
import { capItems, MAX_ITEM_BYTES } from '../../src/scan/item-cap.ts';
import type { ItemScanner } from '../../src/scan/item-scanner.ts';
import { jsonArrayScanner } from '../../src/scan/json-array-scanner.ts';
import { lineScanner } from '../../src/scan/line-scanner.ts';
import { everyByte, feed, texts } from './feed.ts';

const CAP = 4;
const outcome = (scanner: ItemScanner, input: string, cuts: number[] = []) => {
  try {
    return texts(input, feed(scanner, input, cuts));
  } catch (error) {
    return { kind: (error as { kind?: string }).kind, where: (error as { where?: string }).where };
  }
};

describe('capItems: an item past the cap is refused where it starts', () => {
  const scanners: Record<string, () => ItemScanner> = {
    lines: lineScanner,
    csv: () => csvScanner('f', ','),
    json: () => jsonArrayScanner('f'),
  };
  test.each<[string, string, string[] | { kind: string; where: string }]>([
    ['lines', 'abcd\nef\n', ['1:abcd', '2:ef']],
    ['lines', 'abcd\r\nef', ['1:abcd', '2:ef']],
    ['lines', 'ab\n\nabcde\nx\n', { kind: 'data', where: 'f:3' }],
    ['lines', 'ab\nabcdefghijklmnop', { kind: 'data', where: 'f:2' }],
    ['csv', 'a,b\n1,2\n', ['1:a,b', '2:1,2']],
    ['csv', 'a,b\n"1\n\n2",3\n', { kind: 'data', where: 'f:2' }],
    ['json', '[1234, "ab", {}]', ['1:1234', '1:"ab"', '1:{}']],
    ['json', '[1,\n\n[1,2,3]]', { kind: 'data', where: 'f:3' }],
    // Whitespace between elements is no item: a long gap is fine.
    ['json', `[1,${' '.repeat(40)}2]`, ['1:1', '1:2']],
  ])('%s: %j, whole and one byte at a time', (format, input, expected) => {
    const make = scanners[format] as () => ItemScanner;
    expect(outcome(capItems(make(), 'f', 'item', CAP), input)).toEqual(expected);
    const bytes = new TextEncoder().encode(input).length;
    expect(outcome(capItems(make(), 'f', 'item', CAP), input, everyByte(bytes))).toEqual(expected);
  });

  test('property: under the cap nothing changes; a refusal names a line holding an over-long item', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom('a', 'b', ' ', '\n', '\r'), maxLength: 60 }),
        fc.array(fc.nat(60)),
        fc.integer({ min: 1, max: 8 }),
        (input, cuts, cap) => {
          const all = feed(lineScanner(), input);
          const got = outcome(capItems(lineScanner(), 'f', 'line', cap), input, cuts);
          const longest = Math.max(0, ...all.map(([start, end]) => end - start));
          if (Array.isArray(got)) {
            expect(longest).toBeLessThanOrEqual(cap);
            expect(got).toEqual(texts(input, all));
            return;
          }
          const line = Number(got.where?.split(':')[1]);
          // The raw line (CR kept) is longer than the cap.
          expect((input.split('\n')[line - 1] ?? '').length).toBeGreaterThan(cap);
        },
      ),
      { numRuns: 3000 },
    );
  });
});

describe('the cap on real files, through scannerFor and fileItems', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ixjob-cap-'));
  const big = 'x'.repeat(MAX_ITEM_BYTES + 1);
  const exact = 'y'.repeat(MAX_ITEM_BYTES);
  test.each<[string, string | Uint8Array, number, string | { where: string }]>([
    ['exactly the cap', `a\n${exact}\n`, 1, exact],
    ['one byte over', `a\n${big}\nb\n`, 2, { where: 'huge.txt:2' }],
    ['one byte over, gzipped', gzipSync(`a\n${big}\nb\n`), 2, { where: 'huge.txt:2' }],
    [
      'a gzip stream with no newline',
      gzipSync(Buffer.alloc(8 * MAX_ITEM_BYTES, 0x7a)),
      0,
      { where: 'huge.txt:1' },
    ],
  ])('%s', async (_name, content, index, expected) => {
    const path = join(dir, `${_name}.txt`);
    writeFileSync(path, content);
    const items = fileItems(path, 'lines', () => {}, 'huge.txt');
    if (typeof expected === 'string') {
      expect(new TextDecoder().decode((await items.item(index)).bytes)).toBe(expected);
    } else {
      await expect(items.item(index)).rejects.toMatchObject({ kind: 'data', ...expected });
    }
  });

  test('the message names the item by its format and says why', () => {
    const scanner = scannerFor('csv', 'big.csv');
    const chunk = new TextEncoder().encode(`a\n${big}x`);
    expect(() => scanner.push(chunk, 0, () => false)).toThrow(
      /^record longer than 1 MiB, the most one item of a work file may hold/,
    );
  });
});
