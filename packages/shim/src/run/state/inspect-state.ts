import * as fs from 'node:fs';
import { join } from 'node:path';
import { IxjobError } from '@ixjob/sdk/internal';
import { entryFor, JOURNAL_FILE, STATE_ENTRIES, type StateEntry } from './state-entries.ts';
import { cannotWrite, isErrno } from './write-failure.ts';

/** What a `--state` path is. */
export type StateKind =
  | { kind: 'missing' }
  | { kind: 'empty' }
  /** Only what ixjob writes; `journal` when it holds one (whose first line is the job's record). */
  | { kind: 'state'; journal: boolean }
  /** Something ixjob did not write: `entry` is its path inside the directory. */
  | { kind: 'foreign'; entry: string };

export type InspectFs = Pick<
  typeof fs,
  'lstatSync' | 'readdirSync' | 'openSync' | 'readSync' | 'closeSync'
>;

/**
 * Tells a state directory from anything else, without changing it: a path that is not a
 * directory, a journal that is not a file, are one line and 73 (the state cannot be written).
 */
export function inspectState(dir: string, io: InspectFs = fs): StateKind {
  let stat: fs.Stats;
  try {
    stat = io.lstatSync(dir);
  } catch (error) {
    if (isErrno(error) && error.code === 'ENOENT') return { kind: 'missing' };
    throw cannotWrite('the state', dir, error);
  }
  if (!stat.isDirectory()) {
    throw new IxjobError('cannot-create', 'the state is not a directory', dir);
  }
  const journal = join(dir, JOURNAL_FILE);
  try {
    const foreign = findForeign(io, dir, '', STATE_ENTRIES);
    if (foreign === JOURNAL_FILE) {
      throw new IxjobError('cannot-create', 'the journal is not a file', journal);
    }
    if (foreign !== undefined) return { kind: 'foreign', entry: foreign };
    const names = io.readdirSync(dir);
    if (names.length === 0) return { kind: 'empty' };
    if (!names.includes(JOURNAL_FILE)) return { kind: 'state', journal: false };
    return startsWithJob(io, journal)
      ? { kind: 'state', journal: true }
      : { kind: 'foreign', entry: JOURNAL_FILE };
  } catch (error) {
    // A folder or journal this user may not read (chmod 000): one line, never a stack.
    if (error instanceof IxjobError) throw error;
    const path = isErrno(error) && error.path !== undefined ? error.path : dir;
    throw cannotWrite('the state', path, error, 'read');
  }
}

/** The first entry under `dir` that ixjob would not have written there; never follows a link. */
function findForeign(
  io: InspectFs,
  dir: string,
  prefix: string,
  allowed: readonly StateEntry[],
): string | undefined {
  for (const dirent of io.readdirSync(join(dir, prefix), { withFileTypes: true })) {
    const path = prefix === '' ? dirent.name : join(prefix, dirent.name);
    const type = dirent.isDirectory() ? 'dir' : dirent.isFile() ? 'file' : 'other';
    const entry = entryFor(allowed, dirent.name, type);
    if (entry === undefined) return path;
    if (entry.holds && !entry.workers) {
      const inside = findForeign(io, dir, path, entry.holds);
      if (inside !== undefined) return inside;
    }
  }
  return undefined;
}

/** How far to look for the end of a journal's first line: a job record is far shorter. */
const FIRST_LINE_LIMIT = 16 * 1024 * 1024;

/** Whether a journal begins as ixjob's do, any format: empty or torn (no whole line), or a job record first. */
function startsWithJob(io: InspectFs, path: string): boolean {
  const fd = io.openSync(path, 'r');
  const chunks: Buffer[] = [];
  try {
    for (let at = 0; at < FIRST_LINE_LIMIT; ) {
      const chunk = Buffer.alloc(64 * 1024);
      const got = io.readSync(fd, chunk, 0, chunk.length, at);
      if (got === 0) return true;
      const newline = chunk.subarray(0, got).indexOf(0x0a);
      chunks.push(chunk.subarray(0, newline < 0 ? got : newline));
      if (newline >= 0) return isJobRecord(Buffer.concat(chunks).toString('utf8'));
      at += got;
    }
    return false;
  } finally {
    io.closeSync(fd);
  }
}

function isJobRecord(line: string): boolean {
  try {
    const first = JSON.parse(line) as unknown;
    return (
      typeof first === 'object' && first !== null && (first as { event?: unknown }).event === 'job'
    );
  } catch {
    return false;
  }
}
