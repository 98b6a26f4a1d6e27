import * as fs from 'node:fs';
import { join } from 'node:path';
import { isLockAside, LOCK_FILE, STATE_ENTRIES, type StateEntry } from './state-entries.ts';
import { cannotWrite, isErrno } from './write-failure.ts';

export type ClearFs = Pick<typeof fs, 'readdirSync' | 'unlinkSync' | 'rmdirSync' | 'rmSync'>;

/**
 * Removes what ixjob wrote in a state directory (`--force`, or the podinfo of a dead run)
 * and nothing else: entry by entry, by name and type, never following a link, never the
 * directory itself. The lock stays (the caller holds it), and so do lock files being
 * written by runners that will find it held. `only` limits it to some top-level names.
 */
export function clearState(dir: string, only?: readonly string[], io: ClearFs = fs): void {
  const wanted = (name: string) =>
    name !== LOCK_FILE && !isLockAside(name) && (only?.includes(name) ?? true);
  removeEntries(io, dir, STATE_ENTRIES, wanted);
}

function removeEntries(
  io: ClearFs,
  dir: string,
  allowed: readonly StateEntry[],
  wanted: (name: string) => boolean = () => true,
): void {
  let dirents: fs.Dirent[];
  try {
    dirents = io.readdirSync(dir, { withFileTypes: true });
  } catch (error) {
    if (isErrno(error) && error.code === 'ENOENT') return;
    throw cannotWrite('the state', dir, error);
  }
  for (const dirent of dirents) {
    if (!wanted(dirent.name)) continue;
    const path = join(dir, dirent.name);
    const type = dirent.isDirectory() ? 'dir' : dirent.isFile() ? 'file' : 'other';
    const entry = allowed.find((e) => e.type === type && e.name.test(dirent.name));
    if (entry === undefined) continue;
    try {
      if (entry.type === 'file') io.unlinkSync(path);
      // The workers' folder of a run started over: rmSync never follows a link out of it.
      else if (entry.workers) io.rmSync(path, { recursive: true, force: true });
      else {
        removeEntries(io, path, entry.holds ?? []);
        io.rmdirSync(path);
      }
    } catch (error) {
      // Something foreign inside (it appeared since the state was inspected) stays, with its folder.
      if (isErrno(error) && (error.code === 'ENOENT' || error.code === 'ENOTEMPTY')) continue;
      throw cannotWrite('the state', path, error);
    }
  }
}
