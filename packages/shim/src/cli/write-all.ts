import { writeSync } from 'node:fs';

/**
 * Writes all of `text` to a descriptor synchronously, retrying on a full non-blocking pipe,
 * and stopping quietly if the reader has gone (EPIPE), as `head` expects of a writer.
 */
export function writeAll(fd: number, text: string): void {
  const bytes = Buffer.from(text);
  let written = 0;
  while (written < bytes.length) {
    try {
      written += writeSync(fd, bytes, written, bytes.length - written);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EPIPE') return;
      if (code !== 'EAGAIN') throw error;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1);
    }
  }
}
