import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { ENTRY_BYTES, type IndexedFormat } from '../../src/sidecar/sidecar-format.ts';
import {
  index,
  reseal,
  type Served,
  scannedItems,
  served,
  sidecarBytes,
  swapEntries,
} from './sidecar-bytes.ts';

const dir = mkdtempSync(join(tmpdir(), 'ixjob-corrupt-'));
const eol = fc.constantFrom('\n', '\r\n');

/** Lines with blanks, CRs, quotes and commas: nothing a line list treats specially but LF. */
const lineFile = fc
  .tuple(
    fc.array(
      fc.string({ unit: fc.constantFrom('a', 'b', ' ', '\t', '\r', '"', ',', 'é'), maxLength: 6 }),
      {
        maxLength: 30,
      },
    ),
    eol,
    fc.boolean(),
  )
  .map(([lines, end, trailing]) => lines.join(end) + (trailing ? end : ''));

/** Fields unquoted or quoted (holding commas, quotes and line breaks), rows after empty lines. */
const field = fc.oneof(
  fc.string({ unit: fc.constantFrom('a', '1', ' '), maxLength: 4 }),
  fc
    .string({ unit: fc.constantFrom('a', ',', '\n', '""', '\r\n'), maxLength: 5 })
    .map((s) => `"${s}"`),
);
const csvFile = fc
  .tuple(
    fc.boolean(),
    fc.array(fc.tuple(field, field, fc.boolean()), { maxLength: 20 }),
    eol,
    fc.boolean(),
  )
  .map(
    ([bom, rows, end, trailing]) =>
      `${bom ? '\ufeff' : ''}h,i${rows.map(([a, b, blank]) => `${end}${blank ? end : ''}${a},${b}`).join('')}${trailing ? end : ''}`,
  );

/** Elements whose strings and nesting hold commas and brackets, with odd spacing between. */
const element = fc.oneof(
  fc.integer().map(String),
  fc
    .string({ unit: fc.constantFrom('a', ',', '[', ']', '"', '\\', ' ', '\n'), maxLength: 5 })
    .map((s) => JSON.stringify(s)),
  fc.array(fc.integer({ min: -9, max: 99 }), { maxLength: 3 }).map((a) => JSON.stringify(a)),
  fc.constant('{"a": [1, ","]}'),
);
const space = fc.constantFrom('', ' ', '\n', '\r\n  ', '\t');
const jsonFile = fc
  .tuple(fc.array(fc.tuple(space, element, space), { maxLength: 20 }), space, space)
  .map(
    ([items, head, tail]) =>
      `${head}[${items.map(([a, e, b]) => `${a}${e}${b}`).join(',')}]${tail}`,
  );

const files: Record<IndexedFormat, fc.Arbitrary<string>> = {
  lines: lineFile,
  csv: csvFile,
  tsv: csvFile.map((text) => text.replaceAll(',', '\t')),
  json: jsonFile,
};

type Corruption =
  | { kind: 'flip'; flips: [number, number][] }
  | { kind: 'truncate'; at: number }
  | { kind: 'overwrite'; at: number; bytes: Uint8Array }
  | { kind: 'swap'; a: number; b: number }
  | { kind: 'count'; count: number }
  | { kind: 'append'; bytes: Uint8Array };

