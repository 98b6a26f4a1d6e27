import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { parseIntervals } from '../../../src/run/policy/intervals.ts';
import {
  findSuccessPolicyRule,
  parseSuccessPolicy,
  parseSuccessPolicyRule,
  type SuccessPolicyRule,
  successPolicyMet,
} from '../../../src/run/policy/success-policy.ts';
import { thrownIxjobError } from './thrown-ixjob-error.ts';

const FORM = 'write indexes=0-3, count=N or indexes=0-9;count=5';
const INDEXES = 'write increasing indexes like 0-3,5,7-9';

describe('parseSuccessPolicyRule', () => {
  test.each([
    ['indexes', 'indexes=0-3', { succeededIndexes: '0-3' }],
    ['a count', 'count=5', { succeededCount: 5 }],
    ['both, split by ;', 'indexes=0-9;count=5', { succeededIndexes: '0-9', succeededCount: 5 }],
    [
      'both, split by a comma before a name',
      'indexes=0-9,count=5',
      { succeededIndexes: '0-9', succeededCount: 5 },
    ],
    [
      'a list with commas, count first',
      'count=2;indexes=1,3,5',
      { succeededIndexes: '1,3,5', succeededCount: 2 },
    ],
    [
      'a list with commas, then a count',
      'indexes=1,3,5,count=2',
      { succeededIndexes: '1,3,5', succeededCount: 2 },
    ],
    [
      "Kubernetes' own field names, the text kept as written",
      'succeededIndexes=1-2;succeededCount=1',
      { succeededIndexes: '1-2', succeededCount: 1 },
    ],
    [
      'names in any case, space around fields',
      'Count=3 ; INDEXES=0-4',
      { succeededIndexes: '0-4', succeededCount: 3 },
    ],
    ['count equal to completions', 'count=10', { succeededCount: 10 }],
    [
      'count equal to the indexes named',
      'indexes=0,5;count=2',
      { succeededIndexes: '0,5', succeededCount: 2 },
    ],
  ])('%s: %s', (_name, text, expected) => {
    expect(parseSuccessPolicyRule(text, 10)).toEqual(expected);
  });

  test.each([
    ['indexes', `"indexes" is not NAME=VALUE; ${FORM}`],
    ['size=3', 'unknown field "size"; use indexes= and count='],
    ['count=1;count=2', 'count= is given twice'],
    ['indexes=1;succeededIndexes=2', 'indexes= is given twice'],
    ['count=0', 'count must be a whole number of at least 1, not "0"'],
    ['count=-1', 'count must be a whole number of at least 1, not "-1"'],
    ['count=1.5', 'count must be a whole number of at least 1, not "1.5"'],
    ['count=x', 'count must be a whole number of at least 1, not "x"'],
    ['count=', 'count must be a whole number of at least 1, not ""'],
    ['count=11', 'count=11 is more than the 10 completions'],
    ['indexes=1-3;count=4', 'count=4 is more than the 3 indexes it names'],
  ])('refuses %j', (text, reason) => {
    expect(thrownIxjobError(() => parseSuccessPolicyRule(text, 10))).toMatchObject({
      kind: 'usage',
      where: '--success-policy',
      message: `bad success policy rule ${JSON.stringify(text)}: ${reason}`,
    });
  });

  test.each([
    ['', `the success policy rule is empty; ${FORM}`],
    ['indexes=', `the index list is empty; ${INDEXES}`],
    [
      'indexes=8-10',
      `bad index list "8-10": index 10 is too large for 10 completions (0-9); ${INDEXES}`,
    ],
    ['indexes=3,1', `bad index list "3,1": 1 follows 3: indexes must increase; ${INDEXES}`],
    ['indexes= 1', `bad index list " 1": " 1" is not an index (a whole number); ${INDEXES}`],
  ])('refuses %j with the index list error', (text, message) => {
    expect(thrownIxjobError(() => parseSuccessPolicyRule(text, 10))).toMatchObject({
      kind: 'usage',
      where: '--success-policy',
      message,
    });
  });

  test('refuses an index list longer than Kubernetes allows', () => {
    const long = `indexes=${'1'.repeat(64 * 1024 + 1)}`;
    expect(thrownIxjobError(() => parseSuccessPolicyRule(long, 10)).message).toMatch(
      /: the index list is longer than 65536 characters$/,
    );
  });
});

