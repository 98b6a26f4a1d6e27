import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import { join } from 'node:path';
import { IxjobError } from '@ixjob/sdk/internal';
import {
  currentProcess,
  mayBeRunning,
  type ProcessId,
  type ProcessTable,
  systemProcesses,
} from './process-identity.ts';
import { LOCK_FILE } from './state-entries.ts';
import { cannotWrite, isErrno } from './write-failure.ts';

export interface StateLock {
  readonly path: string;
  /** Removes the lock if it is still this runner's; safe to call twice. */
  release(): void;
}

export interface LockIo {
  fs: Pick<typeof fs, 'writeFileSync' | 'linkSync' | 'renameSync' | 'readFileSync' | 'unlinkSync'>;
  processes: ProcessTable;
  self: ProcessId;
}

const systemIo = (): LockIo => ({
  fs,
  processes: systemProcesses,
  self: currentProcess(systemProcesses),
});

/** Rounds of "taken over, then someone else took it": past a few, something else is wrong. */
const ROUNDS = 5;

/**
 * Takes the state's lock: one runner per state, or two resumes would run the same indexes.
 * The lock file names its holder (pid, start time, host) and appears whole or not at all: it
 * is written aside, then hard-linked into place, which fails if a lock is there (O_EXCL's
 * guarantee, with no moment when the file is empty). A lock whose holder is dead (or whose
 * pid now belongs to a later process) is renamed aside, which only one taker can do to that
 * very file, then the link is tried again. Refusal is one line naming the holder, exit 73.
 */
export function lockState(dir: string, io: LockIo = systemIo()): StateLock {
  const path = join(dir, LOCK_FILE);
  const mine = `${JSON.stringify(io.self)}\n`;
  const tag = `${io.self.pid}.${randomBytes(4).toString('hex')}`;
  const fresh = join(dir, `${LOCK_FILE}.${tag}`);
  try {
    io.fs.writeFileSync(fresh, mine, { flag: 'wx' });
  } catch (error) {
    throw cannotWrite('the state', fresh, error);
  }
  try {
    for (let round = 0; round < ROUNDS; round++) {
      try {
        io.fs.linkSync(fresh, path);
        return held(path, mine, io);
      } catch (error) {
        if (!isErrno(error) || error.code !== 'EEXIST') throw cannotWrite('the state', path, error);
      }
      const holder = readHolder(io, path);
      if (holder === undefined) continue;
      if (holder === FOREIGN) throw foreignLock(path);
      if (mayBeRunning(holder, io.processes)) throw inUse(dir, path, holder, io.processes);
      const aside = `${fresh}.stale`;
      try {
        io.fs.renameSync(path, aside);
      } catch (error) {
        if (isErrno(error) && error.code === 'ENOENT') continue;
        throw cannotWrite('the state', path, error);
      }
      const moved = readHolder(io, aside);
      if (moved === FOREIGN || (moved !== undefined && mayBeRunning(moved, io.processes))) {
        // Another runner took the dead lock over between our read and our rename: put its lock back.
        tryTo(() => io.fs.linkSync(aside, path));
        tryTo(() => io.fs.unlinkSync(aside));
        throw moved === FOREIGN ? foreignLock(path) : inUse(dir, path, moved, io.processes);
      }
      tryTo(() => io.fs.unlinkSync(aside));
    }
    throw new IxjobError('cannot-create', 'the state lock keeps changing hands', path);
  } finally {
    tryTo(() => io.fs.unlinkSync(fresh));
  }
}

function held(path: string, mine: string, io: LockIo): StateLock {
  let released = false;
  return {
    path,
    release() {
      if (released) return;
      released = true;
      // Only our own: a lock a later runner took over (after this one was thought dead) stays.
      tryTo(() => {
        if (tryRead(io, path) === mine) io.fs.unlinkSync(path);
      });
    },
  };
}

const FOREIGN = 'foreign';

/** The lock's holder; `undefined` when the lock is gone, `'foreign'` when it names no process. */
function readHolder(io: LockIo, path: string): ProcessId | typeof FOREIGN | undefined {
  const text = tryRead(io, path);
  if (text === undefined) return undefined;
  try {
    const value = JSON.parse(text) as Partial<ProcessId>;
    if (
      Number.isSafeInteger(value.pid) &&
      (typeof value.start === 'string' || value.start === null) &&
      typeof value.host === 'string'
    )
      return value as ProcessId;
  } catch {
    // Not a lock ixjob wrote.
  }
  return FOREIGN;
}

function foreignLock(path: string): IxjobError {
  return new IxjobError(
    'cannot-create',
    'the state is locked by a file ixjob did not write: remove it if no runner uses this state',
    path,
  );
}

function inUse(dir: string, path: string, holder: ProcessId, table: ProcessTable): IxjobError {
  if (holder.host !== table.host) {
    return new IxjobError(
      'cannot-create',
      `the state is in use by process ${holder.pid} on host ${holder.host} (remove ${path} if it has stopped)`,
      dir,
    );
  }
  const command = table.commandLine(holder.pid);
  return new IxjobError(
    'cannot-create',
    `the state is in use by process ${holder.pid}${command === undefined ? '' : ` (${command})`}`,
    dir,
  );
}

function tryRead(io: LockIo, path: string): string | undefined {
  try {
    return io.fs.readFileSync(path, 'utf8');
  } catch (error) {
    if (isErrno(error) && error.code === 'ENOENT') return undefined;
    throw cannotWrite('the state', path, error);
  }
}

function tryTo(action: () => void): void {
  try {
    action();
  } catch {
    // Best effort: what is left behind is a file the next runner recognises.
  }
}