const corruption: fc.Arbitrary<Corruption> = fc.oneof(
  fc.record({
    kind: fc.constant('flip' as const),
    flips: fc.array(fc.tuple(fc.nat(), fc.integer({ min: 1, max: 255 })), {
      minLength: 1,
      maxLength: 4,
    }),
  }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({
    kind: fc.constant('overwrite' as const),
    at: fc.nat(),
    bytes: fc.uint8Array({ minLength: 1, maxLength: 48 }),
  }),
  fc.record({ kind: fc.constant('swap' as const), a: fc.nat(), b: fc.nat() }),
  fc.record({ kind: fc.constant('count' as const), count: fc.nat({ max: 40 }) }),
  fc.record({
    kind: fc.constant('append' as const),
    bytes: fc.uint8Array({ minLength: 1, maxLength: 32 }),
  }),
);

/**
 * Applies `change` anywhere in the sidecar, or (`entriesOnly`) inside its entries alone,
 * which is where damage that every checksum was recomputed over can matter.
 */
function corrupt(bytes: Uint8Array, change: Corruption, entriesOnly: boolean): Uint8Array {
  const { count, entries, view } = sidecarBytes(bytes);
  const size = entriesOnly ? count * ENTRY_BYTES : bytes.length;
  const base = entriesOnly ? entries : 0;
  if (size === 0) return bytes;
  const at = (n: number) => base + (n % size);
  switch (change.kind) {
    case 'flip':
      for (const [n, mask] of change.flips) bytes[at(n)] = (bytes[at(n)] ?? 0) ^ mask;
      return bytes;
    case 'truncate':
      return bytes.subarray(0, at(change.at));
    case 'overwrite':
      bytes.set(change.bytes.subarray(0, bytes.length - at(change.at)), at(change.at));
      return bytes;
    case 'swap':
      if (count > 1) swapEntries(bytes, change.a % count, change.b % count);
      return bytes;
    case 'count':
      view.setBigUint64(24, BigInt(change.count), true);
      return bytes;
    case 'append':
      return Buffer.concat([bytes, change.bytes]);
  }
}

let made = 0;
/** Indexes `content`, damages the sidecar, and looks every item up (and two past the end). */
async function lookUpAfter(
  format: IndexedFormat,
  content: string,
  damage: (bytes: Uint8Array) => Uint8Array,
): Promise<{ truth: Served[]; got: Awaited<ReturnType<typeof served>> }> {
  made += 1;
  const path = join(dir, `f${made}.${format}`);
  writeFileSync(path, content);
  const sidecar = index(path, format).path;
  writeFileSync(sidecar, damage(new Uint8Array(readFileSync(sidecar))));
  const truth = scannedItems(path, format);
  const lookups = [...truth.keys(), truth.length, truth.length + 1];
  return { truth, got: await served(path, format, lookups) };
}

const outside = (n: number, count: number) => ({
  kind: 'data',
  message: expect.stringMatching(new RegExp(`^index ${n} is outside the ${count} items? of `)),
});

describe.each(Object.keys(files) as IndexedFormat[])('a %s sidecar', (format) => {
  test('undamaged: every item as scanning gives it, no warning', async () => {
    await fc.assert(
      fc.asyncProperty(files[format], async (content) => {
        const { truth, got } = await lookUpAfter(format, content, (bytes) => bytes);
        expect(got.warnings).toEqual([]);
        expect(got.items.slice(0, truth.length)).toEqual(truth);
      }),
      { numRuns: 150 },
    );
  });

  test.each([
    ['anywhere', false, false],
    ['in the entries, every checksum recomputed', true, true],
  ])('random corruption %s never gives a wrong record', async (_name, entriesOnly, resealed) => {
    await fc.assert(
      fc.asyncProperty(files[format], corruption, async (content, change) => {
        const { truth, got } = await lookUpAfter(format, content, (bytes) => {
          const damaged = corrupt(bytes, change, entriesOnly);
          return resealed ? reseal(damaged) : damaged;
        });
        // Each item exactly, line included; past the end, the error naming the true count.
        expect(got.items.slice(0, truth.length)).toEqual(truth);
        for (const [k, past] of got.items.slice(truth.length).entries())
          expect(past).toEqual(outside(truth.length + k, truth.length));
        expect(got.warnings.length).toBeLessThanOrEqual(1);
      }),
      {
        numRuns: 250,
        // Found by this property: a line's length grown over its CRLF's CR.
        examples: format === 'lines' ? [['a\r\n', { kind: 'flip', flips: [[2112344344, 3]] }]] : [],
      },
    );
  });
});
