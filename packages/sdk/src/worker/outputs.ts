import type { FileHandle } from 'node:fs/promises';
import { isErrno } from '../failure/errno.ts';
import { IxjobError } from '../failure/ixjob-error.ts';

// Builtins through getBuiltinModule (an ESM facade costs ~3 ms), fs/promises only when used (~2 ms).
const fsp = () => process.getBuiltinModule('node:fs/promises');
const { basename, dirname, join } = process.getBuiltinModule('node:path');

/** What an output can be made from: the whole content, or chunks as they are produced. */
export type OutputData = string | Uint8Array | Iterable<Uint8Array> | AsyncIterable<Uint8Array>;

/** `<pid>-<random>`: crypto loads at the first write, not at the worker's start. */
export const uniqueSuffix = () =>
  `${process.pid}-${process.getBuiltinModule('node:crypto').randomBytes(4).toString('hex')}`;

/** Temporary files start with a dot and end so: hidden from `*.png`, and never a finished output. */
export const ASIDE_SUFFIX = '.tmp';

/** A system call's failure as the one line for `path`: 73, which a retry may get past (a full disk). */
export function cannotWrite(path: string, error: unknown): unknown {
  if (!isErrno(error)) return error;
  return new IxjobError('cannot-create', `cannot write ${path}: ${error.code}`, path, {
    cause: error,
  });
}

/** Makes the directory's entries (a rename, a new file) durable, not only the files' bytes. */
export async function syncDirectory(path: string): Promise<void> {
  const handle = await fsp().open(path, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

async function writeData(handle: FileHandle, data: OutputData): Promise<void> {
  if (typeof data === 'string' || data instanceof Uint8Array) {
    await handle.writeFile(data);
    return;
  }
  for await (const chunk of data) await handle.write(chunk);
}

/**
 * Writes `path` atomically: the data goes to a temporary file beside it (`.name.<random>.tmp`,
 * same directory so the rename is atomic), is fsynced, renamed into place, and the directory
 * fsynced. Readers — and a process killed at any moment, even with SIGKILL — see the old file
 * or the whole new one, never part of one. Missing directories are made. A second writer of
 * the same path (two pods on one index) is safe: the last rename wins, whole.
 *
 * A failed write removes its temporary file and is an `IxjobError` of kind `cannot-create`
 * (exit 73 under `main()`, retriable). A process killed mid-write leaves its temporary file:
 * skip names ending in `.tmp` when listing outputs.
 *
 * @returns `path`
 */
export async function writeOutput(path: string, data: OutputData): Promise<string> {
  const directory = dirname(path);
  // O_EXCL on a random name: never truncate, and later never remove, a file this call did not make.
  const aside = join(directory, `.${basename(path)}.${uniqueSuffix()}${ASIDE_SUFFIX}`);
  let made = false;
  try {
    await fsp().mkdir(directory, { recursive: true });
    const handle = await fsp().open(aside, 'wx');
    made = true;
    try {
      await writeData(handle, data);
      // A full disk may say so only here (delayed allocation, NFS): before the rename, not after.
      await handle.sync();
    } finally {
      await handle.close();
    }
    await fsp().rename(aside, path);
    made = false;
    await syncDirectory(directory);
    return path;
  } catch (error) {
    throw cannotWrite(path, error);
  } finally {
    if (made) await fsp().rm(aside, { force: true });
  }
}
