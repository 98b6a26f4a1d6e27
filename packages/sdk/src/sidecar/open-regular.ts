import { closeSync, constants, fstatSync, openSync, type Stats } from 'node:fs';
import { IxjobError } from '../failure/ixjob-error.ts';

/** What a file that is not a regular one is, for messages. */
export function kindOf(stats: Stats): string | undefined {
  if (stats.isFile()) return undefined;
  if (stats.isDirectory()) return 'a directory';
  if (stats.isFIFO()) return 'a FIFO';
  if (stats.isCharacterDevice()) return 'a character device';
  if (stats.isBlockDevice()) return 'a block device';
  if (stats.isSocket()) return 'a socket';
  return 'a special file';
}

/**
 * Opens a regular file to read, or fails with 66 and the reason. O_NONBLOCK, so that opening
 * a FIFO returns at once (to be refused) instead of waiting for a writer forever.
 */
export function openRegular(file: string, why: string): number {
  let fd: number;
  try {
    fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'no such file' : `cannot read it (${code ?? String(error)})`;
    throw new IxjobError('noinput', `${file}: ${reason}`, file, { cause: error });
  }
  const kind = kindOf(fstatSync(fd));
  if (kind === undefined) return fd;
  closeSync(fd);
  throw new IxjobError('noinput', `${file} is ${kind}, not a regular file: ${why}`, file);
}
