import { spawnSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  readdirSync,
  readFileSync,
  statSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { EXIT_CODES } from '@ixjob/sdk/internal';
import { beforeAll, describe, expect, onTestFinished, test } from 'vitest';
import { BUNDLE } from '../support/build-once.ts';
import { BASE_ENV, IXJOB } from '../support/ixjob-process.ts';
import { scratchDirs } from '../support/scratch-dirs.ts';

/**
 * `ixjob install` checks what it copies, with the real portable bundle and real processes: a
 * damaged source is refused, a damaged installed copy replaced, the user's `DIR/bin` never
 * touched, and a failed install leaves nothing of its own behind.
 */

const freshDir = scratchDirs('install-checks');
/** A private copy of the bundle: other builds may rewrite dist/ixjob while these tests run. */
let bundle = '';
beforeAll(() => {
  bundle = join(freshDir(), 'ixjob');
  cpSync(BUNDLE, bundle, { recursive: true });
});

const install = (dir: string, from = bundle) => {
  const result = spawnSync(IXJOB, ['install', '--from', from, dir], {
    env: BASE_ENV,
    encoding: 'utf8',
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
};
/** Index 1 of three values through the installed shim: `b`. */
const runInstalled = (dir: string) =>
  spawnSync(
    join(dir, 'bin/ixjob'),
    ['--index', '1', '--per-completion-env', 'X=a b c', '--', 'printenv', 'X'],
    { env: BASE_ENV, encoding: 'utf8' },
  ).stdout;
const installedNode = (dir: string): string => {
  const name = readdirSync(dir).find((entry) => entry.startsWith('.ixjob-'));
  return join(dir, name ?? 'none', 'lib/ixjob');
};

describe('a damaged bundle is refused: 66 in one line, DIR not made', () => {
  test.each<[string, (root: string) => void]>([
    ['its Node truncated', (root) => truncateSync(join(root, 'lib/ixjob'), 1 << 20)],
    [
      'a byte of its libc changed',
      (root) => {
        const libc = join(root, 'lib/libc.so.6');
        const bytes = readFileSync(libc);
        bytes[1000] = (bytes[1000] ?? 0) ^ 1;
        writeFileSync(libc, bytes);
      },
    ],
  ])('%s', (_name, damage) => {
    const from = join(freshDir(), 'damaged');
    cpSync(bundle, from, { recursive: true });
    damage(from);
    const dir = join(freshDir(), 'out');
    const result = install(dir, from);
    expect(result).toMatchObject({ code: EXIT_CODES.noinput, stdout: '' });
    expect(result.stderr).toMatch(
      /^ixjob: .*\/damaged is damaged: its files do not match its BUNDLE \(sha256:[0-9a-f]{64}\) \(--from\)\n$/,
    );
    expect(existsSync(dir)).toBe(false);
  });
});

describe('re-installing replaces a damaged installed copy', () => {
  test.each<[string, (node: string) => void]>([
    ['its Node truncated', (node) => truncateSync(node, 4096)],
    [
      'a byte of its Node changed',
      (node) => {
        const bytes = readFileSync(node);
        bytes[5000] = (bytes[5000] ?? 0) ^ 1;
        writeFileSync(node, bytes);
      },
    ],
  ])('%s', (_name, damage) => {
    const dir = freshDir();
    const first = install(dir);
    expect(first.code).toBe(0);
    damage(installedNode(dir));
    const inode = statSync(installedNode(dir)).ino;
    expect(install(dir)).toEqual(first);
    expect(statSync(installedNode(dir)).ino).not.toBe(inode);
    expect(runInstalled(dir)).toBe('b\n');
    expect(readdirSync(dir).filter((name) => !name.startsWith('.ixjob-'))).toEqual(['bin']);
  });
});

test('a regular file named DIR/bin is kept: 64 in one line', () => {
  const dir = freshDir();
  writeFileSync(join(dir, 'bin'), 'the user’s own');
  const result = install(dir);
  expect(result).toMatchObject({ code: EXIT_CODES.usage, stdout: '' });
  expect(result.stderr).toMatch(
    /^ixjob: .*\/bin is a file, not the link ixjob install makes: install into an empty directory \(.*\)\n$/,
  );
  expect(readFileSync(join(dir, 'bin'), 'utf8')).toBe('the user’s own');
  expect(readdirSync(dir)).toEqual(['bin']);
});

test('a full disk: 73 in one line, no staging copy left', (context) => {
  const dir = freshDir();
  if (spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=16m', 'tmpfs', dir]).status !== 0)
    context.skip('mount -t tmpfs is not permitted: needs root');
  onTestFinished(() => {
    spawnSync('umount', ['-l', dir]);
  });
  const result = install(dir);
  expect(result).toMatchObject({ code: EXIT_CODES['cannot-create'], stdout: '' });
  expect(result.stderr).toMatch(
    /^ixjob: cannot write the bundle here: no space left on device \(ENOSPC\) \(.*\)\n$/,
  );
  expect(readdirSync(dir)).toEqual([]);
});
