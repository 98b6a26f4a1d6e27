import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { IxjobError } from '../../src/failure/ixjob-error.ts';
import { csvScanner } from '../../src/scan/csv-scanner.ts';
import { bytesOf, everyByte, feed, type Item, texts } from './feed.ts';

type Delimiter = ',' | '\t';

const FILE = 'params.csv';
const BOM = '\ufeff';

/** The same input whole, cut at every single offset, and one byte at a time. */
const splits = (length: number): number[][] => [
  [],
  ...Array.from({ length: Math.max(length - 1, 0) }, (_, i) => [i + 1]),
  everyByte(length),
];

const scan = (input: string | Uint8Array, delimiter: Delimiter = ',', cuts: number[] = []) =>
  feed(csvScanner(FILE, delimiter), input, cuts);

/** Scans with every split in `splits`, checks they agree, and returns the items. */
const scanAllWays = (input: string | Uint8Array, delimiter: Delimiter = ','): Item[] => {
  const whole = scan(input, delimiter);
  for (const cuts of splits(bytesOf(input).length))
    expect(scan(input, delimiter, cuts), `cut at ${cuts.join(',')}`).toEqual(whole);
  return whole;
};

const csvOptions = (delimiter: Delimiter) => ({
  bom: true,
  skip_empty_lines: true,
  relax_column_count: false,
  delimiter,
});

describe('csvScanner finds records', () => {
  // Expected items read `line:text`.
  test.each<[string, string | Uint8Array, Delimiter, string[]]>([
    ['an empty file', '', ',', []],
    ['a header only, no newline', 'a,b', ',', ['1:a,b']],
    ['LF endings', 'a,b\n1,2\n', ',', ['1:a,b', '2:1,2']],
    ['CRLF endings, CR not part of the record', 'a,b\r\n1,2\r\n', ',', ['1:a,b', '2:1,2']],
    ['mixed endings, no final newline', 'a,b\r\n1,2\n3,4', ',', ['1:a,b', '2:1,2', '3:3,4']],
    ['empty lines skipped', '\n\r\na,b\n\n1,2\r\n\r\n\n3,4\n\n', ',', ['3:a,b', '5:1,2', '8:3,4']],
    [
      'quoted delimiter, CRLF, LF and doubled quotes',
      'a,b\n"x,y","1\r\n2"\n"say ""hi""",3',
      ',',
      ['1:a,b', '2:"x,y","1\r\n2"', '4:"say ""hi""",3'],
    ],
    ['an empty quoted field is a record', 'a\n""\n', ',', ['1:a', '2:""']],
    ['a line of spaces is a record', 'a\n  \n', ',', ['1:a', '2:  ']],
    ['empty unquoted fields', 'a,b,c\n,,\n', ',', ['1:a,b,c', '2:,,']],
    ['a quote right after a delimiter opens a field', 'a,b\n,"x"\n', ',', ['1:a,b', '2:,"x"']],
    ['a closing quote then CRLF', 'a,b\r\n1,"2"\r\n', ',', ['1:a,b', '2:1,"2"']],
    ['a closing quote at the end of input', 'a\n"x"', ',', ['1:a', '2:"x"']],
    ['a delimiter at the end of input', 'a,b\n1,', ',', ['1:a,b', '2:1,']],
    ['tabs delimit TSV, commas are text', 'a\tb\nx,y\t"p\tq"', '\t', ['1:a\tb', '2:x,y\t"p\tq"']],
    ['a tab is text in CSV', 'a,b\nx\ty,2', ',', ['1:a,b', '2:x\ty,2']],
    ['non-ASCII text', '名前,値\n"日本, 東京",🎬\n', ',', ['1:名前,値', '2:"日本, 東京",🎬']],
    ['a BOM is not part of the header', `${BOM}a,b\n1,2`, ',', ['1:a,b', '2:1,2']],
    ['a BOM alone', BOM, ',', []],
    ['a BOM then a quoted header', `${BOM}"a",b\n1,2`, ',', ['1:"a",b', '2:1,2']],
    ['a BOM later is text', `a,${BOM}b\n1,2`, ',', [`1:a,${BOM}b`, '2:1,2']],
    [
      'BOM-like bytes that are not a BOM',
      new Uint8Array([0xef, 0xbb, 0x41, 0x0a, 0x31]),
      ',',
      ['1:\ufffdA', '2:1'],
    ],
    ['half a BOM at the end of input', new Uint8Array([0xef, 0xbb]), ',', ['1:\ufffd']],
  ])('%s', (_name, input, delimiter, expected) => {
    expect(texts(input, scanAllWays(input, delimiter))).toEqual(expected);
  });

  test('reports byte offsets, the BOM excluded', () => {
    expect(scanAllWays(`${BOM}a,b\r\n"1\n2",3\n`)).toEqual([
      [3, 6, 1],
      [8, 15, 2],
    ]);
  });
});

