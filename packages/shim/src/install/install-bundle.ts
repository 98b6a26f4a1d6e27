import { randomBytes } from 'node:crypto';
import {
  cpSync,
  existsSync,
  lstatSync,
  mkdirSync,
  readFileSync,
  readlinkSync,
  renameSync,
  rmdirSync,
  rmSync,
  symlinkSync,
} from 'node:fs';
import { join, resolve } from 'node:path';
import { getSystemErrorMessage } from 'node:util';
import { IxjobError } from '@ixjob/sdk/internal';
import { describeErrno, isErrno } from '../run/state/write-failure.ts';
import { BUNDLE_FILE, bundleDigest } from './bundle-digest.ts';

export interface Installed {
  /** What to put before the original command. */
  prefix: string;
  /** False when DIR already held this very bundle. */
  copied: boolean;
}

/** Besides BUNDLE, what a whole bundle holds: the launcher and the Node it starts. */
const PROGRAMS = ['bin/ixjob', 'lib/ixjob'];

/** The digest a bundle names itself by, or undefined when `root` is not a whole bundle. */
export function readBundleDigest(root: string): string | undefined {
  try {
    const digest = readFileSync(join(root, BUNDLE_FILE), 'utf8').trim();
    return PROGRAMS.every((program) => existsSync(join(root, program))) ? digest : undefined;
  } catch {
    return undefined;
  }
}

/** Whether `root` is a whole bundle whose files still match its BUNDLE digest `digest`. */
function intact(root: string, digest: string): boolean {
  return readBundleDigest(root) === digest && bundleDigest(root) === digest;
}

/**
 * Copies the bundle at `from` into `dir` as `dir/.ixjob-<digest>/`, written aside and renamed
 * into place, then points `dir/bin` at its `bin` with a symlink swapped in by rename. Nothing
 * ever sees half a bundle, running it again copies nothing, and installs racing into one shared
 * directory (each init container is PID 1, hence the random part of `unique`) all succeed.
 * Every copy is checked against BUNDLE: the source before anything is written, the copy before
 * it is renamed into place, an installed one before it is kept. A failure removes what this
 * call made (its staging copy, its aside link, DIR itself when it made DIR) and nothing else.
 */
export function installBundle(from: string, dir: string, unique = uniqueSuffix()): Installed {
  const digest = readBundleDigest(from);
  if (digest === undefined)
    throw new IxjobError(
      'noinput',
      `${from} is not an ixjob bundle (no ${[BUNDLE_FILE, ...PROGRAMS].join(', ')})`,
      '--from',
    );
  const actual = reading(from, () => bundleDigest(from));
  if (actual !== digest)
    throw new IxjobError(
      'noinput',
      `${from} is damaged: its files do not match its ${BUNDLE_FILE} (${digest})`,
      '--from',
    );
  const target = resolve(dir);
  const name = `.ixjob-${digest.replace(/^sha256:/, '').slice(0, 16)}`;
  const final = join(target, name);
  const link = join(target, 'bin');
  const aside = join(target, `.staging-${unique}`);
  const linkAside = join(target, `.bin-${unique}`);
  let madeDir = false;
  return writing(target, () => {
    try {
      // One level only: Node's recursive mkdir spins forever under /proc.
      if (!existsSync(target)) {
        mkdirSync(target);
        madeDir = true;
      }
      refuseForeignBin(link, dir);
      let copied = false;
      if (!intact(final, digest)) {
        rmSync(aside, { recursive: true, force: true });
        cpSync(from, aside, { recursive: true });
        if (bundleDigest(aside) !== digest)
          throw new IxjobError(
            'cannot-create',
            `the copy does not match ${digest} once written: not installed`,
            dir,
          );
        copied = placeBundle(aside, final, digest, unique);
      }
      rmSync(linkAside, { force: true });
      symlinkSync(`${name}/bin`, linkAside);
      renameSync(linkAside, link);
      return { prefix: `${join(link, 'ixjob')} --`, copied };
    } catch (error) {
      cleanUp([aside, linkAside], madeDir ? target : undefined);
      throw error;
    }
  });
}

/** Removes this call's own aside names, and DIR when this call made it and it is empty again. */
function cleanUp(asides: string[], madeDir: string | undefined): void {
  for (const path of asides) rmSync(path, { recursive: true, force: true });
  if (madeDir === undefined) return;
  try {
    rmdirSync(madeDir);
  } catch {
    // Not empty: another install is using it.
  }
}

/** `DIR/bin` may only be missing or a link ixjob install made: anything else is the user's. */
function refuseForeignBin(link: string, dir: string): void {
  const stats = lstatSync(link, { throwIfNoEntry: false });
  if (stats === undefined) return;
  const target = stats.isSymbolicLink() ? readlinkSync(link) : undefined;
  if (target !== undefined && OUR_LINK.test(target)) return;
  const what = stats.isDirectory()
    ? 'a directory'
    : target !== undefined
      ? `a link to ${target}`
      : stats.isFile()
        ? 'a file'
        : 'not a link';
  throw new IxjobError(
    'usage',
    `${link} is ${what}, not the link ixjob install makes: install into an empty directory`,
    dir,
  );
}

/** What `DIR/bin` points at when ixjob install made it. */
const OUR_LINK = /^\.ixjob-[0-9a-f]{16}\/bin$/;

/** Renames a whole copy into place; an intact bundle already there is kept, any other replaced. */
function placeBundle(aside: string, final: string, digest: string, unique: string): boolean {
  for (let attempt = 0; ; attempt++) {
    try {
      renameSync(aside, final);
      return true;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if ((code !== 'EEXIST' && code !== 'ENOTEMPTY') || attempt === 3) throw error;
    }
    // Another install got there first: its copy, checked as ours was, is as good as ours.
    if (intact(final, digest)) {
      rmSync(aside, { recursive: true, force: true });
      return false;
    }
    const broken = `${final}.broken-${unique}`;
    try {
      renameSync(final, broken);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    rmSync(broken, { recursive: true, force: true });
  }
}

function uniqueSuffix(): string {
  return `${process.pid}-${randomBytes(4).toString('hex')}`;
}

/** `no space left on device (ENOSPC)`, also from cpSync, whose messages have another shape. */
function describe(error: NodeJS.ErrnoException): string {
  if (typeof error.errno !== 'number') return describeErrno(error);
  return `${getSystemErrorMessage(-Math.abs(error.errno))} (${error.code})`;
}

/** File-system failures while writing become the one-line error for DIR (73). */
function writing<T>(dir: string, work: () => T): T {
  try {
    return work();
  } catch (error) {
    if (!isErrno(error)) throw error;
    throw new IxjobError('cannot-create', `cannot write the bundle here: ${describe(error)}`, dir, {
      cause: error,
    });
  }
}

/** File-system failures while reading the source bundle become the one-line error for it (66). */
function reading<T>(from: string, work: () => T): T {
  try {
    return work();
  } catch (error) {
    if (!isErrno(error)) throw error;
    throw new IxjobError(
      'noinput',
      `cannot read the bundle ${from}: ${describe(error)}`,
      '--from',
      {
        cause: error,
      },
    );
  }
}
