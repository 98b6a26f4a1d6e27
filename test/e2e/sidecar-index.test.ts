import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, onTestFinished, test } from 'vitest';
import { setCount, swapEntries } from '../../packages/sdk/test/sidecar/sidecar-bytes.ts';
import { BASE_ENV, IXJOB } from '../support/ixjob-process.ts';
import { scratchDirs } from '../support/scratch-dirs.ts';

/**
 * `ixjob index` writes a whole sidecar or none (a full disk, a read-only folder: 73 in one
 * line, nothing left behind), indexes only regular files (66), and a lookup through a
 * damaged sidecar warns and scans: the value is always the file's own. Real processes.
 */

const scratch = scratchDirs('sidecar-index');

const ixjob = (args: string[], options: { uid?: number | undefined } = {}) => {
  const [program, argv] =
    options.uid === undefined
      ? [IXJOB, args]
      : [
          'setpriv',
          [`--reuid=${options.uid}`, `--regid=${options.uid}`, '--clear-groups', IXJOB, ...args],
        ];
  const result = spawnSync(program, argv, { env: BASE_ENV, timeout: 20_000 });
  return {
    code: result.status,
    signal: result.signal,
    stdout: result.stdout.toString(),
    stderr: result.stderr.toString(),
  };
};

/** What index `i` of list `path` gets through exec: the value, byte for byte. */
const valueAt = (path: string, i: number) =>
  ixjob(['--index', String(i), '--per-completion-env', `V=@${path}`, '--', 'printenv', 'V']);

/** Mounts a tmpfs at `dir` for this test; `false` where that is not permitted. */
function mountTmpfs(dir: string, options: string): boolean {
  if (spawnSync('mount', ['-t', 'tmpfs', '-o', options, 'tmpfs', dir]).status !== 0) return false;
  onTestFinished(() => {
    spawnSync('umount', ['-l', dir]);
  });
  return true;
}

const isRoot = process.getuid?.() === 0;
/** 60 000 short lines: the sidecar (~1 MB) is three times the list. */
const LIST = `${Array.from({ length: 60_000 }, (_, i) => String(i + 1)).join('\n')}\n`;

describe('ixjob index: a whole sidecar or none', () => {
  test.for<[string, string, (dir: string) => boolean, number | undefined, RegExp]>([
    [
      'a full disk',
      'size=1m',
      () => true,
      undefined,
      /^ixjob: cannot write the sidecar: no space left on device \(ENOSPC\) \(.*list\.txt\.ixidx\)\n$/,
    ],
    [
      'a read-only mount',
      'size=2m',
      (dir) => spawnSync('mount', ['-o', 'remount,ro', dir]).status === 0,
      undefined,
      /^ixjob: cannot write the sidecar: read-only file system \(EROFS\) \(.*list\.txt\.ixidx\)\n$/,
    ],
    [
      'a folder its user cannot write',
      'size=2m',
      (dir) => {
        // The scratch folders above are private (mkdtemp): let the other user through.
        for (const above of [dirname(dir), dirname(dirname(dir))]) chmodSync(above, 0o711);
        chmodSync(dir, 0o555);
        return true;
      },
      65534,
      /^ixjob: cannot write the sidecar: permission denied \(EACCES\) \(.*list\.txt\.ixidx\)\n$/,
    ],
  ])(
    '%s: 73 in one line, nothing left behind, lookups still right',
    ([, size, prepare, uid, message], context) => {
      const dir = join(scratch(), 'mnt');
      mkdirSync(dir);
      if (!isRoot || !mountTmpfs(dir, size))
        context.skip('mount -t tmpfs is not permitted: needs root');
      const list = join(dir, 'list.txt');
      writeFileSync(list, LIST);
      chmodSync(list, 0o644);
      expect(prepare(dir)).toBe(true);

      const indexed = ixjob(['index', list], { uid });
      expect(indexed).toMatchObject({ code: 73, stdout: '' });
      expect(indexed.stderr).toMatch(message);
      expect(readdirSync(dir)).toEqual(['list.txt']);
      expect(valueAt(list, 59_999)).toEqual({
        code: 0,
        signal: null,
        stdout: '60000\n',
        stderr: '',
      });
    },
  );

  test.each<[string, (dir: string) => string, RegExp]>([
    [
      '/dev/null',
      () => '/dev/null',
      /^ixjob: \/dev\/null is a character device, not a regular file: only a regular file can be indexed \(\/dev\/null\)\n$/,
    ],
    [
      'a FIFO (no writer: it must not wait for one)',
      (dir) => {
        const fifo = join(dir, 'fifo');
        spawnSync('mkfifo', [fifo]);
        return fifo;
      },
      /^ixjob: .*fifo is a FIFO, not a regular file: only a regular file can be indexed \(.*fifo\)\n$/,
    ],
    [
      'a directory',
      (dir) => dir,
      /^ixjob: .* is a directory, not a regular file: only a regular file can be indexed \(.*\)\n$/,
    ],
    [
      'a missing file',
      (dir) => join(dir, 'gone.txt'),
      /^ixjob: .*gone\.txt: no such file \(.*gone\.txt\)\n$/,
    ],
  ])('%s: 66 in one line, no sidecar written', (_name, target, message) => {
    const dir = scratch();
    const path = target(dir);
    const before = readdirSync(dir);
    const result = ixjob(['index', path]);
    expect(result).toMatchObject({ code: 66, signal: null, stdout: '' });
    expect(result.stderr).toMatch(message);
    expect(readdirSync(dir)).toEqual(before);
    expect(spawnSync('test', ['-e', `${path}.ixidx`]).status).not.toBe(0);
  });
});

describe('a lookup through a damaged sidecar warns, scans, and gives the right value', () => {
  const damages: [string, (bytes: Buffer) => Buffer, RegExp][] = [
    [
      'two entries swapped',
      (b) => swapEntries(b, 100, 101),
      /is damaged \(checksum of entries from 0\)/,
    ],
    [
      'cut short',
      (b) => b.subarray(0, b.length - 4000),
      /is damaged \(\d+ bytes, its header says \d+\)/,
    ],
    ['a wrong count', (b) => setCount(b, 59_000), /is damaged \(header checksum\)/],
    ['zeros', (b) => Buffer.alloc(b.length), /is not a sidecar this ixjob can read/],
  ];
  test.each(damages)('%s', (name, damage, warning) => {
    const list = join(scratch(), 'list.txt');
    writeFileSync(list, LIST);
    expect(ixjob(['index', list])).toMatchObject({
      stderr: '',
      code: 0,
      stdout: `${list}.ixidx: 60000 lines\n`,
    });
    writeFileSync(`${list}.ixidx`, damage(readFileSync(`${list}.ixidx`)));
    for (const i of [100, 101, 59_999]) {
      const result = valueAt(list, i);
      expect(result).toMatchObject({ code: 0, stdout: `${i + 1}\n` });
      // A swap damages one block: a lookup in another, intact one needs no warning.
      if (name === 'two entries swapped' && i === 59_999) {
        expect(result.stderr).toBe('');
        continue;
      }
      expect(result.stderr).toMatch(new RegExp(`^ixjob: warning: ${list}\\.ixidx `));
      expect(result.stderr).toMatch(warning);
      expect(result.stderr.split('\n')).toHaveLength(2);
    }
  });
});
