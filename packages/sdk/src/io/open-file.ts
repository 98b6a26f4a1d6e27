import type { Stats } from 'node:fs';
import { IxjobError } from '../failure/ixjob-error.ts';

// Not `import … from 'node:fs'`: building a builtin's ESM facade costs a worker ~3 ms at start-up.
const { closeSync, constants, fstatSync, openSync, readSync, statSync } =
  process.getBuiltinModule('node:fs');

/** What a path that is not a regular file is, for messages; `undefined` for a regular file. */
export function specialKind(stats: Stats): string | undefined {
  if (stats.isFile()) return undefined;
  if (stats.isDirectory()) return 'a directory';
  if (stats.isFIFO()) return 'a FIFO';
  if (stats.isCharacterDevice()) return 'a character device';
  if (stats.isBlockDevice()) return 'a block device';
  if (stats.isSocket()) return 'a socket';
  return 'a special file';
}

/**
 * Opens a file the user named, refusing with one line (66) one that is missing, unreadable or
 * not a regular file: a FIFO or a device (`/dev/zero`) may block or never end, and every
 * reader reads at offsets and more than once. O_NONBLOCK, so opening a FIFO returns at once
 * to be refused instead of waiting for a writer; it changes nothing for a regular file.
 * `why` ends the message for a special file (what the file is for); `file` (as the user wrote
 * it) names it in messages.
 */
export function openForReading(path: string, why?: string, file = path): number {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    // A socket cannot be opened at all (ENXIO): say what it is, as for any other special file.
    if (code === 'ENXIO') throw notRegular(file, specialKind(statSync(path)) ?? 'a socket', why);
    const reason = code === 'ENOENT' ? 'no such file' : `cannot read it (${code ?? String(error)})`;
    throw new IxjobError('noinput', `${file}: ${reason}`, file, { cause: error });
  }
  const kind = specialKind(fstatSync(fd));
  if (kind === undefined) return fd;
  closeSync(fd);
  throw notRegular(file, kind, why);
}

const notRegular = (file: string, kind: string, why: string | undefined) =>
  new IxjobError(
    'noinput',
    `${file} is ${kind}, not a regular file${why === undefined ? '' : `: ${why}`}`,
    file,
  );

/** Reads `length` bytes at `position`, fewer only at the end of the file. */
export function readAt(fd: number, position: number, length: number): Uint8Array {
  const buffer = new Uint8Array(length);
  let filled = 0;
  while (filled < length) {
    const got = readSync(fd, buffer, filled, length - filled, position + filled);
    if (got === 0) break;
    filled += got;
  }
  return buffer.subarray(0, filled);
}

/** Whether the bytes start like gzip (RFC 1952 magic). */
export function isGzip(fd: number): boolean {
  const head = readAt(fd, 0, 2);
  return head[0] === 0x1f && head[1] === 0x8b;
}
