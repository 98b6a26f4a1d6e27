import * as fs from 'node:fs';
import { join } from 'node:path';
import { clearState } from './clear-state.ts';
import {
  currentProcess,
  mayBeRunning,
  type ProcessId,
  type ProcessTable,
  systemProcesses,
} from './process-identity.ts';
import { PODINFO_DIR } from './state-entries.ts';
import { cannotWrite } from './write-failure.ts';

/** Where podinfo goes when there is tmpfs: a pod's downward-API volume is thrown away too. */
export const SHM = '/dev/shm';

/** `ixjob-<pid>-<start time>-XXXXXX` (`x` for an unknown start time): its owner can be told. */
const OWNED = /^ixjob-(\d+)-(\d+|x)-[A-Za-z0-9]{6}$/;

export interface PodinfoIo {
  fs: Pick<typeof fs, 'mkdtempSync' | 'readdirSync' | 'lstatSync' | 'rmSync' | 'statSync'>;
  processes: ProcessTable;
  self: ProcessId;
  uid: number | undefined;
}

const systemIo = (): PodinfoIo => ({
  fs,
  processes: systemProcesses,
  self: currentProcess(systemProcesses),
  uid: process.getuid?.(),
});

/** A new podinfo root for this runner, named after it; in the state directory without `shm`. */
export function makePodinfoRoot(state: string, shm = SHM, io: PodinfoIo = systemIo()): string {
  const tmpfs = isDirectory(io, shm);
  const prefix = tmpfs
    ? join(shm, `ixjob-${io.self.pid}-${io.self.start ?? 'x'}-`)
    : join(state, PODINFO_DIR);
  try {
    if (tmpfs) return io.fs.mkdtempSync(prefix);
  } catch (error) {
    throw cannotWrite('podinfo', prefix, error);
  }
  // The runner holds the state's lock: a podinfo folder there is a dead run's.
  clearState(state, [PODINFO_DIR]);
  return prefix;
}

/**
 * Removes the podinfo roots of runners that died without removing theirs (kill -9): only
 * folders named as `makePodinfoRoot` names them, of this user, whose owner is gone. Returns
 * what it removed.
 */
export function sweepPodinfoRoots(shm = SHM, io: PodinfoIo = systemIo()): string[] {
  let names: string[];
  try {
    names = io.fs.readdirSync(shm);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names) {
    const match = OWNED.exec(name);
    if (!match) continue;
    const owner = {
      pid: Number(match[1]),
      start: match[2] === 'x' ? null : (match[2] ?? null),
      host: io.processes.host,
    };
    if (mayBeRunning(owner, io.processes)) continue;
    const path = join(shm, name);
    try {
      const stat = io.fs.lstatSync(path);
      if (!stat.isDirectory() || (io.uid !== undefined && stat.uid !== io.uid)) continue;
      io.fs.rmSync(path, { recursive: true, force: true });
      removed.push(path);
    } catch {
      // Gone already, or not ours to remove: a sweep never fails a run.
    }
  }
  return removed;
}

/** Removes this runner's podinfo root at the end, where it is on tmpfs (in the state it stays for a look). */
export function removePodinfoRoot(root: string, shm = SHM): void {
  if (!root.startsWith(`${shm}/`) || !OWNED.test(root.slice(shm.length + 1))) return;
  fs.rmSync(root, { recursive: true, force: true });
}

function isDirectory(io: PodinfoIo, path: string): boolean {
  try {
    return io.fs.statSync(path).isDirectory();
  } catch {
    return false;
  }
}
