import * as fs from 'node:fs';
import type { IxjobError } from '@ixjob/sdk/internal';
import { cannotWrite } from '../state/write-failure.ts';
import { JOURNAL_VERSION, type NewRecord } from './records.ts';

export interface Journal {
  /** Writes one record (its `v` added) as one line; throws a `cannot-create` error if it cannot. */
  append(record: NewRecord): void;
  close(): void;
}

/** The file calls the journal makes, handed in so tests can fail them. */
export type JournalFs = Pick<
  typeof fs,
  'openSync' | 'fstatSync' | 'readSync' | 'writeSync' | 'ftruncateSync' | 'closeSync'
>;

const FLAGS = fs.constants.O_RDWR | fs.constants.O_APPEND | fs.constants.O_CREAT;
const CHUNK = 64 * 1024;

/**
 * Opens the append-only journal (creating it), first cutting off a torn last line so the
 * next record does not glue onto it. Each record is one `write` of one line to an O_APPEND
 * descriptor, made before the runner acts on it. A write that fails (a full disk, EIO) is
 * cut back too, so the file always ends with a whole record: the job resumes once the
 * cause is gone. After a failure every append throws the same error.
 */
export function openJournal(path: string, io: JournalFs = fs): Journal {
  let fd: number | undefined;
  let end: number;
  try {
    fd = io.openSync(path, FLAGS, 0o666);
    end = repairTail(io, fd);
  } catch (error) {
    if (fd !== undefined) io.closeSync(fd);
    throw cannotWrite('the journal', path, error);
  }
  let failure: IxjobError | undefined;
  return {
    append(record) {
      if (failure) throw failure;
      if (fd === undefined) throw new Error('the journal is closed');
      const line = Buffer.from(`${JSON.stringify({ v: JOURNAL_VERSION, ...record })}\n`);
      try {
        for (let done = 0; done < line.length; ) {
          const wrote = io.writeSync(fd, line, done, line.length - done);
          if (wrote <= 0)
            throw Object.assign(new Error('EIO: wrote nothing, write'), { code: 'EIO' });
          done += wrote;
        }
        end += line.length;
      } catch (error) {
        try {
          io.ftruncateSync(fd, end);
        } catch {
          // The next open cuts the torn line off anyway.
        }
        failure = cannotWrite('the journal', path, error);
        throw failure;
      }
    },
    close() {
      if (fd !== undefined) io.closeSync(fd);
      fd = undefined;
    },
  };
}

/** Cuts the file back to the end of its last whole line; returns its length then. */
export function repairTail(io: JournalFs, fd: number): number {
  const size = io.fstatSync(fd).size;
  const buffer = Buffer.alloc(CHUNK);
  for (let to = size; to > 0; ) {
    const from = Math.max(0, to - CHUNK);
    const got = io.readSync(fd, buffer, 0, to - from, from);
    const newline = buffer.subarray(0, got).lastIndexOf(0x0a);
    if (newline >= 0) return cutTo(io, fd, size, from + newline + 1);
    to = from;
  }
  return cutTo(io, fd, size, 0);
}

function cutTo(io: JournalFs, fd: number, size: number, length: number): number {
  if (length < size) io.ftruncateSync(fd, length);
  return length;
}