describe('csvScanner refuses what csv-parse refuses', () => {
  test.each<[string, string | Uint8Array, Delimiter, number, string]>([
    ['a quote inside an unquoted field', 'a,b\n1,x"y\n', ',', 2, 'quote inside an unquoted field'],
    ['a quote after a space', 'a,b\n1, "y"\n', ',', 2, 'quote inside an unquoted field'],
    [
      'a quote after BOM-like bytes',
      new Uint8Array([0xef, 0xbb, 0x22, 0x22]),
      ',',
      1,
      'quote inside an unquoted field',
    ],
    [
      'text after a closing quote',
      'a,b\n1,"y"x\n',
      ',',
      2,
      'unexpected text after a closing quote',
    ],
    [
      'a space after a closing quote',
      'a,b\n1,"y" \n',
      ',',
      2,
      'unexpected text after a closing quote',
    ],
    [
      'a comma after a closing quote in TSV',
      'a\tb\n"1",2\t3\n',
      '\t',
      2,
      'unexpected text after a closing quote',
    ],
    [
      'an unterminated quoted field, at its quote',
      'a,b\n1,"y\n\n2,3\n',
      ',',
      2,
      'unterminated quoted field',
    ],
    ['a lone quote at the end', 'a\n"', ',', 2, 'unterminated quoted field'],
    ['a row with fewer fields', 'a,b\n1\n', ',', 2, 'row has 1 field, the header has 2'],
    ['a row with more fields', 'a,b\n1,2\n1,2,3', ',', 3, 'row has 3 fields, the header has 2'],
    [
      'a line of spaces in a two-column file',
      'a,b\n \n',
      ',',
      2,
      'row has 1 field, the header has 2',
    ],
    [
      'an empty quoted line in a two-column file',
      'a,b\n""\n',
      ',',
      2,
      'row has 1 field, the header has 2',
    ],
    [
      'a ragged row after a multi-line field, at its start',
      'a,b\n"x\ny",1,2\n',
      ',',
      2,
      'row has 3 fields, the header has 2',
    ],
    [
      'a quoted delimiter does not count',
      'a,b\n"1,2"\n',
      ',',
      2,
      'row has 1 field, the header has 2',
    ],
    ['CSV read as TSV', 'a\tb\n1,2\n', '\t', 2, 'row has 1 field, the header has 2'],
    ['a CR alone between records', 'a,b\r1,2\n', ',', 1, 'carriage return without a line feed'],
    [
      'a CR inside an unquoted field',
      'a,b\n1,x\ry\n',
      ',',
      2,
      'carriage return without a line feed',
    ],
    ['a CR at the end of input', 'a,b\n1,2\r', ',', 2, 'carriage return without a line feed'],
    [
      'a CR then text after a closing quote',
      'a\n"x"\ry',
      ',',
      2,
      'carriage return without a line feed',
    ],
  ])('%s', (_name, input, delimiter, line, message) => {
    for (const cuts of splits(bytesOf(input).length)) {
      const attempt = () => scan(input, delimiter, cuts);
      expect(attempt).toThrow(IxjobError);
      expect(attempt).toThrow(
        expect.objectContaining({ kind: 'data', message, where: `${FILE}:${line}` }),
      );
    }
  });
});

describe('csvScanner stops and drops', () => {
  test('stops at once when a callback returns true', () => {
    const scanner = csvScanner(FILE, ',');
    const seen: number[] = [];
    const stopped = scanner.push(bytesOf('a\n1\n2\n3\n'), 0, (start) => {
      seen.push(start);
      return seen.length === 2;
    });
    expect(stopped).toBe(true);
    expect(seen).toEqual([0, 2]);
  });

  test('stops in finish', () => {
    const scanner = csvScanner(FILE, ',');
    expect(scanner.push(bytesOf('a\n1'), 0, () => false)).toBe(false);
    expect(scanner.finish(() => true)).toBe(true);
  });

  test.each<[string, string, number]>([
    ['nothing yet', '', 0],
    ['a record in progress', 'a,b\n1,"x', 4],
    ['after a newline', 'a,b\n', 4],
    ['inside a CRLF', 'a,b\r', 0],
    ['after empty lines', 'a,b\n\n\r\n', 7],
    ['after a BOM', BOM, 3],
  ])('pendingStart: %s', (_name, text, expected) => {
    const scanner = csvScanner(FILE, ',');
    scanner.push(bytesOf(text), 0, () => false);
    expect(scanner.pendingStart()).toBe(expected);
  });

  test('pendingStart inside a BOM split over chunks', () => {
    const scanner = csvScanner(FILE, ',');
    scanner.push(new Uint8Array([0xef, 0xbb]), 0, () => false);
    expect(scanner.pendingStart()).toBe(0);
    scanner.push(new Uint8Array([0xbf]), 2, () => false);
    expect(scanner.pendingStart()).toBe(3);
  });
});

// Specials that need quoting, plus any grapheme (non-ASCII and astral included).
const cell = fc.string({
  unit: fc.oneof(
    fc.constantFrom('"', ',', '\t', '\r', '\n', ' ', '\r\n', '""'),
    fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 }),
  ),
  maxLength: 6,
});

