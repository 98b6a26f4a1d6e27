import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { IxjobError } from '../failure/ixjob-error.ts';

/** Opens a file the user named, as the one error a missing or unreadable file gives (66). */
export function openForReading(file: string): number {
  try {
    const fd = openSync(file, 'r');
    if (fstatSync(fd).isDirectory()) {
      closeSync(fd);
      throw new IxjobError('noinput', `${file} is a directory, not a file`, file);
    }
    return fd;
  } catch (error) {
    if (error instanceof IxjobError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'no such file' : `cannot read it (${code ?? String(error)})`;
    throw new IxjobError('noinput', `${file}: ${reason}`, file, { cause: error });
  }
}

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
