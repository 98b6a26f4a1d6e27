import { randomBytes } from 'node:crypto';
import {
  cpSync,
  existsSync,
  lstatSync,
  mkdirSync,
  readFileSync,
  renameSync,
  rmSync,
  symlinkSync,
} from 'node:fs';
import { join, resolve } from 'node:path';
import { IxjobError } from '@ixjob/sdk';
import { BUNDLE_FILE } from './bundle-digest.ts';

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

/**
 * Copies the bundle at `from` into `dir` as `dir/.ixjob-<digest>/`, written aside and renamed
 * into place, then points `dir/bin` at its `bin` with a symlink swapped in by rename. Nothing
 * ever sees half a bundle, running it again copies nothing, and installs racing into one shared
 * directory (each init container is PID 1, hence the random part of `unique`) all succeed.
 */
export function installBundle(from: string, dir: string, unique = uniqueSuffix()): Installed {
  const digest = readBundleDigest(from);
  if (digest === undefined)
    throw new IxjobError(
      'noinput',
      `${from} is not an ixjob bundle (no ${[BUNDLE_FILE, ...PROGRAMS].join(', ')})`,
      '--from',
    );
  const target = resolve(dir);
  const name = `.ixjob-${digest.replace(/^sha256:/, '').slice(0, 16)}`;
  const final = join(target, name);
  const link = join(target, 'bin');
  return writing(target, () => {
    // One level only: Node's recursive mkdir spins forever under /proc.
    if (!existsSync(target)) mkdirSync(target);
    if (lstatSync(link, { throwIfNoEntry: false })?.isDirectory())
      throw new IxjobError(
        'usage',
        `${link} is a directory, not the link ixjob install makes: install into an empty directory`,
        dir,
      );
    let copied = false;
    if (readBundleDigest(final) !== digest) {
      const aside = join(target, `.staging-${unique}`);
      rmSync(aside, { recursive: true, force: true });
      cpSync(from, aside, { recursive: true });
      copied = placeBundle(aside, final, digest, unique);
    }
    const linkAside = join(target, `.bin-${unique}`);
    rmSync(linkAside, { force: true });
    symlinkSync(`${name}/bin`, linkAside);
    renameSync(linkAside, link);
    return { prefix: `${join(link, 'ixjob')} --`, copied };
  });
}

/** Renames a whole copy into place; a whole bundle already there is kept, a broken one replaced. */
function placeBundle(aside: string, final: string, digest: string, unique: string): boolean {
  for (let attempt = 0; ; attempt++) {
    try {
      renameSync(aside, final);
      return true;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if ((code !== 'EEXIST' && code !== 'ENOTEMPTY') || attempt === 3) throw error;
    }
    // Another install got there first: its copy is as good as ours.
    if (readBundleDigest(final) === digest) {
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

/** File-system failures while writing become the one-line error for DIR. */
function writing<T>(dir: string, work: () => T): T {
  try {
    return work();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === undefined) throw error;
    throw new IxjobError('cannot-create', `cannot write the bundle here (${code})`, dir, {
      cause: error,
    });
  }
}
