import { execFileSync, spawnSync } from 'node:child_process';
import {
  closeSync,
  copyFileSync,
  mkdirSync,
  openSync,
  readdirSync,
  statSync,
  symlinkSync,
} from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { EXIT_CODES, readAt } from '@ixjob/sdk/internal';
import { describe, expect, test } from 'vitest';
import { BUNDLE } from '../support/build-once.ts';
import { BASE_ENV } from '../support/ixjob-process.ts';
import { scratchDirs } from '../support/scratch-dirs.ts';

const REPO = fileURLToPath(new URL('../..', import.meta.url));
const LAUNCHER = join(BUNDLE, 'bin/ixjob');
const LOADER = 'ld-linux-x86-64.so.2';
/** Index 1 of three values: only a shim that really started prints `b`. */
const COMMAND = ['--index', '1', '--per-completion-env', 'X=a b c', '--', 'printenv', 'X'];

const freshDir = scratchDirs('launcher');

const run = (program: string, args: string[], cwd = REPO, env: Record<string, string> = {}) => {
  const result = spawnSync(program, args, { cwd, env: { ...BASE_ENV, ...env }, encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
};

/** A symlink to `target` in a fresh directory away from the bundle. */
const linkElsewhere = (target: string): string => {
  const link = join(freshDir(), 'ixjob');
  symlinkSync(target, link);
  return link;
};

describe('the launcher finds its bundle however it is started', () => {
  test.each<[string, () => { program: string; cwd?: string; env?: Record<string, string> }]>([
    ['a relative path', () => ({ program: 'dist/ixjob/bin/ixjob' })],
    ['./bin/ixjob from the bundle', () => ({ program: './bin/ixjob', cwd: BUNDLE })],
    ['a path through ..', () => ({ program: '../bin/ixjob', cwd: join(BUNDLE, 'lib') })],
    ['an absolute path', () => ({ program: LAUNCHER })],
    [
      'its name on PATH',
      () => ({ program: 'ixjob', env: { PATH: `${BUNDLE}/bin:/usr/bin:/bin` } }),
    ],
    ['an absolute symlink elsewhere', () => ({ program: linkElsewhere(LAUNCHER) })],
    [
      'a relative symlink elsewhere',
      () => {
        const dir = freshDir();
        symlinkSync(relative(dir, LAUNCHER), join(dir, 'ixjob'));
        return { program: join(dir, 'ixjob') };
      },
    ],
    ['a symlink to a symlink', () => ({ program: linkElsewhere(linkElsewhere(LAUNCHER)) })],
    [
      'a symlinked bundle directory',
      () => {
        const root = linkElsewhere(BUNDLE);
        return { program: join(root, 'bin/ixjob') };
      },
    ],
  ])('%s', (_name, start) => {
    const { program, cwd, env } = start();
    expect(run(program, COMMAND, cwd, env)).toEqual({ code: 0, stdout: 'b\n', stderr: '' });
  });

  test('arguments pass through untouched, empty ones included', () => {
    const args = ['', 'a b', "it's", ' ', 'é', '-'];
    const result = run(LAUNCHER, ['--index', '0', '--', 'printf', '[%s]\\n', ...args]);
    expect(result).toEqual({
      code: 0,
      stdout: args.map((arg) => `[${arg}]\n`).join(''),
      stderr: '',
    });
  });

  test('a bundle without lib/ is exit 70 with one line naming the loader it looked for', () => {
    const broken = freshDir();
    mkdirSync(join(broken, 'bin'));
    copyFileSync(LAUNCHER, join(broken, 'bin/ixjob'));
    const result = run(join(broken, 'bin/ixjob'), COMMAND);
    expect(result).toEqual({
      code: EXIT_CODES.internal,
      stdout: '',
      stderr: `ixjob: cannot start the bundle's loader (${broken}/lib/${LOADER}: No such file or directory)\n`,
    });
  });
});

const PT_INTERP = 3;

/** The program interpreter an ELF file names (PT_INTERP), or undefined for a static one. */
function interpreter(file: string): string | undefined {
  const fd = openSync(file, 'r');
  try {
    const read = (offset: number, length: number) => Buffer.from(readAt(fd, offset, length));
    const header = read(0, 64);
    // 64-bit little-endian x86-64 only: what the bundle is built for.
    expect(header.subarray(0, 6)).toEqual(Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1]));
    const phoff = Number(header.readBigUInt64LE(0x20));
    const phentsize = header.readUInt16LE(0x36);
    const phnum = header.readUInt16LE(0x38);
    for (let i = 0; i < phnum; i++) {
      const entry = read(phoff + i * phentsize, phentsize);
      if (entry.readUInt32LE(0) !== PT_INTERP) continue;
      const data = read(Number(entry.readBigUInt64LE(8)), Number(entry.readBigUInt64LE(32)));
      return data.toString('latin1').replace(/\0+$/, '');
    }
    return undefined;
  } finally {
    closeSync(fd);
  }
}

/** One dynamic-section tag's values, as `readelf -d` prints them. */
const dynamic = (file: string, tag: 'NEEDED' | 'RUNPATH' | 'RPATH'): string[] =>
  [
    ...execFileSync('readelf', ['-d', '-W', file], { encoding: 'utf8' }).matchAll(
      new RegExp(`\\(${tag}\\)\\s+[^[]*\\[([^\\]]*)\\]`, 'g'),
    ),
  ].map((match) => match[1] ?? '');

describe('the bundle links only against itself', () => {
  const lib = join(BUNDLE, 'lib');
  const shipped = readdirSync(lib);

  test('bin/ixjob is a static executable: it starts where no loader exists', () => {
    expect(interpreter(LAUNCHER)).toBeUndefined();
    expect(statSync(LAUNCHER).mode & 0o111).toBe(0o111);
    expect(dynamic(LAUNCHER, 'NEEDED')).toEqual([]);
  });

  test('lib/ixjob finds its libraries in lib/ by a run path of $ORIGIN', () => {
    const program = join(lib, 'ixjob');
    expect(dynamic(program, 'RUNPATH')).toEqual(['$ORIGIN']);
    expect(dynamic(program, 'RPATH')).toEqual([]);
    const needed = dynamic(program, 'NEEDED');
    expect(needed).toContain('libc.so.6');
    expect(needed.filter((name) => !shipped.includes(name))).toEqual([]);
    // Its interpreter field serves a bundle at /ixjob and names the loader lib/ ships.
    expect(interpreter(program)).toBe(`/ixjob/lib/${LOADER}`);
    expect(shipped).toContain(LOADER);
  });

  test("every library's own needs are loaded already by lib/ixjob: a run path is not inherited", () => {
    const direct = new Set(dynamic(join(lib, 'ixjob'), 'NEEDED'));
    const libraries = shipped.filter((name) => name !== 'ixjob' && name !== LOADER);
    expect(libraries.length).toBeGreaterThan(0);
    for (const library of libraries) {
      const ownRunPath = dynamic(join(lib, library), 'RUNPATH').includes('$ORIGIN');
      const unmet = dynamic(join(lib, library), 'NEEDED').filter(
        (name) => !direct.has(name) && !(ownRunPath && shipped.includes(name)),
      );
      expect({ library, unmet }).toEqual({ library, unmet: [] });
    }
    // The loader is the one object that needs nothing.
    expect(dynamic(join(lib, LOADER), 'NEEDED')).toEqual([]);
  });
});