const table = fc.integer({ min: 1, max: 4 }).chain((columns) =>
  fc.array(fc.array(cell, { minLength: columns, maxLength: columns }), {
    minLength: 1,
    maxLength: 8,
  }),
);

interface Written {
  bytes: Uint8Array;
  /** Where each row's record is, as the scanner should report it. */
  expected: Item[];
}

interface Style {
  delimiter: Delimiter;
  quoteAll: boolean;
  newline: '\n' | '\r\n';
  bom: boolean;
  finalNewline: boolean;
  /** How many empty lines come before each row. */
  blanks: number[];
}

/** Writes rows as CSV, quoting a field when it must be (or always), and records where each row lands. */
function writeCsv(rows: string[][], style: Style): Written {
  const encoder = new TextEncoder();
  const quote = (field: string, row: string[]) => {
    const needed =
      field.includes('"') ||
      field.includes(style.delimiter) ||
      field.includes('\r') ||
      field.includes('\n') ||
      // An unquoted BOM at offset 0 would be taken for one.
      field.startsWith(BOM) ||
      // A row of one empty field would be an empty line, which is skipped.
      (row.length === 1 && field === '');
    return style.quoteAll || needed ? `"${field.replaceAll('"', '""')}"` : field;
  };
  let text = style.bom ? BOM : '';
  let offset = encoder.encode(text).length;
  let line = 1;
  const expected: Item[] = [];
  rows.forEach((row, r) => {
    const blanks = style.newline.repeat(style.blanks[r] ?? 0);
    const record = row.map((field) => quote(field, row)).join(style.delimiter);
    const terminator = r < rows.length - 1 || style.finalNewline ? style.newline : '';
    offset += encoder.encode(blanks).length;
    line += style.blanks[r] ?? 0;
    const length = encoder.encode(record).length;
    expected.push([offset, offset + length, line]);
    offset += length + terminator.length;
    line += record.split('\n').length - 1 + (terminator === '' ? 0 : 1);
    text += blanks + record + terminator;
  });
  return { bytes: encoder.encode(text), expected };
}

const style = fc.record({
  delimiter: fc.constantFrom<Delimiter>(',', '\t'),
  quoteAll: fc.boolean(),
  newline: fc.constantFrom<'\n' | '\r\n'>('\n', '\r\n'),
  bom: fc.boolean(),
  finalNewline: fc.boolean(),
  blanks: fc.array(fc.nat({ max: 2 }), { maxLength: 8 }),
});

const cuts = fc.array(fc.nat({ max: 4000 }), { maxLength: 12 });

describe('csvScanner on random tables', () => {
  test('every record is exactly one row, wherever the chunks are cut', () => {
    fc.assert(
      fc.property(table, style, cuts, (rows, style, cutsAt) => {
        const { bytes, expected } = writeCsv(rows, style);
        // The writer itself must agree with csv-parse.
        expect(parse(bytes, csvOptions(style.delimiter))).toEqual(rows);
        const items = scan(
          bytes,
          style.delimiter,
          cutsAt.map((cut) => cut % (bytes.length + 1)),
        );
        expect(items).toEqual(expected);
        const records = items.map(([start, end]) =>
          parse(bytes.subarray(start, end), { ...csvOptions(style.delimiter), bom: false }),
        );
        expect(records).toEqual(rows.map((row) => [row]));
      }),
      { numRuns: 500 },
    );
  });

  // Valid files with one byte changed: the scanner must refuse exactly what csv-parse refuses.
  test('agrees with csv-parse on near-valid input', () => {
    const mutated = fc
      .tuple(table, fc.boolean(), fc.nat(), fc.constantFrom('', '"', ',', '\n', 'x', ' '))
      .map(([rows, quoteAll, at, replacement]) => {
        const { bytes } = writeCsv(
          rows.map((row) => row.map((field) => field.replaceAll('\r', ''))),
          { delimiter: ',', quoteAll, newline: '\n', bom: false, finalNewline: true, blanks: [] },
        );
        const text = new TextDecoder().decode(bytes);
        const cut = at % (text.length + 1);
        return text.slice(0, cut) + replacement + text.slice(cut + 1);
      });
    fc.assert(
      fc.property(mutated, cuts, (text, cutsAt) => {
        const bytes = bytesOf(text);
        let expected: string[][] | undefined;
        try {
          expected = parse(bytes, csvOptions(','));
        } catch {
          expected = undefined;
        }
        const run = () =>
          scan(
            bytes,
            ',',
            cutsAt.map((cut) => cut % (bytes.length + 1)),
          );
        if (expected === undefined) {
          expect(run).toThrow(IxjobError);
          return;
        }
        const records = run().flatMap(([start, end]) =>
          parse(bytes.subarray(start, end), csvOptions(',')),
        );
        expect(records).toEqual(expected);
      }),
      { numRuns: 1000 },
    );
  });
});
