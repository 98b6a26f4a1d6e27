import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { IxjobError } from '../../src/failure/ixjob-error.ts';
import { jsonArrayScanner } from '../../src/scan/json-array-scanner.ts';
import { bytesOf, everyByte, feed, type Item, texts } from './feed.ts';

const FILE = 'params.json';

/** The same input whole, cut at every single offset, and one byte at a time. */
const splits = (length: number): number[][] => [
  [],
  ...Array.from({ length: Math.max(length - 1, 0) }, (_, i) => [i + 1]),
  everyByte(length),
];

const scan = (input: string | Uint8Array, cuts: number[] = []) =>
  feed(jsonArrayScanner(FILE), input, cuts);

const scanAllWays = (input: string): Item[] => {
  const whole = scan(input);
  for (const cuts of splits(bytesOf(input).length))
    expect(scan(input, cuts), `cut at ${cuts.join(',')}`).toEqual(whole);
  return whole;
};

describe('jsonArrayScanner finds elements', () => {
  // Expected items read `line:text`.
  test.each<[string, string, string[]]>([
    ['an empty array', '[]', []],
    ['an empty array with whitespace', ' \r\n\t[ \n ] \n', []],
    [
      'numbers and literals',
      '[1,-2.5e3,true,false,null]',
      ['1:1', '1:-2.5e3', '1:true', '1:false', '1:null'],
    ],
    ['whitespace around elements is not part of them', '[ 1 ,\t2\r\n, 3 ]', ['1:1', '1:2', '2:3']],
    ['strings with commas and brackets', '["a,b", "]", "{"]', ['1:"a,b"', '1:"]"', '1:"{"']],
    [
      'escaped quotes and backslashes',
      '["x\\"y", "\\\\", "\\\\\\""]',
      ['1:"x\\"y"', '1:"\\\\"', '1:"\\\\\\""'],
    ],
    [
      'nested values with commas inside',
      '[{"a":[1,2],"b":{"c":"}]"}},[[],[{}]]]',
      ['1:{"a":[1,2],"b":{"c":"}]"}}', '1:[[],[{}]]'],
    ],
    [
      'pretty-printed, each element on its own line',
      '[\n  {\n    "a": 1\n  },\n  "x",\n  [\n    2\n  ]\n]\n',
      ['2:{\n    "a": 1\n  }', '5:"x"', '6:[\n    2\n  ]'],
    ],
    [
      'non-ASCII and escaped unicode',
      '["日本", "🎬", "\\u00e9"]',
      ['1:"日本"', '1:"🎬"', '1:"\\u00e9"'],
    ],
    ['a scalar right before ]', '[1]', ['1:1']],
    ['a string right before ]', '["a"]', ['1:"a"']],
    ['an object right before ]', '[{}]', ['1:{}']],
    // Element validity is JSON.parse's job: only the structure is checked here.
    ['garbage scalars are left to JSON.parse', '[tru, 01, x]', ['1:tru', '1:01', '1:x']],
  ])('%s', (_name, input, expected) => {
    expect(texts(input, scanAllWays(input))).toEqual(expected);
  });

  test('reports byte offsets', () => {
    expect(scanAllWays('[ "é" ,\n{"a":1}]')).toEqual([
      [2, 6, 1],
      [9, 16, 2],
    ]);
  });
});

describe('jsonArrayScanner refuses a broken array', () => {
  test.each<[string, string, number, string]>([
    ['an empty file', '', 1, 'expected a JSON array, found an empty file'],
    ['only whitespace', ' \n\n', 3, 'expected a JSON array, found an empty file'],
    ['an object', '{"a":1}', 1, 'expected a JSON array starting with ['],
    ['a scalar', '\n1', 2, 'expected a JSON array starting with ['],
    ['a BOM', '\ufeff[]', 1, 'expected a JSON array starting with ['],
    ['a missing ]', '[1,2', 1, 'missing ] at the end of the array'],
    ['a missing ] after a nested value', '[[1]\n', 2, 'missing ] at the end of the array'],
    ['a missing ] right after [', '[', 1, 'missing ] at the end of the array'],
    ['a missing ] after a comma', '[1,', 1, 'missing ] at the end of the array'],
    ['an unclosed nested object, at its element', '[1,\n{"a":[1]\n', 2, 'unclosed {'],
    ['an unclosed nested array', '[[[1]', 1, 'unclosed ['],
    ['an unterminated string, at its quote', '["a",\n"b]\n', 2, 'unterminated string'],
    ['an unterminated string inside an object', '[{"a\\"}]', 1, 'unterminated string'],
    ['an escape at the very end', '["a\\', 1, 'unterminated string'],
    ['a mismatched } in an array', '[[1}]', 1, '} does not close ['],
    ['a mismatched ] in an object', '[{"a":1]]', 1, '] does not close {'],
    ['a } at the top level', '[1,\n}', 2, '} does not close ['],
    ['a } right after a scalar', '[1}', 1, '} does not close ['],
    ['a } after an element', '["a" }', 1, '} does not close ['],
    ['a missing comma between scalars', '[1 2]', 1, 'missing comma between elements'],
    ['a missing comma after a string', '["a"\n"b"]', 2, 'missing comma between elements'],
    ['a missing comma before a string', '[1"b"]', 1, 'missing comma between elements'],
    ['a missing comma before an object', '[1{}]', 1, 'missing comma between elements'],
    ['a missing comma before an array', '[null[]]', 1, 'missing comma between elements'],
    ['a missing comma after an object', '[{}{}]', 1, 'missing comma between elements'],
    ['a trailing comma', '[1,2,\n]', 2, 'trailing comma before ]'],
    ['a leading comma', '[,1]', 1, 'missing element before ,'],
    ['two commas', '[1,,2]', 1, 'missing element before ,'],
    ['text after the closing ]', '[1]\n,', 2, 'text after the closing ]'],
    ['a second array', '[1] [2]', 1, 'text after the closing ]'],
  ])('%s', (_name, input, line, message) => {
    for (const cuts of splits(bytesOf(input).length)) {
      const attempt = () => scan(input, cuts);
      expect(attempt).toThrow(IxjobError);
      expect(attempt).toThrow(
        expect.objectContaining({ kind: 'data', message, where: `${FILE}:${line}` }),
      );
    }
  });

  test('deep nesting grows its bracket stack', () => {
    const deep = `[${'['.repeat(1000)}${']'.repeat(1000)}, 1]`;
    expect(texts(deep, scan(deep, [3, 500, 1500]))).toEqual([`1:${deep.slice(1, -4)}`, '1:1']);
  });
});

