import { describe, expect, test } from 'vitest';
import { runExample } from '../support/examples.ts';

/** The lines each index printed, by `ixjob run --tag`'s `[INDEX]` prefix. */
const tagged = (stdout: string) =>
  stdout
    .split('\n')
    .filter((line) => line.startsWith('['))
    .toSorted();

describe('the seed’s jobs, run from a fresh clone after npm ci (ixjob found through npm)', () => {
  test.each([
    {
      name: 'say-fruit',
      lines: [
        '[0]  Have a nice green apple',
        '[1]  Have a nice yellow banana',
        '[2]  Have a nice red cherry',
      ],
    },
    {
      name: 'say-number',
      lines: [0, 1, 2].map((i) => `[${i}]  My index is ${i} (from JOB_COMPLETION_INDEX)`),
    },
  ])('$name', ({ name, lines }) => {
    const result = runExample(name);
    expect(result.status, result.stderr).toBe(0);
    expect(tagged(result.stdout)).toEqual(lines);
    expect(result.stdout).toMatch(/^Completed Indexes: +0-2$/m);
  });
});
