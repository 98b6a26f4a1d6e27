import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { scratchDirs, scratchFiles } from '../../../../test/support/scratch-dirs.ts';
import { isIxjobError } from '../../src/failure/ixjob-error.ts';
import {
  type ByteSpan,
  byteRange,
  type RangeOptions,
  readRange,
  readRangeBatches,
  recordRange,
} from '../../src/worker/byte-range.ts';

const fileOf = scratchFiles('byte-range');
const dir = scratchDirs('byte-range-special')();

async function ranges(content: string, options: Omit<RangeOptions, 'index'>): Promise<unknown[][]> {
  const path = fileOf(content);
  const out: unknown[][] = [];
  for (let index = 0; index < options.count; index++) {
    const records: unknown[] = [];
    for await (const record of readRange(path, { ...options, index })) records.push(record);
    out.push(records);
  }
  return out;
}

describe('byteRange: the first size % count ranges one byte longer', () => {
  test.each<[number, number, ByteSpan[]]>([
    [30, 5, [0, 6, 12, 18, 24].map((start) => ({ start, end: start + 6 }))],
    [
      30,
      7,
      [
        { start: 0, end: 5 },
        { start: 5, end: 10 },
        ...[10, 14, 18, 22, 26].map((start) => ({ start, end: start + 4 })),
      ],
    ],
    [
      3,
      4,
      [
        { start: 0, end: 1 },
        { start: 1, end: 2 },
        { start: 2, end: 3 },
        { start: 3, end: 3 },
      ],
    ],
    [
      0,
      2,
      [
        { start: 0, end: 0 },
        { start: 0, end: 0 },
      ],
    ],
  ])('size %i in %i ranges', (size, count, expected) => {
    expect(Array.from({ length: count }, (_, i) => byteRange(size, i, count))).toEqual(expected);
  });
});

describe('readRange', () => {
  test.each<[string, string, Omit<RangeOptions, 'index'>, unknown[][]]>([
    [
      'a line on each side of a boundary',
      'aaaa\nbb\n\ncccccc\nd\neeeeeeeeee\nf',
      { count: 5 },
      [['aaaa', 'bb'], ['', 'cccccc'], ['d'], ['eeeeeeeeee'], ['f']],
    ],
    ['CRLF: the CR is dropped', 'ab\r\ncd\r\nef\r\n', { count: 2 }, [['ab', 'cd'], ['ef']]],
    ['no final newline', 'ab\ncd', { count: 1 }, [['ab', 'cd']]],
    [
      'a line longer than a range: the others are empty',
      `${'x'.repeat(20)}\ny\n`,
      { count: 4 },
      [[`${'x'.repeat(20)}`], [], [], ['y']],
    ],
    [
      'empty lines are records',
      '\n\n\n\n',
      { count: 2 },
      [
        ['', ''],
        ['', ''],
      ],
    ],
    ['an empty file', '', { count: 3 }, [[], [], []]],
    ['a record starting exactly at a boundary', 'abc\ndef\n', { count: 2 }, [['abc'], ['def']]],
    [
      'CSV: a quoted line break across the boundary stays in its record',
      'id,text\n1,"one\ntwo\nthree"\n2,"x ""y"""\n',
      { count: 3, format: 'csv' },
      [
        [
          ['id', 'text'],
          ['1', 'one\ntwo\nthree'],
        ],
        [],
        [['2', 'x "y"']],
      ],
    ],
    [
      'CSV: empty lines are skipped, TSV by delimiter',
      'a\tb\n\n"c\td"\te\n',
      { count: 2, format: 'csv', delimiter: '\t' },
      [
        [
          ['a', 'b'],
          ['c\td', 'e'],
        ],
        [],
      ],
    ],
    [
      'JSON Lines: blank lines skipped',
      '{"a":1}\n\n  \n[2]\r\n"three"',
      { count: 2, format: 'jsonl' },
      [[{ a: 1 }], [[2], 'three']],
    ],
  ])('%s', async (_, content, options, expected) => {
    expect(await ranges(content, options)).toEqual(expected);
  });

  test('a record longer than the buffer grows it, then reads on', async () => {
    const long = 'z'.repeat(10_000);
    expect(await ranges(`a\n${long}\nb\n`, { count: 2, bufferSize: 16 })).toEqual([
      ['a', long],
      ['b'],
    ]);
  });

  test.each<[string, () => string, RangeOptions, string]>([
    ['a missing file', () => join(dir, 'missing'), { index: 0, count: 1 }, 'noinput'],
    [
      'a directory',
      () => {
        mkdirSync(join(dir, 'd'), { recursive: true });
        return join(dir, 'd');
      },
      { index: 0, count: 1 },
      'noinput',
    ],
    [
      'a line that is not JSON',
      () => fileOf('{"a":1}\n{oops}\n'),
      { index: 0, count: 1, format: 'jsonl' },
      'data',
    ],
  ])('%s: an IxjobError with its kind', async (_, path, options, kind) => {
    const drain = async () => {
      for await (const _ of readRange(path(), options));
    };
    const error = await drain().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(isIxjobError(error) && error.kind).toBe(kind);
  });

  test('the JSON error names the file and the byte', async () => {
    const path = fileOf('{"a":1}\n{oops}\n');
    const records = readRange(path, { index: 0, count: 1, format: 'jsonl' });
    expect((await records.next()).value).toEqual({ a: 1 });
    await expect(records.next()).rejects.toThrow(
      `${path}: the JSON Lines record at byte 8 is not JSON`,
    );
  });

  test.each<[string, RangeOptions, string]>([
    ['index = count', { index: 2, count: 2 }, 'the index must be an integer in 0..1; got 2'],
    ['count 0', { index: 0, count: 0 }, 'the count must be a positive integer; got 0'],
    [
      'an unknown format',
      { index: 0, count: 1, format: 'xml' as 'csv' },
      'the format must be lines, jsonl or csv; got "xml"',
    ],
    [
      'a two-character delimiter',
      { index: 0, count: 1, format: 'csv', delimiter: '::' },
      'the CSV delimiter must be one character',
    ],
    [
      'bufferSize 0',
      { index: 0, count: 1, bufferSize: 0 },
      'bufferSize must be a positive integer; got 0',
    ],
  ])('refuses %s', async (_, options, message) => {
    await expect(readRange(fileOf('a\n'), options).next()).rejects.toThrow(message);
  });
});

