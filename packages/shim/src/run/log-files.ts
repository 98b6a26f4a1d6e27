import * as fs from 'node:fs';
import { IxjobError } from '@ixjob/sdk/internal';
import { attemptLogPath } from './output/attempt-log.ts';
import { cannotWrite, isErrno } from './state/write-failure.ts';

/** A new file only: attempt numbers are never reused, so an existing log is not this attempt's. */
const CREATE_NEW = fs.constants.O_CREAT | fs.constants.O_EXCL | fs.constants.O_WRONLY;

export interface LogOpenerOptions {
  logs: string;
  /** How many indexes ahead to open first logs for. */
  lookahead: number;
  /** The last index. */
  last: number;
  /** The number `index`'s next attempt takes, or `undefined` when it will not run again. */
  nextAttempt(index: number): number | undefined;
}

export interface LogOpener {
  /** A new log for the attempt, open for writing; the caller closes it. One line and 73 if it cannot be made. */
  fd(index: number, attempt: number): Promise<number>;
  /** Closes and removes the logs opened ahead and not used: no empty log for an attempt that never ran. */
  close(): void;
}

/**
 * Opens attempt logs, each a new file (O_EXCL: a log is never overwritten), the next
 * indexes' ahead of time on libuv's threads: creating a file is the slowest step of starting
 * an attempt on a busy disk, and done ahead it runs beside the runner instead of in its way.
 */
export function logOpener(options: LogOpenerOptions): LogOpener {
  const { logs, lookahead, last, nextAttempt } = options;
  /** Opens ahead, by log path: a descriptor, or `undefined` when the early open failed. */
  const early = new Map<string, Promise<number | undefined>>();
  let closed = false;
  const discard = (path: string, fd: number) => {
    fs.closeSync(fd);
    fs.rmSync(path, { force: true });
  };
  const prefetch = (from: number) => {
    for (let index = from; index <= Math.min(last, from + lookahead - 1); index++) {
      const attempt = nextAttempt(index);
      if (attempt === undefined) continue;
      const path = attemptLogPath(logs, index, attempt);
      if (early.has(path)) continue;
      const { promise, resolve } = Promise.withResolvers<number | undefined>();
      early.set(path, promise);
      fs.open(path, CREATE_NEW, 0o666, (error, fd) => {
        if (error) return resolve(undefined);
        if (!closed) return resolve(fd);
        discard(path, fd);
        resolve(undefined);
      });
    }
  };
  return {
    async fd(index, attempt) {
      prefetch(index + 1);
      const path = attemptLogPath(logs, index, attempt);
      const opened = early.get(path);
      early.delete(path);
      const fd = await opened;
      // Not opened ahead, or that failed: opening it now says why.
      return fd ?? openNewLog(path);
    },
    close() {
      closed = true;
      for (const [path, opened] of early) {
        opened.then((fd) => fd !== undefined && discard(path, fd));
      }
      early.clear();
    },
  };
}

/** Creates a new log; one that exists already is refused, never truncated. */
export function openNewLog(path: string): number {
  try {
    return fs.openSync(path, CREATE_NEW, 0o666);
  } catch (error) {
    if (isErrno(error) && error.code === 'EEXIST') {
      throw new IxjobError(
        'cannot-create',
        'the log exists already: this job never reuses an attempt number, so ixjob did not write it; move it away and --resume',
        path,
      );
    }
    throw cannotWrite('a log', path, error);
  }
}

/**
 * Removes empty logs of attempts the journal never saw start: opened ahead by a runner that
 * was killed, they would block the attempt that takes their number. A log with output and
 * no start in the journal is not ixjob's and stays (opening a log there is then refused).
 */
export function removeUnstartedLogs(
  logs: string,
  started: (index: number, attempt: number) => boolean,
): void {
  let names: string[];
  try {
    names = fs.readdirSync(logs);
  } catch (error) {
    if (isErrno(error) && error.code === 'ENOENT') return;
    throw cannotWrite('a log', logs, error);
  }
  for (const name of names) {
    const match = /^(\d+)\.(\d+)\.log$/.exec(name);
    if (!match || started(Number(match[1]), Number(match[2]))) continue;
    const path = `${logs}/${name}`;
    try {
      const stat = fs.lstatSync(path);
      if (stat.isFile() && stat.size === 0) fs.unlinkSync(path);
    } catch (error) {
      if (!isErrno(error) || error.code !== 'ENOENT') throw cannotWrite('a log', path, error);
    }
  }
}
