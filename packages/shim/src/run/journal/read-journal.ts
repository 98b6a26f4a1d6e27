import { readFileSync } from 'node:fs';
import { IxjobError } from '@ixjob/sdk/internal';
import { cannotWrite, isErrno } from '../state/write-failure.ts';
import { JOURNAL_VERSION, type JournalRecord, journalRecordSchema } from './records.ts';

/** What a journal holds: its whole records, and how it ends. */
export interface JournalContents {
  records: JournalRecord[];
  /** Bytes up to the end of the last whole record: where the next one goes. */
  wholeBytes: number;
  /** Bytes after it: a line a crash or a full disk cut short, cut off before the next append. */
  tornBytes: number;
}

const NEWLINE = 0x0a;

/**
 * Reads and validates every record of a journal (none when there is no file). Only lines
 * ending in a newline are records: each is one `write`, made before the runner acts on it,
 * so a last line without one was never acted on and is left for the appender to cut off.
 */
export function readJournal(
  path: string,
  read: (path: string) => Buffer = readFileSync,
): JournalContents {
  let bytes: Buffer;
  try {
    bytes = read(path);
  } catch (error) {
    if (isErrno(error) && error.code === 'ENOENT') {
      return { records: [], wholeBytes: 0, tornBytes: 0 };
    }
    throw cannotWrite('the journal', path, error);
  }
  const wholeBytes = bytes.lastIndexOf(NEWLINE) + 1;
  const lines = bytes.toString('utf8', 0, wholeBytes).split('\n');
  lines.pop();
  const records = lines.map((line, i) => parseRecord(line, `${path}:${i + 1}`));
  if (records.length > 0 && records[0]?.event !== 'job') {
    throw new IxjobError('data', "the journal does not begin with the job's record", `${path}:1`);
  }
  return { records, wholeBytes, tornBytes: bytes.length - wholeBytes };
}

/** One line of the journal, validated; `where` is `journal.jsonl:LINE`. */
export function parseRecord(line: string, where: string): JournalRecord {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    throw new IxjobError('data', 'the journal has a line that is not JSON', where);
  }
  const version = versionOf(value);
  if (version !== JOURNAL_VERSION) {
    const written =
      version === undefined ? 'an earlier ixjob' : `another ixjob (journal format ${version})`;
    throw new IxjobError(
      'data',
      `the journal was written by ${written}, in a format this one cannot resume: --force to start over`,
      where,
    );
  }
  const parsed = journalRecordSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue?.path.join('.') ?? '';
    throw new IxjobError(
      'data',
      `the journal has a line that is not a record${field === '' ? '' : ` (${field})`}: ${issue?.message ?? 'invalid'}`,
      where,
    );
  }
  return parsed.data;
}

/** The `v` of a record-like object; `undefined` when it has none (journals before version 1). */
function versionOf(value: unknown): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return JOURNAL_VERSION;
  return (value as { v?: unknown }).v;
}
