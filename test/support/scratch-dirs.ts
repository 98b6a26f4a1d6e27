import { mkdtempSync, rmSync } from 'node:fs';
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
