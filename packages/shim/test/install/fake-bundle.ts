import { lstatSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { BUNDLE_FILE, bundleDigest } from '../../src/install/bundle-digest.ts';

/** Whether anything, a dangling link included, has this name. */
export const present = (path: string): boolean =>
  lstatSync(path, { throwIfNoEntry: false }) !== undefined;

export const write = (root: string, files: Record<string, string | Uint8Array>): void => {
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
};

/** A stand-in bundle in `root`: the three files an install looks for, named by its own digest. */
export function fakeBundle(root: string, version: string, extra: Record<string, Uint8Array> = {}) {
  write(root, {
    'bin/ixjob': `launcher ${version}`,
    'lib/ixjob': `node ${version}`,
    'lib/libc.so.6': 'libc',
    ...extra,
  });
  writeFileSync(join(root, BUNDLE_FILE), `${bundleDigest(root)}\n`);
  return root;
}

/** Where an install of `bundle` lands inside DIR. */
export const installedName = (bundle: string): string =>
  `.ixjob-${readFileSync(join(bundle, BUNDLE_FILE), 'utf8')
    .trim()
    .slice('sha256:'.length, 'sha256:'.length + 16)}`;
