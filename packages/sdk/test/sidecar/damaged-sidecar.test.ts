import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import type { IndexedFormat } from '../../src/sidecar/sidecar-format.ts';
import {
  bumpLine,
  damage,
  flipByte,
  index,
  moveEntry,
  reseal,
  scannedItems,
  served,
  setCount,
  swapEntries,
} from './sidecar-bytes.ts';

const dir = mkdtempSync(join(tmpdir(), 'ixjob-damaged-'));
/** 10 000 lines of several lengths, blank lines and CRLF among them: ten checksummed blocks. */
const LINES = Array.from({ length: 10_000 }, (_, i) =>
  i % 7 === 3 ? `  item ${i}\r` : `item-${i}${'x'.repeat(i % 5)}${i % 11 === 0 ? '\n  ' : ''}`,
).join('\n');
/** The items every case looks up: first, neighbours of a swap, across a block edge, last. */
const LOOKUPS = [0, 1, 2, 5, 1023, 1024, 5000, 9998, 9999];

let made = 0;
function indexed(content: string, format: IndexedFormat): { path: string; sidecar: string } {
  made += 1;
  const path = join(dir, `list-${made}.${format}`);
  writeFileSync(path, content);
  return { path, sidecar: index(path, format).path };
}

type Damage = (bytes: Uint8Array) => Uint8Array;

