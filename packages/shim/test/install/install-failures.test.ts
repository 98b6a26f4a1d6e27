import { spawnSync } from 'node:child_process';
import {
  cpSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  symlinkSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { IxjobError } from '@ixjob/sdk/internal';
import { describe, expect, onTestFinished, test } from 'vitest';
import { scratchDirs } from '../../../../test/support/scratch-dirs.ts';
import { installBundle } from '../../src/install/install-bundle.ts';
import { fakeBundle, installedName, present } from './fake-bundle.ts';

/**
 * What an install refuses and what a failed one leaves: the user's files untouched, a damaged
 * bundle never installed, and nothing of its own behind (staging copy, aside link, DIR).
 */

const PID = 4242;
const freshDir = scratchDirs('install-failures');
const V1 = fakeBundle(join(freshDir(), 'bundle'), '1');

/** Every path under `dir` with its content or link target: to show a refusal changed nothing. */
const snapshot = (dir: string): Record<string, string> =>
  Object.fromEntries(
    readdirSync(dir, { recursive: true, encoding: 'utf8', withFileTypes: false })
      .sort()
      .map((path) => {
        const full = join(dir, path);
        try {
          return [path, `link:${readlinkSync(full)}`];
        } catch {
          try {
            return [path, readFileSync(full, 'latin1')];
          } catch {
            return [path, 'dir'];
          }
        }
      }),
  );

const refused = (kind: string, message: RegExp, where: string) =>
  expect.objectContaining({
    constructor: IxjobError,
    kind,
    message: expect.stringMatching(message),
    where,
  });

describe('DIR/bin that ixjob did not make is never replaced', () => {
  test.each<[string, (dir: string) => void, RegExp]>([
    [
      'a regular file',
      (dir) => writeFileSync(join(dir, 'bin'), 'my own program'),
      /\/bin is a file, not the link ixjob install makes: install into an empty directory$/,
    ],
    [
      'a link to somewhere else',
      (dir) => symlinkSync('/opt/tools/bin', join(dir, 'bin')),
      /\/bin is a link to \/opt\/tools\/bin, not the link ixjob install makes/,
    ],
    [
      'a link that only looks like ours',
      (dir) => symlinkSync('.ixjob-mine/bin', join(dir, 'bin')),
      /\/bin is a link to \.ixjob-mine\/bin, not the link/,
    ],
    [
      'a directory',
      (dir) => mkdirSync(join(dir, 'bin')),
      /\/bin is a directory, not the link ixjob install makes/,
    ],
  ])('%s: 64 in one line, DIR exactly as it was', (_name, make, message) => {
    const dir = freshDir();
    make(dir);
    const before = snapshot(dir);
    expect(() => installBundle(V1, dir, String(PID))).toThrow(refused('usage', message, dir));
    expect(snapshot(dir)).toEqual(before);
  });
});

describe('a damaged source bundle is refused before anything is written', () => {
  test.each<[string, (root: string) => void]>([
    ['its Node cut short', (root) => truncateSync(join(root, 'lib/ixjob'), 3)],
    ['a byte of a library changed', (root) => writeFileSync(join(root, 'lib/libc.so.6'), 'libC')],
    ['a file added', (root) => writeFileSync(join(root, 'lib/extra.so'), '')],
    [
      'its BUNDLE naming another digest',
      (root) => writeFileSync(join(root, 'BUNDLE'), 'sha256:00\n'),
    ],
  ])('%s: 66 in one line, DIR not even made', (_name, damage) => {
    const from = join(freshDir(), 'damaged');
    cpSync(V1, from, { recursive: true });
    damage(from);
    const dir = join(freshDir(), 'out');
    expect(() => installBundle(from, dir, String(PID))).toThrow(
      refused(
        'noinput',
        /damaged: its files do not match its BUNDLE \(sha256:[0-9a-f]+\)$/,
        '--from',
      ),
    );
    expect(present(dir)).toBe(false);
  });
});

/** Mounts a tmpfs at `dir` for this test; `false` where that is not permitted. */
function mountTmpfs(dir: string, options: string): boolean {
  if (spawnSync('mount', ['-t', 'tmpfs', '-o', options, 'tmpfs', dir]).status !== 0) return false;
  onTestFinished(() => {
    spawnSync('umount', ['-l', dir]);
  });
  return true;
}

describe('a full disk: 73 in one line, and only what was there before is left', () => {
  /** A bundle of 256 KiB: bigger than the 64 KiB disk. */
  const BIG = fakeBundle(join(freshDir(), 'big'), 'big', {
    'lib/libbig.so': new Uint8Array(256 * 1024).fill(7),
  });

  test.for<[string, (mount: string) => string, (mount: string) => void]>([
    ['DIR is the mount itself', (mount) => mount, () => {}],
    ['DIR made by the install', (mount) => join(mount, 'shared'), () => {}],
    [
      'DIR holds an earlier install',
      (mount) => mount,
      (mount) => {
        installBundle(V1, mount, '1');
      },
    ],
  ])('%s', ([, dirIn, before], context) => {
    const mount = freshDir();
    if (!mountTmpfs(mount, 'size=64k')) context.skip('mount -t tmpfs is not permitted: needs root');
    before(mount);
    const was = snapshot(mount);
    const dir = dirIn(mount);
    expect(() => installBundle(BIG, dir, String(PID))).toThrow(
      refused(
        'cannot-create',
        /^cannot write the bundle here: no space left on device \(ENOSPC\)$/,
        dir,
      ),
    );
    expect(snapshot(mount)).toEqual(was);
    if (was.bin) expect(readlinkSync(join(mount, 'bin'))).toBe(`${installedName(V1)}/bin`);
  });
});
