import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { BASE_ENV, IXJOB } from '../support/ixjob-process.ts';
import { ixjobRun } from '../support/quiet-run.ts';
import { scratchDirs } from '../support/scratch-dirs.ts';

/**
 * Issue 11: `--per-completion-env F=@FILE` with a one-line file splits it at whitespace (the
 * seed's `echo "apple banana cherry" > fruits.txt`), and says so on stderr in one line.
 */
const scratch = scratchDirs('single-line-list');
const dir = scratch();

const ixjob = (args: string[]) =>
  spawnSync(IXJOB, args, { env: BASE_ENV, encoding: 'utf8', input: '' });

describe('a single-line list is split at whitespace, and says so', () => {
  const list = (name: string, content: string) => {
    writeFileSync(join(dir, name), content);
    return join(dir, name);
  };
  const warning = (file: string, count: number) =>
    `ixjob: warning: ${file} has a single line, split at whitespace into ${count} values as $(cat ${file}) would be; a file of several lines keeps each line whole, and one value with spaces needs --csv (a header line F, then the value)\n`;
  test.each<[string, string, string[], boolean]>([
    ['one line of two words', 'my file.dat\n', ['my', 'file.dat'], true],
    [
      'the seed: echo "apple banana cherry"',
      'apple banana cherry\n',
      ['apple', 'banana', 'cherry'],
      true,
    ],
    ['one line of one word', 'solo\n', ['solo'], false],
    ['two lines: spaces kept, no warning', 'my file.dat\nother\n', ['my file.dat', 'other'], false],
    ['a blank second line is still one line', 'a b\n\n', ['a', 'b'], true],
  ])('%s', (name, content, values, warns) => {
    const file = list(`${name.replace(/\W+/g, '-')}.txt`, content);
    const results = values.map((_, index) =>
      ixjob(['resolve', '--index', String(index), '--per-completion-env', `F=@${file}`]),
    );
    for (const [index, result] of results.entries()) {
      expect(result.status).toBe(0);
      expect(JSON.parse(result.stdout).env.F).toBe(values[index]);
      expect(result.stderr).toBe(warns ? warning(file, values.length) : '');
    }
    const past = ixjob([
      'resolve',
      '--index',
      String(values.length),
      '--per-completion-env',
      `F=@${file}`,
    ]);
    expect(past.status).toBe(65);
  });

  test('ixjob run says it once, not once per index', () => {
    const file = list('fruits.txt', 'apple banana cherry\n');
    const state = join(scratch(), 'state');
    const result = ixjobRun(['--state', state, '--per-completion-env', `F=@${file}`, '--', 'true']);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe(warning(file, 3));
  });
});
