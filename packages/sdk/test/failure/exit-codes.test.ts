import { readFileSync } from 'node:fs';
import { EXIT_CODES, NON_RETRIABLE_EXIT_CODES, signalExitCode } from '@ixjob/sdk/internal';
import { describe, expect, test } from 'vitest';

const readme = readFileSync(new URL('../../../../README.md', import.meta.url), 'utf8');

describe('the exit-code table', () => {
  test('the README lists exactly the codes the code uses', () => {
    const section = readme.slice(readme.indexOf('## Exit codes'));
    const listed = [...section.matchAll(/^\| (\d+) \|/gm)].map((match) => Number(match[1]));
    expect(listed.toSorted((a, b) => a - b)).toEqual(
      Object.values(EXIT_CODES).toSorted((a, b) => a - b),
    );
  });

  test('every expected failure is non-retriable; a bug is not', () => {
    expect(NON_RETRIABLE_EXIT_CODES).toEqual([64, 65, 66, 78, 126, 127]);
  });

  test('a signal death reads as a shell reports it', () => {
    expect(signalExitCode(15)).toBe(143);
  });
});
