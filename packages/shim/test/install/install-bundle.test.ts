import {
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { IxjobError } from '@ixjob/sdk/internal';
import { describe, expect, test } from 'vitest';
import { scratchDirs } from '../../../../test/support/scratch-dirs.ts';
import { BUNDLE_FILE, bundleDigest } from '../../src/install/bundle-digest.ts';
import { installBundle, readBundleDigest } from '../../src/install/install-bundle.ts';
import { fakeBundle as fake, installedName, present, write } from './fake-bundle.ts';

/** The pid every install here claims, so leftovers of a "killed" one can be laid out by name. */
const PID = 4242;
const freshDir = scratchDirs('install-unit');

const fakeBundle = (version: string) => fake(join(freshDir(), 'bundle'), version);
const V1 = fakeBundle('1');
const V2 = fakeBundle('2');
const BUNDLES = { v1: V1, v2: V2 };

interface InstallCase {
  name: string;
  /** What DIR (maybe not yet made) holds before the install under test. */
  before: (dir: string) => void;
  install: keyof typeof BUNDLES;
  copied: boolean;
  /** Other bundles that must still sit in DIR afterwards. */
  kept?: (keyof typeof BUNDLES)[];
}

const nothing = (dir: string) => mkdirSync(dir);
const installed = (bundle: string) => (dir: string) => {
  installBundle(bundle, dir, String(PID));
};

const INSTALLS: InstallCase[] = [
  { name: 'a fresh install', before: nothing, install: 'v1', copied: true },
  {
    name: 'the same bundle again copies nothing',
    before: installed(V1),
    install: 'v1',
    copied: false,
  },
  {
    name: 'a new version installs beside the old one and bin moves to it',
    before: installed(V1),
    install: 'v2',
    copied: true,
    kept: ['v1'],
  },
  {
    name: 'a killed install left its staging copy and its aside link',
    before: (dir) => {
      mkdirSync(dir);
      write(join(dir, `.staging-${PID}`), { 'bin/ixjob': 'half', 'lib/stray': 'x' });
      symlinkSync('.nowhere/bin', join(dir, `.bin-${PID}`));
    },
    install: 'v1',
    copied: true,
  },
  {
    name: "another process's leftovers are left alone",
    before: (dir) => {
      mkdirSync(dir);
      write(join(dir, '.staging-1'), { 'bin/ixjob': 'half' });
      symlinkSync('.nowhere/bin', join(dir, '.bin-1'));
    },
    install: 'v1',
    copied: true,
  },
  {
    name: 'a half-copied bundle under the final name is replaced',
    before: (dir) => {
      installBundle(V1, dir, String(PID));
      rmSync(join(dir, installedName(V1), 'lib/ixjob'));
    },
    install: 'v1',
    copied: true,
  },
  {
    name: 'a bundle naming another digest under the final name is replaced',
    before: (dir) => {
      installBundle(V1, dir, String(PID));
      writeFileSync(join(dir, installedName(V1), BUNDLE_FILE), 'sha256:0000\n');
    },
    install: 'v1',
    copied: true,
  },
  {
    name: 'a damaged copy under the final name (a byte changed, BUNDLE intact) is replaced',
    before: (dir) => {
      installBundle(V1, dir, String(PID));
      writeFileSync(join(dir, installedName(V1), 'lib/ixjob'), 'node 9');
    },
    install: 'v1',
    copied: true,
  },
  {
    name: 'a copy under the final name with a file too many is replaced',
    before: (dir) => {
      installBundle(V1, dir, String(PID));
      writeFileSync(join(dir, installedName(V1), 'lib/stray.so'), '');
    },
    install: 'v1',
    copied: true,
  },
  { name: 'DIR missing one level is created', before: () => {}, install: 'v1', copied: true },
];

describe('installBundle', () => {
  test.each(INSTALLS)('$name', ({ before, install, copied, kept = [] }) => {
    const dir = join(freshDir(), 'shared');
    before(dir);
    const from = BUNDLES[install];
    const name = installedName(from);
    const inodeBefore = existsSync(join(dir, name)) ? statSync(join(dir, name)).ino : undefined;

    const result = installBundle(from, dir, String(PID));

    expect(result).toEqual({ prefix: `${join(dir, 'bin/ixjob')} --`, copied });
    // A relative link keeps working wherever the volume is mounted.
    expect(readlinkSync(join(dir, 'bin'))).toBe(`${name}/bin`);
    for (const file of ['bin/ixjob', 'lib/ixjob', 'lib/libc.so.6', BUNDLE_FILE])
      expect(readFileSync(join(dir, name, file))).toEqual(readFileSync(join(from, file)));
    expect(readFileSync(join(dir, 'bin/ixjob'), 'utf8')).toBe(`launcher ${install.slice(1)}`);
    expect(readdirSync(join(dir, name, 'lib')).sort()).toEqual(['ixjob', 'libc.so.6']);
    if (copied) expect(statSync(join(dir, name)).ino).not.toBe(inodeBefore);
    else expect(statSync(join(dir, name)).ino).toBe(inodeBefore);
    for (const other of kept)
      expect(readBundleDigest(join(dir, installedName(BUNDLES[other])))).toBeDefined();
    // Our own aside names are gone; nothing else of ours is left half-made.
    expect(present(join(dir, `.staging-${PID}`))).toBe(false);
    expect(present(join(dir, `.bin-${PID}`))).toBe(false);
  });

  test.each<[string, () => [string, string], { kind: string; message: RegExp }]>([
    [
      'a missing parent of DIR',
      () => [V1, join(freshDir(), 'no/such')],
      {
        kind: 'cannot-create',
        message: /^cannot write the bundle here: no such file or directory \(ENOENT\)$/,
      },
    ],
    [
      'DIR is a file',
      () => {
        const file = join(freshDir(), 'plain');
        writeFileSync(file, '');
        return [V1, file];
      },
      {
        kind: 'cannot-create',
        message: /^cannot write the bundle here: not a directory \(ENOTDIR\)$/,
      },
    ],
    [
      '--from a directory that is no bundle',
      () => [freshDir(), join(freshDir(), 'out')],
      { kind: 'noinput', message: /is not an ixjob bundle \(no BUNDLE, bin\/ixjob, lib\/ixjob\)$/ },
    ],
    [
      '--from a path that does not exist',
      () => [join(freshDir(), 'gone'), join(freshDir(), 'out')],
      { kind: 'noinput', message: /is not an ixjob bundle/ },
    ],
  ])('%s fails as data', (_name, paths, expected) => {
    const [from, dir] = paths();
    expect(() => installBundle(from, dir, String(PID))).toThrow(
      expect.objectContaining({
        constructor: IxjobError,
        kind: expected.kind,
        message: expect.stringMatching(expected.message),
        where: expected.kind === 'noinput' ? '--from' : dir,
      }),
    );
  });
});

describe('readBundleDigest', () => {
  test.each<[string, (root: string) => void, boolean]>([
    ['a whole bundle', () => {}, true],
    ['no BUNDLE', (root) => rmSync(join(root, BUNDLE_FILE)), false],
    ['no bin/ixjob', (root) => rmSync(join(root, 'bin/ixjob')), false],
    ['no lib/ixjob', (root) => rmSync(join(root, 'lib/ixjob')), false],
    ['not there at all', (root) => rmSync(root, { recursive: true }), false],
  ])('%s', (_name, damage, whole) => {
    const root = join(freshDir(), 'copy');
    cpSync(V1, root, { recursive: true });
    damage(root);
    expect(readBundleDigest(root)).toBe(
      whole ? readFileSync(join(V1, BUNDLE_FILE), 'utf8').trim() : undefined,
    );
  });
});

describe('bundleDigest', () => {
  const BASE = { 'bin/ixjob': 'launcher', 'lib/ixjob': 'node', 'lib/a': 'xy', 'lib/b': '' };
  const digestOf = (files: Record<string, string>, bundleFile = 'sha256:whatever\n'): string => {
    const root = join(freshDir(), 'b');
    write(root, { ...files, [BUNDLE_FILE]: bundleFile });
    return bundleDigest(root);
  };
  const base = digestOf(BASE);

  const { 'lib/a': moved, ...withoutA } = BASE;

  test.each<[string, Record<string, string>, string | undefined, boolean]>([
    ['the same files', BASE, undefined, false],
    ['only BUNDLE differs', BASE, 'sha256:other\n', false],
    ['a byte of a file', { ...BASE, 'lib/ixjob': 'nodf' }, undefined, true],
    ['a renamed file', { ...withoutA, 'lib/c': moved }, undefined, true],
    ['a file moved to another folder', { ...withoutA, 'bin/a': moved }, undefined, true],
    [
      'bytes moved from one file to the next',
      { ...BASE, 'lib/a': 'x', 'lib/b': 'y' },
      undefined,
      true,
    ],
    ['an empty file added', { ...BASE, 'lib/empty': '' }, undefined, true],
    ['a BUNDLE below the root counts', { ...BASE, 'lib/BUNDLE': 'x' }, undefined, true],
  ])('%s', (_name, files, bundleFile, changes) => {
    const digest = digestOf(files, bundleFile);
    expect(digest).toMatch(/^sha256:[0-9a-f]{64}$/);
    if (changes) expect(digest).not.toBe(base);
    else expect(digest).toBe(base);
  });
});
