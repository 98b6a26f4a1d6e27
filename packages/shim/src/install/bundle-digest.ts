import { createHash } from 'node:crypto';
import { closeSync, fstatSync, openSync, readdirSync, readSync } from 'node:fs';
import { join } from 'node:path';

/** The file at a bundle's root naming its content: an installed bundle with the same is the same. */
export const BUNDLE_FILE = 'BUNDLE';

/** Read a chunk at a time: an init container's memory limit may be smaller than the bundle. */
const CHUNK = 1 << 20;

/** SHA-256 over every file of the bundle (path, size, then bytes), in a fixed order. */
export function bundleDigest(root: string): string {
  const hash = createHash('sha256');
  const files = readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && !(entry.parentPath === root && entry.name === BUNDLE_FILE))
    .map((entry) => join(entry.parentPath, entry.name).slice(root.length + 1))
    .sort();
  const buffer = new Uint8Array(CHUNK);
  for (const file of files) {
    const fd = openSync(join(root, file), 'r');
    try {
      hash.update(`${file}\0${fstatSync(fd).size}\0`);
      for (let got = readSync(fd, buffer); got > 0; got = readSync(fd, buffer))
        hash.update(buffer.subarray(0, got));
    } finally {
      closeSync(fd);
    }
  }
  return `sha256:${hash.digest('hex')}`;
}
