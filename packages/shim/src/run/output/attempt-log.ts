import { createWriteStream } from 'node:fs';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { holdSource } from './hold-source.ts';

/** Big enough that a 64 KiB pipe read rarely stops the child, small enough for many at once. */
const HIGH_WATER_MARK = 256 * 1024;

/** Where attempt `attempt` of index `index` logs: `LOGS/<index>.<attempt>.log`. */
export function attemptLogPath(logsDir: string, index: number, attempt: number): string {
  return join(logsDir, `${index}.${attempt}.log`);
}

/** An attempt's log could not be opened or written; `path` names the file, `cause` the errno. */
export class LogWriteError extends Error {
  override readonly name = 'LogWriteError';
  readonly path: string;

  constructor(path: string, cause: unknown) {
    const code = (cause as NodeJS.ErrnoException | undefined)?.code;
    super(`cannot write the log ${path}: ${code ?? String(cause)}`, { cause });
    this.path = path;
  }
}

export interface AttemptLog {
  readonly path: string;
  /**
   * Resolves to the bytes written once every source has ended and the file is flushed and
   * closed; rejects with a `LogWriteError` as soon as opening or writing fails.
   */
  readonly done: Promise<number>;
}

export interface AttemptLogOptions {
  /** The file stream's buffer, past which the sources are paused; for tests. */
  readonly highWaterMark?: number;
  /** The log, already open for writing: the stream takes it over and closes it. */
  readonly fd?: number;
}

/**
 * Copies everything `sources` (a child's stdout and stderr) emit into a new file at `path`,
 * chunks in arrival order, pausing every source while the file is behind. Attach it in the
 * same turn as the spawn, before any data flows. The directory must exist.
 */
export function openAttemptLog(
  path: string,
  sources: readonly Readable[],
  options: AttemptLogOptions = {},
): AttemptLog {
  const file = createWriteStream(path, {
    // Without a descriptor, a new file only: an existing log is not this attempt's.
    flags: 'wx',
    ...(options.fd === undefined ? {} : { fd: options.fd }),
    highWaterMark: options.highWaterMark ?? HIGH_WATER_MARK,
  });
  const { promise, resolve, reject } = Promise.withResolvers<number>();
  // Marked handled: the runner awaits it after the child exits, and a write error may come first.
  promise.catch(() => {});
  let bytes = 0;
  let failure: LogWriteError | undefined;
  let releases: (() => void)[] = [];

  const releaseAll = (): void => {
    for (const release of releases) release();
    releases = [];
  };
  file.on('drain', releaseAll);
  file.on('error', (error) => {
    failure ??= new LogWriteError(path, error);
    // The child must not block on a full pipe because its log broke: drain and drop from now on.
    releaseAll();
  });
  file.on('close', () => {
    if (failure) reject(failure);
    else resolve(bytes);
  });

  let open = sources.length;
  const ended = (): void => {
    open -= 1;
    if (open === 0 && !failure) file.end();
  };
  for (const source of sources) {
    source.on('data', (chunk: Buffer) => {
      if (failure) return;
      bytes += chunk.length;
      if (!file.write(chunk) && releases.length === 0) releases = sources.map(holdSource);
    });
    // A destroyed pipe may close without 'end'; whichever comes first counts once.
    let counted = false;
    const once = (): void => {
      if (counted) return;
      counted = true;
      ended();
    };
    source.once('end', once);
    source.once('close', once);
  }
  if (sources.length === 0) file.end();
  return { path, done: promise };
}
