import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import {
  formatIntervalList,
  formatIntervals,
  intervalsHave,
  intervalsTotal,
  parseIntervalList,
  parseIntervals,
} from '../../../src/run/policy/intervals.ts';
import { thrownIxjobError } from './thrown-ixjob-error.ts';

const FORM = 'write increasing indexes like 0-3,5,7-9';

const failure = (text: string, completions?: number) =>
  thrownIxjobError(() => parseIntervals(text, '--success-policy', completions));

describe('formatIntervals: status.completedIndexes as Kubernetes writes it', () => {
  test.each([
    ['nothing', [], ''],
    ['one index', [0], '0'],
    ['two neighbours, never 1-2', [1, 2], '1,2'],
    ['a run of three', [1, 2, 3], '1-3'],
    ['the design example', [1, 3, 4, 5, 7], '1,3-5,7'],
    ['any order, repeats once', [7, 4, 1, 5, 3, 4], '1,3-5,7'],
    ['pairs stay pairs', [0, 1, 3, 4], '0,1,3,4'],
    ['runs and singles', [0, 1, 2, 4, 5, 6, 7, 9], '0-2,4-7,9'],
    ['large indexes', [99_998, 99_999, 100_000], '99998-100000'],
  ])('%s', (_name, indexes, expected) => {
    expect(formatIntervals(indexes)).toBe(expected);
  });

  test.each([[-1], [1.5], [Number.NaN]])('refuses %s as a programmer error', (index) => {
    expect(() => formatIntervals([index])).toThrow(RangeError);
  });

  test('formatIntervalList folds each interval as orderedIntervals.String does', () => {
    expect(
      formatIntervalList([
        { first: 0, last: 0 },
        { first: 2, last: 3 },
        { first: 5, last: 9 },
      ]),
    ).toBe('0,2,3,5-9');
  });
});

describe('parseIntervals: succeededIndexes as Kubernetes accepts it', () => {
  test.each([
    ['one index', '0', [0]],
    ['the usual list', '0-3,5,7-9', [0, 1, 2, 3, 5, 7, 8, 9]],
    ['a two-index range, which Kubernetes accepts', '1-2', [1, 2]],
    ['neighbouring parts', '0-2,3-5', [0, 1, 2, 3, 4, 5]],
    ['singles', '1,2,3', [1, 2, 3]],
    ['a plus sign, as Go strconv.Atoi reads it', '+3', [3]],
    ['leading zeros, as Atoi reads them', '007', [7]],
  ])('%s', (_name, text, expected) => {
    expect(parseIntervals(text, '--success-policy', 10)).toEqual(expected);
  });

  test('keeps the intervals, neighbours merged', () => {
    expect(parseIntervalList('0-2,3,5,6', 'w')).toEqual([
      { first: 0, last: 3 },
      { first: 5, last: 6 },
    ]);
  });

  test.each([
    ['', undefined, `the index list is empty; ${FORM}`],
    ['1,,2', undefined, `bad index list "1,,2": part 2 is empty; ${FORM}`],
    ['1,', undefined, `bad index list "1,": part 2 is empty; ${FORM}`],
    [',1', undefined, `bad index list ",1": part 1 is empty; ${FORM}`],
    [
      '1-2-3',
      undefined,
      `bad index list "1-2-3": "1-2-3" has more than two parts separated by "-"; ${FORM}`,
    ],
    ['-1', undefined, `bad index list "-1": "-1" is missing an index; ${FORM}`],
    ['3-', undefined, `bad index list "3-": "3-" is missing an index; ${FORM}`],
    ['a', undefined, `bad index list "a": "a" is not an index (a whole number); ${FORM}`],
    ['1, 2', undefined, `bad index list "1, 2": " 2" is not an index (a whole number); ${FORM}`],
    ['0x1', undefined, `bad index list "0x1": "0x1" is not an index (a whole number); ${FORM}`],
    ['1_0', undefined, `bad index list "1_0": "1_0" is not an index (a whole number); ${FORM}`],
    [
      '3-3',
      undefined,
      `bad index list "3-3": "3-3" does not increase; write the single index 3; ${FORM}`,
    ],
    ['5-3', undefined, `bad index list "5-3": "5-3" does not increase; write 3-5; ${FORM}`],
    ['5,3', undefined, `bad index list "5,3": 3 follows 5: indexes must increase; ${FORM}`],
    ['1,1', undefined, `bad index list "1,1": 1 follows 1: indexes must increase; ${FORM}`],
    ['1-5,3', undefined, `bad index list "1-5,3": 3 follows 5: indexes must increase; ${FORM}`],
    ['10', 10, `bad index list "10": index 10 is too large for 10 completions (0-9); ${FORM}`],
    ['5-12', 10, `bad index list "5-12": index 12 is too large for 10 completions (0-9); ${FORM}`],
    ['0', 0, `bad index list "0": index 0 is too large: there are no completions; ${FORM}`],
  ])('refuses %j (completions %s)', (text, completions, message) => {
    const error = failure(text, completions);
    expect(error).toMatchObject({ kind: 'usage', where: '--success-policy', message });
  });

  test('cuts a long list short in the message', () => {
    const text = `${Array.from({ length: 40 }, (_, i) => i * 2).join(',')},1`;
    expect(failure(text).message).toMatch(/^bad index list ".{59}…": 1 follows 78/);
  });
});

describe('interval helpers', () => {
  const intervals = [
    { first: 1, last: 3 },
    { first: 7, last: 7 },
    { first: 10, last: 20 },
  ];
  test.each([
    [0, false],
    [1, true],
    [3, true],
    [4, false],
    [7, true],
    [8, false],
    [15, true],
    [21, false],
  ])('intervalsHave(%i) is %s', (index, expected) => {
    expect(intervalsHave(intervals, index)).toBe(expected);
  });

  test('intervalsTotal counts every index', () => {
    expect(intervalsTotal(intervals)).toBe(15);
    expect(intervalsTotal([])).toBe(0);
  });
});

describe('interval properties', () => {
  const indexSet = fc.uniqueArray(fc.nat({ max: 300 }), { minLength: 1, maxLength: 80 });

  test('parse(format(set)) gives the set back, ascending', () => {
    fc.assert(
      fc.property(indexSet, (indexes) => {
        const text = formatIntervals(indexes);
        expect(parseIntervals(text, 'w')).toEqual(indexes.toSorted((a, b) => a - b));
      }),
    );
  });

  test('format writes a-b only for runs of three or more, parts strictly increasing', () => {
    fc.assert(
      fc.property(indexSet, (indexes) => {
        const text = formatIntervals(indexes);
        let previous = -1;
        for (const part of text.split(',')) {
          const [first, last = first] = part.split('-').map(Number) as [number, number?];
          if (part.includes('-')) expect(last).toBeGreaterThanOrEqual(first + 2);
          expect(first).toBeGreaterThan(previous);
          previous = last;
        }
      }),
    );
  });

  test('membership agrees with the set', () => {
    fc.assert(
      fc.property(indexSet, fc.nat({ max: 310 }), (indexes, probe) => {
        const intervals = parseIntervalList(formatIntervals(indexes), 'w');
        expect(intervalsHave(intervals, probe)).toBe(indexes.includes(probe));
        expect(intervalsTotal(intervals)).toBe(indexes.length);
      }),
    );
  });
});
