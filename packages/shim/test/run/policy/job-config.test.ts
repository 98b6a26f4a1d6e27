import { describe, expect, test } from 'vitest';
import { parsePodFailurePolicy } from '../../../src/run/policy/failure-policy.ts';
import {
  effectiveBackoffLimit,
  type JobConfig,
  validateJobConfig,
} from '../../../src/run/policy/job-config.ts';

const base: JobConfig = { completions: 10, parallelism: 2 };

describe('validateJobConfig: what the API server refuses, by flag', () => {
  test.each<[string, Partial<JobConfig>, string, string]>([
    [
      'negative completions',
      { completions: -1 },
      '--completions',
      'completions must be a whole number from 0 to 2147483647, not -1',
    ],
    [
      'fractional completions',
      { completions: 1.5 },
      '--completions',
      'completions must be a whole number from 0 to 2147483647, not 1.5',
    ],
    [
      'no parallelism, which would wait forever',
      { parallelism: 0 },
      '--parallelism',
      'parallelism must be a whole number from 1 to 100000, not 0',
    ],
    [
      'parallelism past the Indexed limit',
      { parallelism: 100_001 },
      '--parallelism',
      'parallelism must be a whole number from 1 to 100000, not 100001',
    ],
    [
      'a negative backoff limit',
      { backoffLimit: -1 },
      '--backoff-limit',
      'backoff-limit must be a whole number from 0 to 2147483647, not -1',
    ],
    [
      'a negative per-index limit',
      { backoffLimitPerIndex: -1 },
      '--backoff-limit-per-index',
      'backoff-limit-per-index must be a whole number from 0 to 2147483647, not -1',
    ],
    [
      'max failed indexes alone',
      { maxFailedIndexes: 1 },
      '--max-failed-indexes',
      'a maximum of failed indexes needs --backoff-limit-per-index',
    ],
    [
      'max failed indexes past completions',
      { backoffLimitPerIndex: 1, maxFailedIndexes: 11 },
      '--max-failed-indexes',
      '11 failed indexes is more than the 10 completions',
    ],
    [
      'a negative max failed indexes',
      { backoffLimitPerIndex: 1, maxFailedIndexes: -1 },
      '--max-failed-indexes',
      'max-failed-indexes must be a whole number from 0 to 100000, not -1',
    ],
    [
      'many completions without max failed indexes',
      { completions: 100_001, backoffLimitPerIndex: 1 },
      '--max-failed-indexes',
      '--max-failed-indexes is required above 100000 completions with --backoff-limit-per-index',
    ],
    [
      'many completions with many failed indexes allowed',
      { completions: 200_000, backoffLimitPerIndex: 1, maxFailedIndexes: 10_001 },
      '--max-failed-indexes',
      'at most 10000 failed indexes may be allowed above 100000 completions with --backoff-limit-per-index',
    ],
    [
      'many completions with high parallelism',
      { completions: 200_000, backoffLimitPerIndex: 1, maxFailedIndexes: 5, parallelism: 10_001 },
      '--parallelism',
      'parallelism must be at most 10000 above 100000 completions with --backoff-limit-per-index',
    ],
    [
      'a negative deadline',
      { activeDeadlineMs: -1 },
      '--active-deadline',
      'the active deadline must be a duration of at least 0, not -1',
    ],
    [
      'FailIndex without per-index limits',
      { podFailurePolicy: parsePodFailurePolicy(['Ignore:137', 'FailIndex:65']) },
      '--pod-failure-policy',
      'rule 2 fails the index, which needs --backoff-limit-per-index',
    ],
    [
      '21 pod failure policy rules',
      {
        podFailurePolicy: parsePodFailurePolicy(Array.from({ length: 20 }, () => 'Count:1')).concat(
          parsePodFailurePolicy(['Count:2']),
        ),
      },
      '--pod-failure-policy',
      '21 pod failure policy rules, more than the 20 Kubernetes allows',
    ],
    [
      'a success rule with neither field',
      { successPolicy: [{}] },
      '--success-policy',
      'rule 1 names neither indexes nor a count',
    ],
    [
      'a success rule past completions',
      { successPolicy: [{ succeededIndexes: '5-10' }] },
      '--success-policy',
      'bad index list "5-10": index 10 is too large for 10 completions (0-9); write increasing indexes like 0-3,5,7-9',
    ],
    [
      'a success count past completions',
      { successPolicy: [{ succeededCount: 11 }] },
      '--success-policy',
      'rule 1 asks for 11 succeeded indexes; allowed are 1 to the 10 completions',
    ],
    [
      'a success count past the indexes named',
      { successPolicy: [{ succeededIndexes: '1,2', succeededCount: 3 }] },
      '--success-policy',
      'rule 1 asks for 3 succeeded indexes of the 2 it names',
    ],
    [
      '21 success rules',
      { successPolicy: Array.from({ length: 21 }, () => ({ succeededCount: 1 })) },
      '--success-policy',
      '21 success policy rules, more than the 20 Kubernetes allows',
    ],
  ])('refuses %s', (_name, change, where, message) => {
    expect(() => validateJobConfig({ ...base, ...change })).toThrow(
      expect.objectContaining({ kind: 'usage', where, message }),
    );
  });

  test.each<[string, Partial<JobConfig>]>([
    ['the plainest job', {}],
    ['no completions at all', { completions: 0, parallelism: 1 }],
    [
      'FailIndex with per-index limits',
      { backoffLimitPerIndex: 0, podFailurePolicy: parsePodFailurePolicy(['FailIndex:65']) },
    ],
    ['max failed indexes up to completions', { backoffLimitPerIndex: 1, maxFailedIndexes: 10 }],
    ['a zero deadline', { activeDeadlineMs: 0 }],
    [
      'many completions within the tighter bounds',
      {
        completions: 200_000,
        backoffLimitPerIndex: 1,
        maxFailedIndexes: 10_000,
        parallelism: 10_000,
      },
    ],
  ])('accepts %s', (_name, change) => {
    expect(() => validateJobConfig({ ...base, ...change })).not.toThrow();
  });
});

describe('effectiveBackoffLimit: as the API server defaults it', () => {
  test.each<[string, Partial<JobConfig>, number]>([
    ['6 by default', {}, 6],
    ['as given', { backoffLimit: 2 }, 2],
    ['unlimited with per-index limits', { backoffLimitPerIndex: 1 }, Infinity],
    ['as given, even with per-index limits', { backoffLimitPerIndex: 1, backoffLimit: 3 }, 3],
  ])('%s', (_name, change, expected) => {
    expect(effectiveBackoffLimit({ ...base, ...change })).toBe(expected);
  });
});