describe('the same chunks as GNU split -n l/K/N', () => {
  const lines = fc
    .array(fc.constantFrom('a', 'bcd', '', 'x'.repeat(30), 'é€', 'q\r'), { maxLength: 40 })
    .chain((parts) => fc.boolean().map((last) => parts.join('\n') + (last ? '\n' : '')));

  // coreutils 9.1 gives the remainder to the last chunk, later ones spread it as byteRange does:
  // padded to a multiple of N, every version cuts the same ranges.
  test('recordRange(K-1) holds exactly the bytes split prints for chunk K', async () => {
    await fc.assert(
      fc.asyncProperty(lines, fc.integer({ min: 1, max: 8 }), async (text, n) => {
        const content = text + 'p'.repeat((n - (Buffer.byteLength(text) % n)) % n);
        const path = fileOf(content);
        const bytes = readFileSync(path);
        for (let k = 1; k <= n; k++) {
          const chunk = execFileSync('split', ['-n', `l/${k}/${n}`, path]);
          const { start, end } = await recordRange(path, { index: k - 1, count: n });
          expect(bytes.subarray(start, end).toString('latin1')).toBe(chunk.toString('latin1'));
        }
      }),
      { numRuns: 25 },
    );
  });
});

describe('readRangeBatches and early exits', () => {
  const openFds = () => readdirSync('/proc/self/fd').length;

  test('batches hold the same records as readRange, never empty', async () => {
    const path = fileOf(Array.from({ length: 5000 }, (_, i) => `line ${i}`).join('\n'));
    for (let index = 0; index < 3; index++) {
      const batches: string[][] = [];
      for await (const batch of readRangeBatches(path, { index, count: 3, bufferSize: 4096 }))
        batches.push(batch);
      const records: string[] = [];
      for await (const record of readRange(path, { index, count: 3, bufferSize: 4096 }))
        records.push(record);
      expect(batches.length).toBeGreaterThan(1);
      expect(batches.every((batch) => batch.length > 0)).toBe(true);
      expect(batches.flat()).toEqual(records);
    }
  });

  test('a break out of the loop closes the file', async () => {
    const path = fileOf('a\nb\nc\n');
    const before = openFds();
    for await (const _ of readRange(path, { index: 0, count: 1 })) break;
    for await (const _ of readRangeBatches(path, { index: 0, count: 1 })) break;
    expect(openFds()).toBe(before);
  });
});
