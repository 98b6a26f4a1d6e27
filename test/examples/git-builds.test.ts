import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { commandsOrSkip, EXAMPLES_DIR, runExample } from '../support/examples.ts';

const DIR = join(EXAMPLES_DIR, 'git-builds');
const read = (file: string) => readFileSync(join(DIR, file), 'utf8');

/** A work list's rows (HASH,NAME), in index order. */
const commits = (list: string) =>
  read(list)
    .trimEnd()
    .split('\n')
    .slice(1)
    .map((row) => {
      const [hash = '', name = ''] = row.split(',');
      return { hash, name };
    });

/** The lines index i printed, by `ixjob run --tag`'s `[i]  ` prefix (stdout only). */
const linesOf = (stdout: string, index: number) =>
  stdout
    .split('\n')
    .filter((line) => line.startsWith(`[${index}]  `))
    .map((line) => line.slice(`[${index}]  `.length));

describe.runIf(commandsOrSkip('git-builds', ['git', 'make', 'cc']))(
  'git-builds, the seed’s work list 3: a program built at several git commits',
  () => {
    test('the work lists name the commits make-repo.sh makes; commits.csv leaves out the broken one', () => {
      const made = runExample('git-builds', 'make-repo.sh');
      expect(made.status, made.stderr).toBe(0);
      expect(made.stdout, 'every-commit.csv is stale: sh make-repo.sh prints it').toBe(
        read('every-commit.csv'),
      );
      expect(commits('commits.csv')).toEqual(
        commits('every-commit.csv').filter(({ name }) => name !== 'repeat'),
      );
    });

    test.each([
      { list: 'commits.csv', status: 0, completed: '0-2', broken: [] as string[] },
      { list: 'every-commit.csv', status: 1, completed: '0,1,3', broken: ['repeat'] },
    ])(
      '$list: each program built prints its commit’s hash; a broken commit fails its index alone',
      ({ list, status, completed, broken }) => {
        const result = runExample('git-builds', 'run.sh', { COMMITS: list });
        expect(result.status, result.stderr).toBe(status);
        expect(result.stdout).toMatch(new RegExp(`^Completed Indexes: +${completed}$`, 'm'));
        const rows = commits(list);
        const failed = rows.flatMap(({ name }, index) => (broken.includes(name) ? [index] : []));
        expect(result.stdout).toMatch(
          new RegExp(`^Failed Indexes: +${failed.join(',') || '<none>'}$`, 'm'),
        );
        for (const [index, { hash, name }] of rows.entries()) {
          const program = join(DIR, 'out', 'artifacts', hash, 'hello');
          if (!broken.includes(name)) {
            const version = spawnSync(program, ['--version'], { encoding: 'utf8' });
            expect(version.stdout, `${name}: ${version.stderr}`).toBe(`${hash}\n`);
            continue;
          }
          expect(existsSync(program)).toBe(false);
          expect(result.stdout).toContain(
            `  index ${index} (HASH=${hash} NAME=${name}): 2 attempts, last exit 2: make: `,
          );
          expect(result.stdout).toMatch(
            new RegExp(`^\\[${index}!\\] .*error: .*times.* undeclared`, 'm'),
          );
          // The retry builds in the worktree the first attempt fetched.
          expect(linesOf(result.stdout, index).filter((line) => !line.startsWith('cc '))).toEqual([
            `fetching ${hash} into out/worktrees/${hash}`,
            `reusing out/worktrees/${hash}`,
          ]);
        }
      },
    );
  },
);