describe('parseSuccessPolicy', () => {
  test('keeps the rules in order', () => {
    expect(parseSuccessPolicy(['count=1', 'indexes=0'], 3)).toEqual([
      { succeededCount: 1 },
      { succeededIndexes: '0' },
    ]);
  });

  test('refuses a 21st rule', () => {
    expect(
      thrownIxjobError(() =>
        parseSuccessPolicy(
          Array.from({ length: 21 }, () => 'count=1'),
          3,
        ),
      ),
    ).toMatchObject({
      kind: 'usage',
      where: '--success-policy',
      message: '21 success policy rules, more than the 20 Kubernetes allows',
    });
  });
});

describe('successPolicyMet: the Kubernetes meaning', () => {
  test.each<[string, SuccessPolicyRule[], number[], number]>([
    [
      "the API's example: 1-4 with count 3, but only 1 and 3 of them done",
      [{ succeededIndexes: '1-4', succeededCount: 3 }],
      [1, 3, 5],
      -1,
    ],
    ['three of 1-4 done', [{ succeededIndexes: '1-4', succeededCount: 3 }], [1, 3, 4], 0],
    ['not every named index done', [{ succeededIndexes: '0,2,3' }], [0, 2], -1],
    ['every named index done', [{ succeededIndexes: '0,2,3' }], [0, 2, 3], 0],
    ['others may succeed too', [{ succeededIndexes: '0,2,3' }], [0, 2, 3, 7], 0],
    ['a count of anything, not yet', [{ succeededCount: 2 }], [5], -1],
    ['a count of anything, reached', [{ succeededCount: 2 }], [5, 9], 0],
    ['nothing succeeded', [{ succeededCount: 1 }], [], -1],
    ['the second rule met', [{ succeededIndexes: '0' }, { succeededCount: 3 }], [1, 2, 3], 1],
    ['rules tried in order', [{ succeededCount: 1 }, { succeededIndexes: '0' }], [0], 0],
    ['no rules', [], [0, 1], -1],
  ])('%s', (_name, rules, succeeded, position) => {
    const set = new Set(succeeded);
    expect(findSuccessPolicyRule(rules, set)).toBe(position);
    expect(successPolicyMet(rules, set)).toBe(position >= 0);
  });

  test('agrees with counting the named indexes one by one', () => {
    const rule = fc
      .record({
        indexes: fc.option(fc.uniqueArray(fc.nat({ max: 19 }), { minLength: 1, maxLength: 20 }), {
          nil: undefined,
        }),
        count: fc.option(fc.integer({ min: 1, max: 20 }), { nil: undefined }),
      })
      .filter(({ indexes, count }) => indexes !== undefined || count !== undefined)
      .map(({ indexes, count }) => {
        const sorted = indexes?.toSorted((a, b) => a - b);
        const capped = count === undefined ? undefined : Math.min(count, sorted?.length ?? 20);
        return {
          ...(sorted === undefined ? {} : { succeededIndexes: sorted.join(',') }),
          ...(capped === undefined ? {} : { succeededCount: capped }),
        };
      });
    fc.assert(
      fc.property(
        fc.array(rule, { maxLength: 4 }),
        fc.uniqueArray(fc.nat({ max: 19 })),
        (rules, done) => {
          const succeeded = new Set(done);
          const met = rules.some((r) => {
            if (succeeded.size === 0) return false;
            if (r.succeededIndexes === undefined)
              return succeeded.size >= (r.succeededCount ?? Infinity);
            const named = parseIntervals(r.succeededIndexes, 'w');
            const hits = named.filter((index) => succeeded.has(index)).length;
            return hits === named.length || hits >= (r.succeededCount ?? Infinity);
          });
          expect(successPolicyMet(rules, succeeded)).toBe(met);
        },
      ),
    );
  });
});
