import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { EXIT_CODES } from '@ixjob/sdk/internal';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { BUNDLE } from '../support/build-once.ts';
import { BASE_ENV, IXJOB } from '../support/ixjob-process.ts';
import { podinfoVolume } from '../support/podinfo-tree.ts';
import { type Container, runContained } from '../support/rootfs/container.ts';
import { canContain } from '../support/rootfs/permitted.ts';
import { compileProbes, type Probes } from '../support/rootfs/probes.ts';
import { TREES } from '../support/rootfs/trees.ts';
import { scratchDirs } from '../support/scratch-dirs.ts';

const REPO = fileURLToPath(new URL('../..', import.meta.url));
const SHIMS = [
  ['the portable binary', join(BUNDLE, 'bin/ixjob')],
  ['the npm bin', IXJOB],
] as const;
/** Index 1 of three values: what the installed prefix must turn into `b`. */
const COMMAND = ['--index', '1', '--per-completion-env', 'X=a b c', '--', 'printenv', 'X'];

const freshDir = scratchDirs('install');

const run = (program: string, args: readonly string[], env: Record<string, string> = {}) => {
  const result = spawnSync(program, args, { env: { ...BASE_ENV, ...env }, encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
};

/** The `.ixjob-*` directories in DIR with their inodes: a copy makes new ones. */
const installedInodes = (dir: string): Record<string, number> =>
  Object.fromEntries(
    readdirSync(dir)
      .filter((name) => name.startsWith('.ixjob-'))
      .map((name) => [name, statSync(join(dir, name, 'lib/ixjob')).ino]),
  );

describe.each(SHIMS)('ixjob install, run by %s', (_name, shim) => {
  test('prints a prefix that runs the original command through the installed shim', () => {
    const dir = join(freshDir(), 'shared');
    const installed = run(shim, ['install', dir]);
    expect(installed).toEqual({ code: 0, stdout: `${dir}/bin/ixjob --\n`, stderr: '' });

    // A manifest pastes the prefix's words before the image's own command, flags before its `--`.
    const [program = '', ...rest] = installed.stdout.trim().split(' ');
    expect(rest).toEqual(['--']);
    expect(run(program, COMMAND)).toEqual({ code: 0, stdout: 'b\n', stderr: '' });
    // As printed, with the index from the environment as the Job controller sets it.
    expect(
      run(program, [...rest, 'printenv', 'X'], { JOB_COMPLETION_INDEX: '1', X: 'kept' }),
    ).toEqual({
      code: 0,
      stdout: 'kept\n',
      stderr: '',
    });
  });

  test('installing twice prints the same prefix and copies nothing', () => {
    const dir = freshDir();
    const first = run(shim, ['install', dir]);
    const inodes = installedInodes(dir);
    const second = run(shim, ['install', dir]);
    expect(second).toEqual(first);
    expect(second.code).toBe(0);
    expect(Object.keys(inodes)).toHaveLength(1);
    expect(installedInodes(dir)).toEqual(inodes);
    // No aside names left behind by either run.
    expect(readdirSync(dir).sort()).toEqual([...Object.keys(inodes), 'bin']);
  });

  test.each<[string, (dir: string) => string[], number, RegExp]>([
    ['no DIR', () => ['install'], EXIT_CODES.usage, /^ixjob: install takes one directory: /],
    ['two DIRs', (dir) => ['install', dir, dir], EXIT_CODES.usage, /^ixjob: install takes one/],
    [
      '--from a directory that is no bundle',
      (dir) => ['install', '--from', REPO, dir],
      EXIT_CODES.noinput,
      /^ixjob: .* is not an ixjob bundle .*\(--from\)$/,
    ],
    [
      'a DIR whose parent is missing',
      (dir) => ['install', join(dir, 'no/such')],
      EXIT_CODES['cannot-create'],
      /^ixjob: cannot write the bundle here: no such file or directory \(ENOENT\) \(\/.*\/no\/such\)$/,
    ],
  ])('%s: its exit code and one line on stderr', (_name, args, code, line) => {
    const result = run(shim, args(freshDir()));
    expect(result.code).toBe(code);
    expect(result.stdout).toBe('');
    // Without the s flag `.` stops at a newline, so this is exactly one line.
    expect(result.stderr).toMatch(/^ixjob: .*\n$/);
    expect(result.stderr.trimEnd()).toMatch(line);
  });
});

describe('the npm package with no portable bundle anywhere', () => {
  test('install says how to build one and exits 66', () => {
    // The package's files alone, away from this repository's dist/ixjob.
    const copy = join(freshDir(), 'ixjob');
    for (const part of ['bin', 'dist'])
      cpSync(join(REPO, 'packages/shim', part), join(copy, part), { recursive: true });
    const node = join(REPO, 'node_modules/node/bin/node');
    const result = run(join(copy, 'bin/ixjob'), ['install', join(freshDir(), 'out')], {
      IXJOB_NODE: node,
    });
    expect(result.code).toBe(EXIT_CODES.noinput);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^ixjob: no portable bundle to install: .*\n$/);
  });
});

describe.skipIf(!canContain())('an installed shim in a FROM scratch image', () => {
  const scratchTree = TREES.find((tree) => tree.name === 'scratch');
  let probes: Probes | undefined;
  let podinfo: string | undefined;
  let tree: string | undefined;

  beforeAll(() => {
    if (!scratchTree) throw new Error('test/support/rootfs has no scratch tree');
    probes = compileProbes();
    podinfo = podinfoVolume({ annotations: 'batch.kubernetes.io/job-completion-index="2"' });
    tree = scratchTree.build(probes);
  });

  afterAll(() => {
    for (const dir of [probes?.dir, podinfo, tree]) if (dir) rmSync(dir, { recursive: true });
  });

  const FRUIT = ['--per-completion-env', 'FRUIT=apple banana cherry', '--', '/probe', 'env'];
  const fruit = (stdout: string) => /^FRUIT=(.*)$/m.exec(stdout)?.[1];

  test('installed on the host and mounted at /ixjob, it runs as PID 1', () => {
    if (!tree || !podinfo) throw new Error('the shared setup failed');
    const dir = freshDir();
    expect(run(join(BUNDLE, 'bin/ixjob'), ['install', dir]).code).toBe(0);
    const container: Container = { tree, bundle: dir, podinfo };
    const ran = runContained(container, ['/ixjob/bin/ixjob', ...FRUIT]);
    expect(ran.stderr).toBe('');
    expect(ran.code).toBe(0);
    expect(fruit(ran.stdout)).toBe('cherry');
    expect(ran.stdout).toMatch(/^pid=1$/m);
  });

  test('an init container installs into a shared volume and the main container runs the prefix', () => {
    if (!tree || !podinfo) throw new Error('the shared setup failed');
    // The image's own bundle at /ixjob; the tree's /tmp stands in for an emptyDir both containers mount.
    const container: Container = { tree, bundle: BUNDLE, podinfo };
    mkdirSync(join(tree, 'tmp/shared'));
    const init = runContained(container, ['/ixjob/bin/ixjob', 'install', '/tmp/shared']);
    expect(init).toEqual({ code: 0, stdout: '/tmp/shared/bin/ixjob --\n', stderr: '' });

    const prefix = init.stdout.trim().split(' ').slice(0, -1);
    const main = runContained(container, [...prefix, ...FRUIT]);
    expect(main.stderr).toBe('');
    expect(main.code).toBe(0);
    expect(fruit(main.stdout)).toBe('cherry');
    expect(main.stdout).toMatch(/^pid=1$/m);
  });
});

describe.skipIf(!canContain())('installs racing into one shared directory', () => {
  test('init containers, all PID 1 of their own namespace, all succeed and leave a whole bundle', async () => {
    const { spawn } = await import('node:child_process');
    const install = (dir: string) =>
      new Promise<number | null>((resolve) => {
        const child = spawn(
          'unshare',
          ['--pid', '--fork', '--mount-proc', join(BUNDLE, 'bin/ixjob'), 'install', dir],
          { env: BASE_ENV, stdio: 'ignore' },
        );
        child.on('close', resolve);
      });
    for (let round = 0; round < 5; round++) {
      const dir = join(freshDir(), 'shared');
      mkdirSync(dir);
      expect(await Promise.all([install(dir), install(dir), install(dir)])).toEqual([0, 0, 0]);
      expect(run(join(dir, 'bin/ixjob'), COMMAND)).toEqual({ code: 0, stdout: 'b\n', stderr: '' });
      expect(
        readdirSync(dir)
          .filter((name) => !name.startsWith('.ixjob-'))
          .sort(),
      ).toEqual(['bin']);
    }
  });
});
