import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import {
  findFailurePolicyRule,
  formatPodFailurePolicyRule,
  matchFailurePolicy,
  type PodFailurePolicyRule,
  parsePodFailurePolicy,
  parsePodFailurePolicyRule,
} from '../../../src/run/policy/failure-policy.ts';
import { thrownIxjobError } from './thrown-ixjob-error.ts';

const FORM = 'write ACTION:CODES or ACTION:NotIn:CODES, e.g. FailIndex:65,66,78 or Ignore:137,143';
const range = (first: number, last: number) =>
  Array.from({ length: last - first + 1 }, (_, k) => first + k);

describe('parsePodFailurePolicyRule', () => {
  test.each([
    ['codes, operator In by default', 'FailIndex:65,66,78', 'FailIndex', 'In', [65, 66, 78]],
    ['any case for the action', 'failjob:42', 'FailJob', 'In', [42]],
    ['signal deaths as containerd reports them', 'Ignore:137,143', 'Ignore', 'In', [137, 143]],
    ['an explicit In with a range', 'Count:In:1-3', 'Count', 'In', [1, 2, 3]],
    ['NotIn may list 0', 'FailJob:NotIn:0', 'FailJob', 'NotIn', [0]],
    ['any case for the operator', 'Ignore:notin:0-2,5', 'Ignore', 'NotIn', [0, 1, 2, 5]],
    ['values made sorted and unique', 'FailIndex:66,64-66,65', 'FailIndex', 'In', [64, 65, 66]],
    ['spaces around items', 'FailJob: 1 , 2 - 3 ', 'FailJob', 'In', [1, 2, 3]],
    ['a one-code range', 'Count:7-7', 'Count', 'In', [7]],
    ['255 values, the most a rule holds', 'Count:1-255', 'Count', 'In', range(1, 255)],
    ['255 values with NotIn', 'Count:NotIn:0-254', 'Count', 'NotIn', range(0, 254)],
  ])('%s: %s', (_name, text, action, operator, values) => {
    expect(parsePodFailurePolicyRule(text)).toEqual({ action, onExitCodes: { operator, values } });
  });

  test.each([
    ['FailJob', FORM],
    ['FailJob:In:1:2', FORM],
    ['', FORM],
    ['Retry:1', 'unknown action "Retry"; use FailJob, FailIndex, Ignore, Count'],
    ['FailJob:Maybe:1', 'unknown operator "Maybe"; use In or NotIn'],
    ['FailJob:', `no exit codes; ${FORM}`],
    ['FailJob:NotIn: ', `no exit codes; ${FORM}`],
    ['FailJob:1,,2', `an empty item in the exit codes; ${FORM}`],
    ['FailJob:x', '"x" is not an exit code or a range like 64-66'],
    ['FailJob:-1', '"-1" is not an exit code or a range like 64-66'],
    ['FailJob:1.5', '"1.5" is not an exit code or a range like 64-66'],
    ['FailJob:256', 'exit code 256 is out of range: a process exits with 0-255'],
    ['FailJob:250-300', 'exit code 300 is out of range: a process exits with 0-255'],
    ['FailJob:9-3', 'the range "9-3" goes down; write 3-9'],
    ['FailJob:0', 'exit code 0 is success and cannot be listed with In (NotIn may list it)'],
    ['Count:In:0-3', 'exit code 0 is success and cannot be listed with In (NotIn may list it)'],
    ['Count:NotIn:0-255', '256 exit codes, more than the 255 a rule may hold'],
  ])('refuses %j', (text, reason) => {
    expect(thrownIxjobError(() => parsePodFailurePolicyRule(text))).toMatchObject({
      kind: 'usage',
      where: '--pod-failure-policy',
      message: `bad pod failure policy rule ${JSON.stringify(text)}: ${reason}`,
    });
  });

  test('names the flag it is given', () => {
    expect(thrownIxjobError(() => parsePodFailurePolicyRule('x', '--policy')).where).toBe(
      '--policy',
    );
  });
});

describe('parsePodFailurePolicy', () => {
  test('keeps the rules in order', () => {
    expect(parsePodFailurePolicy(['Ignore:137', 'FailJob:1']).map((rule) => rule.action)).toEqual([
      'Ignore',
      'FailJob',
    ]);
  });

  test('allows 20 rules, as Kubernetes does', () => {
    expect(parsePodFailurePolicy(Array.from({ length: 20 }, () => 'Count:1'))).toHaveLength(20);
  });

  test('refuses a 21st rule', () => {
    expect(
      thrownIxjobError(() => parsePodFailurePolicy(Array.from({ length: 21 }, () => 'Count:1'))),
    ).toMatchObject({
      kind: 'usage',
      where: '--pod-failure-policy',
      message: '21 pod failure policy rules, more than the 20 Kubernetes allows',
    });
  });
});

describe('matchFailurePolicy: first match wins', () => {
  const rules = parsePodFailurePolicy([
    'Ignore:137,143',
    'FailIndex:65-66',
    'Count:1',
    'FailJob:NotIn:1,2',
  ]);
  test.each([
    ['success never matches, not even NotIn', 0, undefined, -1],
    ['SIGKILL is ignored', 137, 'Ignore', 0],
    ['SIGTERM matches Ignore before the NotIn rule', 143, 'Ignore', 0],
    ['a data error fails the index', 65, 'FailIndex', 1],
    ['1 is counted by its own rule', 1, 'Count', 2],
    ['2 matches nothing: NotIn leaves it out', 2, undefined, -1],
    ['anything else fails the job', 3, 'FailJob', 3],
  ])('%s (%i)', (_name, exitCode, action, position) => {
    expect(matchFailurePolicy(rules, exitCode)).toBe(action);
    expect(findFailurePolicyRule(rules, exitCode)).toBe(position);
  });

  test('no rules match nothing', () => {
    expect(matchFailurePolicy([], 1)).toBeUndefined();
  });
});

describe('formatPodFailurePolicyRule', () => {
  test.each([
    ['FailIndex:65,66,78', 'FailIndex:65,66,78'],
    ['Count:In:1-3,5', 'Count:1-3,5'],
    ['ignore:notin:0,1,2,3', 'Ignore:NotIn:0-3'],
  ])('%s is written %s', (text, expected) => {
    expect(formatPodFailurePolicyRule(parsePodFailurePolicyRule(text))).toBe(expected);
  });

  test('what it writes parses back to the same rule', () => {
    const rule = fc
      .record({
        action: fc.constantFrom('FailJob', 'FailIndex', 'Ignore', 'Count' as const),
        operator: fc.constantFrom('In', 'NotIn' as const),
        values: fc.uniqueArray(fc.integer({ min: 1, max: 255 }), { minLength: 1, maxLength: 40 }),
      })
      .map(
        ({ action, operator, values }): PodFailurePolicyRule => ({
          action,
          onExitCodes: { operator, values: values.toSorted((a, b) => a - b) },
        }),
      );
    fc.assert(
      fc.property(rule, (generated) => {
        expect(parsePodFailurePolicyRule(formatPodFailurePolicyRule(generated))).toEqual(generated);
      }),
    );
  });
});
