import { gangParallelism, type JobDefinition } from '@ixjob/sdk/internal';
import { describe, expect, test } from 'vitest';

const job = (extra: Partial<JobDefinition>): JobDefinition => ({
  name: 'j',
  command: [],
  ...extra,
});

describe('gangParallelism', () => {
  test.each<[string, Partial<JobDefinition>, number | undefined]>([
    ['no framework: the job’s own', { parallelism: 2 }, 2],
    ['no framework, none given: the runner’s default', {}, undefined],
    ['--rank-vars needs no rendezvous', { frameworks: ['rank'] }, undefined],
    ['--jax, none given: every index at once', { frameworks: ['jax'] }, 4],
    ['--torch with room for all', { frameworks: ['torch'], parallelism: 6 }, 6],
    ['--tf with exactly all', { frameworks: ['tf'], parallelism: 4 }, 4],
  ])('%s', (_name, extra, expected) => {
    expect(gangParallelism(job(extra), 4)).toBe(expected);
  });

  test('fewer than every index of a rendezvous is refused (64), naming --parallelism', () => {
    expect(() => gangParallelism(job({ frameworks: ['jax'], parallelism: 2 }), 3)).toThrow(
      expect.objectContaining({
        kind: 'usage',
        message: '--jax needs all 3 indexes running at once, to meet; --parallelism 2 starts fewer',
      }),
    );
  });
});