describe('jsonArrayScanner stops and drops', () => {
  test('stops at once when a callback returns true', () => {
    const scanner = jsonArrayScanner(FILE);
    const seen: number[] = [];
    const stopped = scanner.push(bytesOf('[1, 2, 3, 4]'), 0, (start) => {
      seen.push(start);
      return seen.length === 2;
    });
    expect(stopped).toBe(true);
    expect(seen).toEqual([1, 4]);
  });

  test.each<[string, string, number]>([
    ['nothing yet', '', 0],
    ['before the array', '  ', 2],
    ['a scalar in progress', '[1, 23', 4],
    ['a string in progress', '[1, "a,', 4],
    ['an escape in progress', '[1, {"a\\', 4],
    ['between elements', '[1, 2 ,', 7],
  ])('pendingStart: %s', (_name, text, expected) => {
    const scanner = jsonArrayScanner(FILE);
    scanner.push(bytesOf(text), 0, () => false);
    expect(scanner.pendingStart()).toBe(expected);
  });
});

const cuts = fc.array(fc.nat({ max: 100_000 }), { maxLength: 16 });

// What JSON.parse gives back, so -0 and its stringified 0 compare equal.
const roundTrip = (value: unknown): unknown => JSON.parse(JSON.stringify(value));

describe('jsonArrayScanner on random arrays', () => {
  test('every element parses back to the original, wherever the chunks are cut', () => {
    fc.assert(
      fc.property(
        fc.array(fc.jsonValue()),
        fc.constantFrom(undefined, 2, '\t'),
        cuts,
        (values, indent, cutsAt) => {
          const bytes = bytesOf(JSON.stringify(values, null, indent));
          const items = scan(
            bytes,
            cutsAt.map((cut) => cut % (bytes.length + 1)),
          );
          const decoder = new TextDecoder();
          expect(
            items.map(([start, end]) => JSON.parse(decoder.decode(bytes.subarray(start, end)))),
          ).toEqual(values.map(roundTrip));
        },
      ),
      { numRuns: 500 },
    );
  });

  // A valid array with one character changed: where the scanner accepts and every element
  // parses, JSON.parse of the whole must give the same, and the other way round.
  test('agrees with JSON.parse on near-valid input', () => {
    const mutated = fc
      .tuple(
        fc.array(fc.jsonValue({ maxDepth: 2 }), { maxLength: 4 }),
        fc.boolean(),
        fc.nat(),
        fc.constantFrom('', ',', '"', '\\', '[', ']', '{', '}', ' ', '1', ':'),
      )
      .map(([values, pretty, at, replacement]) => {
        const text = JSON.stringify(values, null, pretty ? 1 : undefined);
        const cut = at % (text.length + 1);
        return text.slice(0, cut) + replacement + text.slice(cut + 1);
      });
    fc.assert(
      fc.property(mutated, cuts, (text, cutsAt) => {
        const bytes = bytesOf(text);
        const whole = (() => {
          try {
            const value: unknown = JSON.parse(new TextDecoder().decode(bytes));
            return Array.isArray(value) ? { value } : undefined;
          } catch {
            return undefined;
          }
        })();
        let elements: unknown[] | undefined;
        try {
          const decoder = new TextDecoder();
          elements = scan(
            bytes,
            cutsAt.map((cut) => cut % (bytes.length + 1)),
          ).map(([start, end]) => JSON.parse(decoder.decode(bytes.subarray(start, end))));
        } catch (error) {
          if (!(error instanceof IxjobError || error instanceof SyntaxError)) throw error;
          elements = undefined;
        }
        expect(elements).toEqual(whole?.value);
      }),
      { numRuns: 2000 },
    );
  });
});
