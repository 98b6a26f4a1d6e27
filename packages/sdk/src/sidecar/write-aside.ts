import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { describeErrno as describe, isErrno } from '../failure/errno.ts';
import { IxjobError } from '../failure/ixjob-error.ts';

/** Positional writes into the file being made; each writes every byte or throws. */
export type WriteAt = (bytes: Uint8Array, position: number) => void;

/** Writes all of `bytes` at `position`: a short write (a disk filling up) is retried, then fails. */
export function writeAll(fd: number, bytes: Uint8Array, position: number): void {
  for (let done = 0; done < bytes.length; ) {
    const wrote = writeSync(fd, bytes, done, bytes.length - done, position + done);
    if (wrote <= 0)
      throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
    done += wrote;
  }
}

/**
 * Makes `path` through a new temporary file beside it (same folder, so the rename is atomic),
 * synced and renamed into place only once whole: readers see the old file or the new one,
 * never half of one. On any failure the temporary file, which only this call created, is
 * removed, and a system call's error becomes the one line for `path` (73).
 */
export function writeAside<T>(path: string, what: string, write: (at: WriteAt) => T): T {
  let temporary: string | undefined;
  let fd: number | undefined;
  try {
    // O_EXCL: never truncate, and later never remove, a file this call did not create.
    const aside = `${path}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`;
    fd = openSync(aside, 'wx');
    temporary = aside;
    const sink = fd;
    const result = write((bytes, position) => writeAll(sink, bytes, position));
    // A disk that filled up may only say so here (delayed allocation, NFS).
    fsyncSync(fd);
    closeSync(fd);
    fd = undefined;
    renameSync(temporary, path);
    temporary = undefined;
    return result;
  } catch (error) {
    if (!isErrno(error)) throw error;
    throw new IxjobError('cannot-create', `cannot write ${what}: ${describe(error)}`, path, {
      cause: error,
    });
  } finally {
    if (fd !== undefined) closeSync(fd);
    if (temporary !== undefined) rmSync(temporary, { force: true });
  }
}
