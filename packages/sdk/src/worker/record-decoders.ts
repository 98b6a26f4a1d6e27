import { IxjobError } from '../failure/ixjob-error.ts';
import type { RawRecord } from './record-window.ts';

// Builtins through getBuiltinModule: their ESM facades cost a worker ~3 ms each at start-up.
const { isAscii } = process.getBuiltinModule('node:buffer');

/** Turns a record's bytes into what the iterator yields; `undefined` skips a blank record. */
export type Decode<T> = (record: RawRecord) => T | undefined;

const isBlank = ({ buffer, start, end }: RawRecord): boolean => {
  for (let i = start; i < end; i++) {
    const byte = buffer[i];
    if (byte !== 0x20 && byte !== 0x09 && byte !== 0x0d) return false;
  }
  return true;
};

const text = ({ buffer, start, end }: RawRecord): string => buffer.toString('utf8', start, end);

/** Every line is a record, an empty one too, as `wc -l` and `split -n l/…` count them. */
export const decodeLine: Decode<string> = text;

/**
 * A batch of lines at once: when its bytes are ASCII (most line lists), one decode of the
 * whole run and cheap string slices instead of a UTF-8 decode per line.
 */
export function decodeLines(batch: readonly RawRecord[]): string[] {
  const first = batch[0];
  const last = batch.at(-1);
  if (first === undefined || last === undefined) return [];
  const { buffer } = first;
  if (!isAscii(buffer.subarray(first.start, last.end))) return batch.map(text);
  const run = buffer.toString('latin1', first.start, last.end);
  return batch.map((record) => run.slice(record.start - first.start, record.end - first.start));
}

/** One JSON value per line; blank lines are skipped, as most JSON Lines readers do. */
export function jsonLineDecoder(file: string): Decode<unknown> {
  return (record) => {
    if (isBlank(record)) return undefined;
    try {
      return JSON.parse(text(record));
    } catch (error) {
      throw new IxjobError(
        'data',
        `${file}: the JSON Lines record at byte ${record.offset} is not JSON (${(error as Error).message})`,
        `${file}:byte ${record.offset}`,
        { cause: error },
      );
    }
  };
}

/**
 * RFC 4180 fields: `delimiter` outside quotes separates, `""` inside quotes is one `"`. A quote
 * anywhere else still flips the state, exactly as the record boundaries were found, so every
 * byte string splits the same way in every range. Blank records are skipped.
 */
export function csvDecoder(delimiter: string): Decode<string[]> {
  if (delimiter.length !== 1 || delimiter === '"' || delimiter === '\n' || delimiter === '\r') {
    throw new RangeError(
      `the CSV delimiter must be one character other than a quote, CR or LF; got ${JSON.stringify(delimiter)}`,
    );
  }
  return (record) => {
    if (record.end === record.start) return undefined;
    return csvFields(text(record), delimiter);
  };
}

/** Splits one CSV record's text into fields. */
export function csvFields(line: string, delimiter: string): string[] {
  const fields: string[] = [];
  let field = '';
  let inside = false;
  let from = 0;
  for (let i = 0; i < line.length; i++) {
    const char = line[i];
    if (char === '"') {
      field += line.slice(from, i);
      // An escaped quote inside quotes: keep one, and the state is unchanged (two flips).
      if (inside && line[i + 1] === '"') {
        field += '"';
        i++;
      } else {
        inside = !inside;
      }
      from = i + 1;
    } else if (char === delimiter && !inside) {
      fields.push(field + line.slice(from, i));
      field = '';
      from = i + 1;
    }
  }
  fields.push(field + line.slice(from));
  return fields;
}
