import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { scratchFiles } from '../../../../test/support/scratch-dirs.ts';
import {
  byteRange,
  firstRecordStart,
  type RecordFormat,
  rangeRecords,
  readRange,
  recordRange,
} from '../../src/worker/byte-range.ts';
import { csvDecoder, decodeLine, jsonLineDecoder } from '../../src/worker/record-decoders.ts';
import type { ByteSource } from '../../src/worker/record-window.ts';
import { naiveRecords, naiveSplit } from './naive-ranges.ts';

const fileOf = scratchFiles('byte-ranges');

async function all<T>(records: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const record of records) out.push(record);
  return out;
}

const piece = (units: string[]) => fc.constantFrom(...units);
const textOf = (units: string[], maxLength = 120) =>
  fc.array(piece(units), { maxLength }).map((parts) => parts.join(''));

/** Lines: empty lines, CRLF, a lone CR, multi-byte UTF-8, no final newline, long lines. */
const lineText = textOf(['a', 'bc', '\n', '\n', '\r\n', '\r', 'é', '€', 'x'.repeat(40), '\n\n']);
/** Random bytes of CSV syntax: quotes anywhere, so the quote state at a boundary is anything. */
const csvNoise = textOf(['a', ',', '"', '"', '""', '\n', '\r\n', 'bb']);
/** Well-formed CSV: fields quoted when they hold a comma, a quote or a line break. */
const csvField = textOf(['a', ',', '"', '\n', '\r\n', ' ', 'é'], 8).map((field) =>
  /[",\r\n]/.test(field) ? `"${field.replaceAll('"', '""')}"` : field,
);
const csvText = fc
  .tuple(
    fc.array(fc.array(csvField, { minLength: 1, maxLength: 4 }), { maxLength: 12 }),
    fc.constantFrom('\n', '\r\n'),
    fc.boolean(),
  )
  .map(([rows, eol, last]) => rows.map((row) => row.join(',')).join(eol) + (last ? eol : ''));
const jsonText = fc
  .tuple(
    fc.array(fc.tuple(fc.jsonValue(), fc.constantFrom('\n', '\r\n', '\n\n', '\n  \n')), {
      maxLength: 15,
    }),
    fc.boolean(),
  )
  .map(([items, last]) => {
    const text = items.map(([value, eol]) => JSON.stringify(value) + eol).join('');
    return last ? text : text.replace(/[\r\n ]+$/, '');
  });

const contentOf: Record<RecordFormat, fc.Arbitrary<string>> = {
  lines: lineText,
  csv: fc.oneof(csvNoise, csvText),
  jsonl: jsonText,
};
const count = fc.integer({ min: 1, max: 20 });
const bufferSize = fc.integer({ min: 1, max: 64 });

describe.each<RecordFormat>(['lines', 'csv', 'jsonl'])('%s: byte ranges', (format) => {
  test('every record read by exactly one index, in order, as the naive split assigns it', async () => {
    await fc.assert(
      fc.asyncProperty(contentOf[format], count, bufferSize, async (content, n, size) => {
        const path = fileOf(content);
        const expected = naiveSplit(Buffer.from(content), format, n);
        const got: unknown[][] = [];
        for (let index = 0; index < n; index++) {
          got.push(await all(readRange(path, { index, count: n, format, bufferSize: size })));
        }
        expect(got).toEqual(expected);
        expect(got.flat()).toEqual(naiveRecords(Buffer.from(content), format).map((r) => r.value));
      }),
      { numRuns: 150 },
    );
  });

  test("recordRange spans tile the file: each starts where the previous ends, at a record's first byte", async () => {
    await fc.assert(
      fc.asyncProperty(contentOf[format], count, async (content, n) => {
        const path = fileOf(content);
        const bytes = Buffer.from(content);
        const starts = new Set([0, bytes.length, ...naiveRecordStarts(bytes, format)]);
        let previous = 0;
        for (let index = 0; index < n; index++) {
          const { start, end } = await recordRange(path, { index, count: n, format });
          expect(start).toBe(previous);
          expect(starts.has(end)).toBe(true);
          previous = end;
        }
        expect(previous).toBe(bytes.length);
      }),
      { numRuns: 60 },
    );
  });
});

/** Offsets where a record may start: 0 and after every terminating LF. */
function naiveRecordStarts(bytes: Uint8Array, format: RecordFormat): number[] {
  const out: number[] = [];
  let inside = false;
  bytes.forEach((byte, i) => {
    if (format === 'csv' && byte === 0x22) inside = !inside;
    if (byte === 0x0a && !inside) out.push(i + 1);
  });
  return out;
}

/** A source that records every read, to bound what one index reads. */
function countingSource(bytes: Buffer) {
  const reads: { position: number; got: number }[] = [];
  const source: ByteSource = {
    size: bytes.length,
    async read(buffer, offset, length, position) {
      const got = bytes.copy(buffer, offset, position, Math.min(bytes.length, position + length));
      reads.push({ position, got });
      return got;
    },
  };
  return { source, reads };
}

describe('what one index reads (lines and JSON Lines)', () => {
  test('from the byte before its range to the end of its last record, each byte once', async () => {
    await fc.assert(
      fc.asyncProperty(lineText, count, bufferSize, async (content, n, size) => {
        const bytes = Buffer.from(content);
        for (let index = 0; index < n; index++) {
          const { start, end } = byteRange(bytes.length, index, n);
          const { source, reads } = countingSource(bytes);
          await all(rangeRecords(source, index, n, 'lines', decodeLine, size));
          if (start === end) {
            expect(reads).toEqual([]);
            continue;
          }
          const alignedEnd = await firstRecordStart(countingSource(bytes).source, end, 'lines');
          let next = Math.max(start - 1, 0);
          for (const { position, got } of reads) {
            // In order and never twice; a read that finds the end of the file reads nothing.
            expect(position).toBe(next);
            if (got > 0) expect(position).toBeLessThan(alignedEnd);
            next += got;
          }
          // Past the range, reads grow from 4 KiB by doubling: at most twice the last record, plus 4 KiB.
          const total = next - Math.max(start - 1, 0);
          expect(total).toBeLessThanOrEqual(
            alignedEnd - Math.max(start - 1, 0) + 2 * (alignedEnd - end) + 4096,
          );
        }
      }),
      { numRuns: 150 },
    );
  });
});

describe('decoders on a source: JSON Lines and CSV as readRange would', () => {
  test('rangeRecords with the decoders gives the naive split', async () => {
    await fc.assert(
      fc.asyncProperty(jsonText, csvText, count, async (json, csv, n) => {
        for (const [content, format, decode] of [
          [json, 'jsonl', jsonLineDecoder('x')],
          [csv, 'csv', csvDecoder(',')],
        ] as const) {
          const bytes = Buffer.from(content);
          const { source } = countingSource(bytes);
          const got: unknown[][] = [];
          for (let index = 0; index < n; index++) {
            got.push(await all(rangeRecords<unknown>(source, index, n, format, decode, 7)));
          }
          expect(got).toEqual(naiveSplit(bytes, format, n));
        }
      }),
      { numRuns: 60 },
    );
  });
});
