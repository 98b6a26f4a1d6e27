import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { jsonParams } from '../../src/dims/json-items.ts';
import { parseJsonValue } from '../../src/dims/json-value.ts';

/** The variables one JSON item sets, as `--json` gives them. */
const params = (text: string, line = 1) =>
  jsonParams(parseJsonValue(text, 'f.json', line), 'f.json');
const failure = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    const { kind, where } = error as { kind?: string; where?: string };
    return { kind, where, message: (error as Error).message };
  }
  return undefined;
};

describe('a JSON value is its source text', () => {
  test.each<[string, string, Record<string, string>]>([
    ['past 2^53', '9007199254740993', { ITEM: '9007199254740993' }],
    ['past 2^64', '12345678901234567890', { ITEM: '12345678901234567890' }],
    ['past the largest double', '1e400', { ITEM: '1e400' }],
    ['negative zero', '-0', { ITEM: '-0' }],
    ['an exponent as written', '1.50E+3', { ITEM: '1.50E+3' }],
    ['trailing zeros', '2.50', { ITEM: '2.50' }],
    [
      'a number member',
      '{"n": 0.1000000000000000055511151231257827}',
      { n: '0.1000000000000000055511151231257827' },
    ],
    [
      'nested numbers, compact',
      '{"o": {"a": 1e400, "b": [9007199254740993]}}',
      { o: '{"a":1e400,"b":[9007199254740993]}' },
    ],
    ['an array item', '[1.0, 2e0]', { ITEM: '[1.0,2e0]' }],
    [
      'strings, booleans and null as before',
      '{"s": "x", "t": true, "z": null}',
      { s: 'x', t: 'true', z: '' },
    ],
    ['an escaped pair is one character', '"\\ud83d\\ude00"', { ITEM: '😀' }],
    [
      'a NUL escape inside a nested value stays escaped text',
      '{"o": {"a": "x\\u0000"}}',
      { o: '{"a":"x\\u0000"}' },
    ],
  ])('%s', (_name, text, expected) => {
    expect(params(text)).toEqual(expected);
  });
});

describe('what JSON.parse lets through, refused with file:line', () => {
  test.each<[string, string, number, string, string]>([
    ['a duplicate key', '{"a": 1, "a": 2}', 1, 'f.json:1', 'the key "a" is given twice'],
    ['a duplicate key with the same value', '{"a": 1, "a": 1}', 1, 'f.json:1', 'given twice'],
    [
      'a duplicate key written with an escape',
      '{"a": 1,\n "\\u0061": 2}',
      4,
      'f.json:5',
      'given twice',
    ],
    [
      'a duplicate key in a nested object',
      '{"o": {\n"b": 1,\n"b": 2}}',
      1,
      'f.json:3',
      'the key "b"',
    ],
    ['a duplicate key inside an array', '[{"k": 1, "k": 2}]', 1, 'f.json:1', 'given twice'],
    ['a NUL escape in the item', '"a\\u0000b"', 1, 'f.json:1', 'NUL'],
    ['a NUL escape in a member value', '{"a": "ok",\n"b": "\\u0000"}', 2, 'f.json:3', 'NUL'],
    ['a lone high surrogate', '"\\ud800"', 1, 'f.json:1', 'surrogate'],
    [
      'a lone low surrogate (a byte in surrogate escape)',
      '{"a": "caf\\udce9"}',
      1,
      'f.json:1',
      'surrogate',
    ],
    ['malformed JSON, on its line', '{"a": 1,\n\n"b" 2}', 3, 'f.json:5', 'malformed JSON'],
  ])('%s', (_name, text, line, where, words) => {
    const error = failure(() => params(text, line));
    expect(error).toMatchObject({ kind: 'data', where });
    expect(error?.message).toContain(words);
  });

  test('the same key in two objects is no duplicate', () => {
    expect(params('{"a": {"k": 1}, "b": {"k": 2}}')).toEqual({ a: '{"k":1}', b: '{"k":2}' });
  });
});

describe('properties', () => {
  test('JSON without duplicate keys parses to what JSON.parse gives, numbers aside', () => {
    fc.assert(
      fc.property(fc.json(), (text) => {
        const value = parseJsonValue(text, 'f.json', 1);
        expect(JSON.parse(JSON.stringify(value))).toEqual(JSON.parse(text));
      }),
    );
  });

  test('any text JSON.parse refuses is refused as data, never a crash', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 30 }), (text) => {
        let accepted = true;
        try {
          JSON.parse(text);
        } catch {
          accepted = false;
        }
        if (accepted) return;
        expect(failure(() => parseJsonValue(text, 'f.json', 1))).toMatchObject({ kind: 'data' });
      }),
      { numRuns: 3000 },
    );
  });

  test('every JSON number comes back as written', () => {
    const digits = fc.stringMatching(/^(0|[1-9][0-9]{0,40})$/);
    const number = fc
      .tuple(
        fc.boolean(),
        digits,
        fc.option(fc.stringMatching(/^[0-9]{1,30}$/)),
        fc.option(
          fc.tuple(
            fc.constantFrom('e', 'E'),
            fc.constantFrom('', '+', '-'),
            fc.stringMatching(/^[0-9]{1,4}$/),
          ),
        ),
      )
      .map(
        ([minus, whole, fraction, exponent]) =>
          `${minus ? '-' : ''}${whole}${fraction === null ? '' : `.${fraction}`}${exponent === null ? '' : exponent.join('')}`,
      );
    fc.assert(
      fc.property(number, (source) => {
        expect(params(source)).toEqual({ ITEM: source });
        expect(params(`{"n": ${source}}`)).toEqual({ n: source });
      }),
    );
  });

  test('a random string value either comes back exactly or is refused', () => {
    // UTF-16 code units, lone surrogates and NUL included.
    const units = fc.array(fc.integer({ min: 0, max: 0xffff }), { maxLength: 20 });
    fc.assert(
      fc.property(
        units.map((codes) => String.fromCharCode(...codes)),
        (value) => {
          const text = JSON.stringify({ v: value });
          const error = failure(() => params(text));
          if (error) {
            expect(error.kind).toBe('data');
            expect(value.includes('\0') || !value.isWellFormed()).toBe(true);
          } else expect(params(text)).toEqual({ v: value });
        },
      ),
    );
  });
});