const LINE_DAMAGES: [string, Damage, RegExp][] = [
  ['two entries swapped', (b) => swapEntries(b, 1, 2), /is damaged \(checksum of entries from 0\)/],
  [
    'cut short',
    (b) => b.subarray(0, b.length / 2),
    /is damaged \(\d+ bytes, its header says \d+\)/,
  ],
  ['its last byte cut off', (b) => b.subarray(0, -1), /is damaged \(\d+ bytes, its header says/],
  ['bytes appended', (b) => Buffer.concat([b, Buffer.from('junk')]), /is damaged \(\d+ bytes/],
  ['a wrong count', (b) => setCount(b, 9_000), /is damaged \(header checksum\)/],
  ['a byte of the header', (b) => flipByte(b, 40), /header checksum/],
  ['a byte of an entry', (b) => flipByte(b, -2000), /checksum of entries from 9216/],
  ['a byte of the block table', (b) => flipByte(b, -1, 0x80), /checksum of its blocks/],
  [
    'a byte of the content sample',
    (b) => flipByte(b, 200),
    /another version of the file \(content differs\)/,
  ],
  [
    'another version of the format',
    (b) => flipByte(b, 7, 0x03 ^ 0x02),
    /is not a sidecar this ixjob can read/,
  ],
  ['all zeros', (b) => new Uint8Array(b.length), /is not a sidecar this ixjob can read/],
  ['empty', () => new Uint8Array(0), /is cut short/],
  // Every checksum recomputed: what a buggy writer or a forger makes. The entry checks stand.
  [
    'two neighbours swapped, resealed',
    (b) => reseal(swapEntries(b, 1, 2)),
    /entry [0-2] is (out of order|not a whole line)/,
  ],
  [
    'two far entries swapped, resealed',
    (b) => reseal(swapEntries(b, 5, 5000)),
    /entry (5|5000) is out of order/,
  ],
  [
    'a start one byte late, resealed',
    (b) => reseal(moveEntry(b, 5000, 1)),
    /entry 5000 is not at the start of a line/,
  ],
  [
    'a start one byte early, resealed',
    (b) => reseal(moveEntry(b, 5000, -1)),
    /entry 5000 is (not at the start of a line|out of order)/,
  ],
  [
    'a length one byte short, resealed',
    (b) => reseal(moveEntry(b, 5000, 0, -1)),
    /entry 5000 is not a whole line/,
  ],
  [
    'a length one byte long, resealed',
    (b) => reseal(moveEntry(b, 5000, 0, 1)),
    /entry 5000 is (not a whole line|out of order)/,
  ],
  [
    'a start past the end, resealed',
    (b) => reseal(moveEntry(b, 9999, 1e9)),
    /entry 999[89] is (outside the file|out of order with the one after)/,
  ],
];

describe('a damaged sidecar is ignored with a warning, and the file is scanned', () => {
  test.each(LINE_DAMAGES)('%s', async (_name, change, warning) => {
    const { path, sidecar } = indexed(LINES, 'lines');
    const truth = scannedItems(path, 'lines');
    expect(truth).toHaveLength(10_000);
    damage(sidecar, change);
    const { items, warnings } = await served(path, 'lines', LOOKUPS);
    expect(items).toEqual(LOOKUPS.map((i) => truth[i]));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(warning);
    expect(warnings[0]).toMatch(new RegExp(`^${sidecar}.*; scanning ${path} instead$`));
  });

  test.each<[string, IndexedFormat, string, number, number, number, RegExp]>([
    [
      'a CSV record moved past an embedded newline',
      'csv',
      'h,i\n"x\ny",2\n3,4\n',
      1,
      3,
      -3,
      /entry 1 is not at the start of a record/,
    ],
    [
      'a CSV record one byte late',
      'csv',
      'h,i\n"x\ny",2\n3,4\n',
      2,
      1,
      -1,
      /entry 2 is not at the start of a record/,
    ],
    // Opening checks the last entry (2): there a damaged neighbour shows first.
    ['a CSV record cut short', 'csv', 'h,i\n1,2\n3,4\n', 1, 0, -1, /entry 2 is not at the start/],
    [
      'a CSV record taking in the next',
      'csv',
      'h,i\n1,2\n3,4\n',
      1,
      0,
      4,
      /entry 2 is out of order/,
    ],
    [
      'a CSV header moved into its BOM',
      'csv',
      '\ufeffh,i\n1,2\n',
      0,
      -1,
      1,
      /entry 0 is not at the start of a record/,
    ],
    [
      'a CSV line number off by one',
      'csv',
      'h,i\n"x\ny",2\n3,4\n',
      2,
      0,
      0,
      /entry 2 is on the wrong line/,
    ],
    [
      'a JSON element one byte late',
      'json',
      '[10, 20, 30]',
      1,
      1,
      -1,
      /entry 1 is not at the start of an element/,
    ],
    [
      'a JSON element one byte early',
      'json',
      '[10, 20, 30]',
      1,
      -1,
      1,
      /entry 1 is not a whole element/,
    ],
    [
      'a JSON element into its neighbour',
      'json',
      '[10,20,30]',
      1,
      -3,
      3,
      /entry 1 is out of order/,
    ],
    [
      'a JSON element inside a string',
      'json',
      '["a,b", 2]',
      0,
      3,
      -3,
      /entry 0 is not at the start of an element/,
    ],
    [
      'a TSV record one byte late',
      'tsv',
      'a\tb\n1\t2\n',
      1,
      2,
      -2,
      /entry 1 is not at the start of a record/,
    ],
    [
      'a line one byte late',
      'lines',
      'ab\ncd\nef',
      1,
      1,
      -1,
      /entry 1 is not at the start of a line/,
    ],
  ])('%s (resealed)', async (_name, format, content, entry, delta, grow, warning) => {
    const { path, sidecar } = indexed(content, format);
    const truth = scannedItems(path, format);
    // The line-number case moves no byte: it shifts the line by one.
    const change =
      delta === 0 && grow === 0 ? bumpLine : (b: Uint8Array) => moveEntry(b, entry, delta, grow);
    damage(sidecar, (b) => reseal(change(b, entry)));
    // The damaged entry first, so that its own check speaks (a neighbour's would catch it too).
    const lookups = [entry, ...truth.map((_, i) => i).filter((i) => i !== entry)];
    const { items, warnings } = await served(path, format, lookups);
    expect(items).toEqual(lookups.map((i) => truth[i]));
    expect(warnings).toEqual([expect.stringMatching(warning)]);
  });

  test.each<[string, (sidecar: string) => void, RegExp]>([
    ['a FIFO', (s) => execFileSync('mkfifo', [s]), /is a FIFO, not a sidecar/],
    ['a directory', (s) => mkdirSync(s), /is a directory, not a sidecar/],
  ])('a sidecar that is %s is refused without reading it', async (_name, make, warning) => {
    const { path, sidecar } = indexed('a\nb\n', 'lines');
    rmSync(sidecar);
    make(sidecar);
    expect(await served(path, 'lines', [1])).toEqual({
      items: [{ text: 'b', line: 2 }],
      warnings: [expect.stringMatching(warning)],
    });
  });

  test('a data file cut short after indexing is never read past its end', async () => {
    const { path } = indexed('one\ntwo\nthree\n', 'lines');
    truncateSync(path, 6);
    expect(await served(path, 'lines', [0, 1])).toEqual({
      items: [
        { text: 'one', line: 1 },
        { text: 'tw', line: 2 },
      ],
      warnings: [expect.stringMatching(/another version of the file \(size differs\)/)],
    });
  });
});
