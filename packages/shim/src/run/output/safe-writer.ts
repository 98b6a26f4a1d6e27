import { writeSync } from 'node:fs';

export interface SafeWriter {
  /** Writes all of `text`, or nothing more once the destination has closed. */
  (text: string): void;
  /** Why output stopped, if it did. */
  readonly closedBy: string | undefined;
}

const sleeper = new Int32Array(new SharedArrayBuffer(4));

/**
 * A synchronous writer to `fd` (1 or 2) that never throws: after a write error
 * (`ixjob run … | head -c 10`) the job finishes with only its output dropped. A
 * non-blocking pipe that is full (EAGAIN) is waited on, as a blocking write would.
 */
export function safeWriter(fd: number, write: typeof writeSync = writeSync): SafeWriter {
  let closedBy: string | undefined;
  const writer = (text: string): void => {
    if (closedBy !== undefined || text === '') return;
    let bytes = Buffer.from(text);
    while (bytes.length > 0) {
      try {
        bytes = bytes.subarray(write(fd, bytes));
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code ?? 'EIO';
        if (code === 'EAGAIN') {
          Atomics.wait(sleeper, 0, 0, 1);
          continue;
        }
        // EPIPE, EBADF, EIO, a full disk under a redirect: output stops, the job does not.
        closedBy = code;
        return;
      }
    }
  };
  Object.defineProperty(writer, 'closedBy', { get: () => closedBy });
  return writer as SafeWriter;
}

/**
 * Keeps an 'error' on the process's stdout or stderr (EPIPE once the reader has gone) from
 * crashing the runner: the stream's writes are then dropped. Returns the undo.
 */
export function guardStdio(
  streams: readonly NodeJS.EventEmitter[] = [process.stdout, process.stderr],
): () => void {
  const ignore = (): void => {};
  for (const stream of streams) stream.on('error', ignore);
  return () => {
    for (const stream of streams) stream.off('error', ignore);
  };
}

/** `write`, made never to throw: after its first failure (EPIPE) output stops, the job does not. */
export function dropAfterFailure(write: (text: string) => void): (text: string) => void {
  let failed = false;
  return (text) => {
    if (failed) return;
    try {
      write(text);
    } catch {
      failed = true;
    }
  };
}
