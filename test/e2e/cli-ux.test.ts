import { spawnSync } from 'node:child_process';
import { chmodSync, realpathSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { EXIT_CODES } from '@ixjob/sdk/internal';
import { nodeVersionProblem } from '@ixjob/sdk/node-version';
import { describe, expect, test } from 'vitest';
import { COMMANDS } from '../../packages/shim/src/cli/flags.ts';
import { BASE_ENV, IXJOB, ixjobSync } from '../support/ixjob-process.ts';
import { scratchDirs } from '../support/scratch-dirs.ts';

const REPO = fileURLToPath(new URL('../..', import.meta.url));
const freshDir = scratchDirs('cli-ux');
/** A pod's environment: an index is found, so only the command decides the outcome. */
const IN_POD = { JOB_COMPLETION_INDEX: '0' };

describe('help', () => {
  const help = ixjobSync(['--help']);

  test('--help lists every command, each with one line', () => {
    expect(help.code).toBe(0);
    const listed = help.stdout.toString().split('Commands:')[1] ?? '';
    for (const command of [...COMMANDS, 'help [COMMAND]'])
      expect(listed).toMatch(
        new RegExp(`^ {2}ixjob ${command.replace(/[[\]]/g, '\\$&')} +\\S`, 'm'),
      );
  });

  test.each([
    [['help'], ['--help']],
    [['help'], ['exec', '--help']],
    [
      ['help', 'run'],
      ['run', '--help'],
    ],
    [
      ['help', 'resolve'],
      ['resolve', '-h'],
    ],
    [
      ['help', 'install'],
      ['install', '--help'],
    ],
  ])('ixjob %j is ixjob %j', (words, flags) => {
    const byWord = ixjobSync(words);
    const byFlag = ixjobSync(flags);
    expect([byWord.code, byWord.stderr]).toEqual([0, '']);
    expect(byWord.stdout.toString()).toBe(byFlag.stdout.toString());
  });

  test('no index is looked for', () => {
    expect(ixjobSync(['help'], {}).stderr).toBe('');
  });
});

describe('a mistyped command or option: one line, 64', () => {
  test.each([
    [
      ['rnu', '--', 'true'],
      {},
      "ixjob: unknown command 'rnu'; did you mean 'ixjob run'? (to run a program named rnu, put it after --)\n",
    ],
    [
      ['rnu'],
      IN_POD,
      "ixjob: unknown command 'rnu'; did you mean 'ixjob run'? (to run a program named rnu, put it after --)\n",
    ],
    [
      ['resovle', '-o', 'env'],
      {},
      "ixjob: unknown command 'resovle'; did you mean 'ixjob resolve'? (to run a program named resovle, put it after --)\n",
    ],
    [
      ['run', '--paralelism', '2', '--', 'true'],
      {},
      "ixjob: unknown option '--paralelism'; did you mean '--parallelism'? (--paralelism)\n",
    ],
    [
      ['--parallelism', '2', '--', 'true'],
      IN_POD,
      "ixjob: unknown option '--parallelism' for 'ixjob exec'; it is an option of 'ixjob run' or 'ixjob manifest' (--parallelism)\n",
    ],
    [
      ['help', 'rnu'],
      {},
      "ixjob: no help for 'rnu'; did you mean 'run'? (the commands are exec, resolve, run, manifest, index, install)\n",
    ],
  ])('ixjob %j', (args, env, stderr) => {
    const result = ixjobSync(args, env);
    expect([result.code, result.stderr]).toEqual([EXIT_CODES.usage, stderr]);
  });
});

describe('a first word that is a program stays a program', () => {
  test('far from every command: not found, as before', () => {
    expect(ixjobSync(['no-such-thing'], IN_POD)).toMatchObject({
      code: EXIT_CODES['not-found'],
      stderr: expect.stringMatching(/^ixjob: command not found: no-such-thing \(PATH=.*\)\n$/),
    });
    expect(ixjobSync(['no-such-thing']).code).toBe(EXIT_CODES.config);
  });

  test('a program named like a typo runs', () => {
    const dir = freshDir();
    writeFileSync(join(dir, 'rnu'), '#!/bin/sh\necho "rnu ran: $*"\n');
    chmodSync(join(dir, 'rnu'), 0o755);
    const result = ixjobSync(['rnu', 'x'], { ...IN_POD, PATH: `${dir}:${BASE_ENV.PATH}` });
    expect([result.code, result.stdout.toString(), result.stderr]).toEqual([0, 'rnu ran: x\n', '']);
  });

  test('after --, the word is always the program', () => {
    expect(ixjobSync(['--', 'rnu'], IN_POD)).toMatchObject({ code: EXIT_CODES['not-found'] });
  });
});

/** A Node too old for ixjob, if the machine has one (Debian's is 20, say). */
const OLD_NODE = ['/usr/bin/node', '/usr/local/bin/node', '/bin/node']
  .map((path) => {
    const probe = spawnSync(path, ['-p', 'process.versions.node'], { encoding: 'utf8' });
    const version = probe.status === 0 ? probe.stdout.trim() : '';
    return { path, version };
  })
  .find(({ version }) => version !== '' && nodeVersionProblem(version) !== undefined);
if (OLD_NODE === undefined)
  console.warn('cli-ux: SKIPPED the old-Node checks: no Node older than 22.15 on this machine');

describe.skipIf(OLD_NODE === undefined)('on a Node too old for ixjob', () => {
  const { path, version } = OLD_NODE ?? { path: '', version: '' };
  const needed = `Node 22.15 or later is needed, this is Node ${version} (${path && realpathSync(path)})`;

  test.each([
    ['the npm launcher', IXJOB, ['--index', '0', '--', 'true']],
    ['the npm launcher, help', IXJOB, ['--help']],
  ])('%s says so in one line, 78', (_name, program, args) => {
    const result = spawnSync(program, args, {
      env: { ...BASE_ENV, IXJOB_NODE: path },
      encoding: 'utf8',
    });
    expect([result.status, result.stdout, result.stderr]).toEqual([
      EXIT_CODES.config,
      '',
      `ixjob: ${needed}\n`,
    ]);
  });

  test('the start file run by that Node says the same', () => {
    const start = join(REPO, 'packages/shim/dist/ixjob.cjs');
    const result = spawnSync(path, [start, 'rnu'], { env: BASE_ENV, encoding: 'utf8' });
    expect([result.status, result.stderr]).toEqual([EXIT_CODES.config, `ixjob: ${needed}\n`]);
  });

  test('a worker importing @ixjob/sdk gets that line, not a SyntaxError', () => {
    const result = spawnSync(path, ['--input-type=module', '-e', "await import('@ixjob/sdk')"], {
      cwd: join(REPO, 'examples/mandelbrot'),
      env: BASE_ENV,
      encoding: 'utf8',
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(`\nError: @ixjob/sdk: ${needed}\n`);
    expect(result.stderr).not.toContain('SyntaxError');
  });
});
