import type { Readable, Writable } from 'node:stream';
import { holdSource } from './hold-source.ts';

export type StreamName = 'stdout' | 'stderr';

const NEWLINE = 0x0a;
/** Past this a line is cut, so one endless line (a `\r` progress bar) cannot exhaust memory. */
const MAX_LINE_BYTES = 32 * 1024 * 1024;

/**
 * `[ 7]  ` before a stdout line and `[ 7!] ` before a stderr line: the index padded to the
 * widest one, and both the same width so the text of every line starts in one column.
 */
export function linePrefix(index: number, stream: StreamName, width = 0): string {
  const number = String(index).padStart(width);
  return stream === 'stderr' ? `[${number}!] ` : `[${number}]  `;
}

export interface LineTaggerOptions {
  /** The job's highest index, so every prefix has the same width. */
  readonly lastIndex?: number;
  /** A partial line held past this many bytes is emitted as it stands, with a newline. */
  readonly maxLineBytes?: number;
}

export interface LineTagger {
  /**
   * Tags each whole line `source` emits and writes it to the destination; resolves once the
   * source has ended and its last line, given a newline if it had none, is handed over.
   * Attach in the same turn as the spawn, before any data flows.
   */
  attach(index: number, stream: StreamName, source: Readable): Promise<void>;
  /** Resolves once the destination has taken every line handed to it so far, or has failed. */
  flushed(): Promise<void>;
  /** Why the destination stopped taking output (EPIPE when the reader went away), if it did. */
  readonly error: Error | undefined;
}

/**
 * Merges the lines of many sources into one destination. Every write is a run of whole lines
 * of one source, so lines never mix; while the destination is over its high-water mark every
 * attached source is paused until it drains.
 */
export function createLineTagger(
  destination: Writable,
  options: LineTaggerOptions = {},
): LineTagger {
  const width = String(options.lastIndex ?? 0).length;
  const maxLineBytes = options.maxLineBytes ?? MAX_LINE_BYTES;
  const active = new Set<Readable>();
  let releases: (() => void)[] | undefined;
  let error: Error | undefined;
  let outstanding = 0;
  let waiters: (() => void)[] = [];

  const wake = (): void => {
    for (const waiter of waiters) waiter();
    waiters = [];
  };
  const release = (): void => {
    for (const undo of releases ?? []) undo();
    releases = undefined;
  };
  const written = (): void => {
    outstanding -= 1;
    if (outstanding === 0) wake();
  };
  destination.on('error', (cause: Error) => {
    error ??= cause;
    // Sources keep flowing and their lines are dropped: the logs still get everything.
    release();
    wake();
  });

  const emit = (lines: Buffer): void => {
    if (error) return;
    outstanding += 1;
    if (destination.write(lines, written) || releases) return;
    releases = [...active].map(holdSource);
    destination.once('drain', release);
  };

  return {
    get error() {
      return error;
    },
    flushed() {
      if (outstanding === 0 || error) return Promise.resolve();
      return new Promise((resolve) => waiters.push(resolve));
    },
    attach(index, stream, source) {
      const prefix = linePrefix(index, stream, width);
      let pending: Buffer[] = [];
      let pendingBytes = 0;
      const keepPartial = (rest: Buffer): void => {
        if (rest.length > 0) pending.push(rest);
        pendingBytes += rest.length;
        if (pendingBytes >= maxLineBytes) emitPending();
      };
      const emitPending = (): void => {
        const line = Buffer.allocUnsafe(prefix.length + pendingBytes + 1);
        let at = line.write(prefix, 0, 'latin1');
        for (const piece of pending) at += piece.copy(line, at);
        line[at] = NEWLINE;
        pending = [];
        pendingBytes = 0;
        emit(line);
      };

      active.add(source);
      if (releases) releases.push(holdSource(source));
      source.on('data', (chunk: Buffer) => {
        const last = chunk.lastIndexOf(NEWLINE);
        if (last === -1) return keepPartial(chunk);
        emit(tagLines(prefix, pending, pendingBytes, chunk, last));
        pending = [];
        pendingBytes = 0;
        keepPartial(chunk.subarray(last + 1));
      });
      const { promise, resolve } = Promise.withResolvers<void>();
      let finished = false;
      // A destroyed pipe may close without 'end'; whichever comes first ends the source once.
      const finish = (): void => {
        if (finished) return;
        finished = true;
        if (pendingBytes > 0) emitPending();
        active.delete(source);
        resolve();
      };
      source.once('end', finish);
      source.once('close', finish);
      return promise;
    },
  };
}

/**
 * One buffer holding every line that ends in `chunk[0..last]`, each after `prefix`, the first
 * completing the held `pending` pieces. Latin-1 maps bytes to characters one to one, so a
 * native `replaceAll` tags short lines fast and each byte of a long line is copied a fixed
 * number of times.
 */
function tagLines(
  prefix: string,
  pending: readonly Buffer[],
  pendingBytes: number,
  chunk: Buffer,
  last: number,
): Buffer {
  const body = chunk.toString('latin1', 0, last).replaceAll('\n', `\n${prefix}`);
  const lines = Buffer.allocUnsafe(prefix.length + pendingBytes + body.length + 1);
  let at = lines.write(prefix, 0, 'latin1');
  for (const piece of pending) at += piece.copy(lines, at);
  at += lines.write(body, at, 'latin1');
  lines[at] = NEWLINE;
  return lines;
}
