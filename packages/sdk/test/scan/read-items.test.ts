import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { csvScanner } from '../../src/scan/csv-scanner.ts';
import { lineScanner } from '../../src/scan/line-scanner.ts';
import { scanItems } from '../../src/scan/read-items.ts';

const dir = mkdtempSync(join(tmpdir(), 'ixjob-read-'));
// Lines of varied length, so items straddle the 1 MiB read chunks at many offsets.
const lines = Array.from({ length: 120_000 }, (_, i) => `item-${i}-${'x'.repeat(i % 97)}`);
const text = `${lines.join('\n')}\n`;
const plain = join(dir, 'list.txt');
const gzip = join(dir, 'list.txt.gz');
writeFileSync(plain, text);
writeFileSync(gzip, gzipSync(text));
const decode = (bytes: Uint8Array | undefined) =>
  bytes ? new TextDecoder().decode(bytes) : undefined;

describe('scanItems over real files', () => {
  const indexes = [0, 1, 23_456, 59_999, 119_999];
  test.each([
    ['plain', plain],
    ['gzip', gzip],
  ])('%s: any item, stopping there', async (_name, file) => {
    for (const index of indexes) {
      const outcome = await scanItems(file, lineScanner(), index, false);
      expect(decode(outcome.item?.bytes)).toBe(lines[index]);
      expect(outcome.item?.line).toBe(index + 1);
      expect(outcome.count).toBeUndefined();
    }
  });

  test.each([
    ['plain', plain],
    ['gzip', gzip],
  ])('%s: to the end, the count too', async (_name, file) => {
    const outcome = await scanItems(file, lineScanner(), 7, true);
    expect(outcome).toMatchObject({ count: lines.length });
    expect(decode(outcome.item?.bytes)).toBe(lines[7]);
  });

  test.each([
    ['plain', plain],
    ['gzip', gzip],
  ])('%s: past the end, the count and no item', async (_name, file) => {
    expect(await scanItems(file, lineScanner(), lines.length, false)).toEqual({
      count: lines.length,
    });
  });

  test('a CSV record whose quoted field crosses a chunk boundary', async () => {
    const big = 'x'.repeat(1 << 20);
    const file = join(dir, 'wide.csv');
    writeFileSync(file, `a,b\n"${big}\nmore",2\nlast,3\n`);
    const outcome = await scanItems(file, csvScanner(file, ','), 2, false);
    expect(decode(outcome.item?.bytes)).toBe('last,3');
    expect(outcome.item?.line).toBe(4);
    const gz = join(dir, 'wide.csv.gz');
    writeFileSync(gz, gzipSync(`a,b\n"${big}\nmore",2\nlast,3\n`));
    expect(decode((await scanItems(gz, csvScanner(gz, ','), 1, false)).item?.bytes)).toBe(
      `"${big}\nmore",2`,
    );
  });

  test('a corrupt gzip file is malformed data', async () => {
    const file = join(dir, 'corrupt.gz');
    writeFileSync(file, Buffer.concat([gzipSync(text).subarray(0, 1000), Buffer.from('garbage')]));
    await expect(scanItems(file, lineScanner(), 100_000, false)).rejects.toMatchObject({
      kind: 'data',
    });
  });

  test('a missing file is 66', async () => {
    await expect(scanItems(join(dir, 'none'), lineScanner(), 0, false)).rejects.toMatchObject({
      kind: 'noinput',
    });
  });
});

describe('the WebAssembly fast path for lines', () => {
  /** Non-blank lines as the scanner defines them, with their 1-based line numbers. */
  const reference = (input: string) =>
    input
      .split('\n')
      .map((line, i) => ({
        text: line.replace(/\r$/, ''),
        line: i + 1,
        blank: !/[^ \t\r]/.test(line),
      }))
      .filter(({ blank }) => !blank);

  test('finds exactly the item, line and count that reporting every line would', async () => {
    // Control bytes are text though not above space; long runs fill whole 64-byte blocks.
    const unit = fc.constantFrom(
      'a',
      'é',
      ' ',
      '\t',
      '\r',
      '\n',
      '\n',
      'xyz',
      '\x01',
      '\x0b',
      '\r\n',
      'b'.repeat(70),
      ' '.repeat(70),
    );
    let n = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.string({ unit, maxLength: 200 }),
        fc.oneof(fc.integer({ min: 1, max: 320 }), fc.constant(1 << 18)),
        fc.nat(60),
        async (input, chunk, pick) => {
          const file = join(dir, `prop-${n++}.txt`);
          writeFileSync(file, input);
          const expected = reference(input);
          const index = expected.length === 0 ? 0 : pick % (expected.length + 1);
          const outcome = await scanItems(file, lineScanner(), index, true, chunk);
          expect(outcome.count).toBe(expected.length);
          expect(decode(outcome.item?.bytes)).toBe(expected[index]?.text);
          expect(outcome.item?.line).toBe(expected[index]?.line);
          const early = await scanItems(file, lineScanner(), index, false, chunk);
          expect(decode(early.item?.bytes)).toBe(expected[index]?.text);
        },
      ),
      { numRuns: 3000 },
    );
  });
});
