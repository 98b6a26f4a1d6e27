import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';

/** A temporary directory for this test file, removed after it; each call makes a fresh one inside. */
export function scratchDirs(name: string): () => string {
  const scratch = mkdtempSync(join(tmpdir(), `ixjob-${name}-`));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));
  let made = 0;
  return () => mkdtempSync(join(scratch, `${made++}-`));
}

/** Writes each content given into a new file of a scratch directory, returning its path. */
export function scratchFiles(name: string): (content: string | Uint8Array) => string {
  const dir = scratchDirs(name)();
  let made = 0;
  return (content) => {
    const path = join(dir, `f${made++}`);
    writeFileSync(path, content);
    return path;
  };
}
