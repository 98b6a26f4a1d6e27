import { IxjobError } from '../failure/ixjob-error.ts';
import type { ItemCallback, ItemScanner } from './item-scanner.ts';

const QUOTE = 0x22;
const NEWLINE = 0x0a;
const CR = 0x0d;
const BOM = [0xef, 0xbb, 0xbf] as const;

// Where the scanner stands between two bytes; kept across chunks.
const FIELD_START = 0;
const UNQUOTED = 1;
const QUOTED = 2;
/** A quote inside a quoted field: a doubled quote or the closing one, the next byte decides. */
const QUOTE_IN_QUOTED = 3;
const AFTER_CR = 4;

const fieldCount = (n: number): string => `${n} field${n === 1 ? '' : 's'}`;

/**
 * Items are the records of an RFC 4180 CSV (or TSV) file, read as csv-parse reads it with
 * `{ bom: true, skip_empty_lines: true, relax_column_count: false }`: the header is item 0,
 * a BOM at offset 0 is not part of it, records end at LF or CRLF outside quotes (terminator
 * excluded), empty lines are skipped and the last record needs no newline. Input csv-parse
 * refuses is refused here too, so a record is never mis-split: a quote not at the start of
 * a field, text after a closing quote, an unterminated quoted field, a row whose field count
 * differs from the header's. A CR not followed by LF outside quotes is refused as well, since
 * csv-parse would read it as a record delimiter in one file and as text in another.
 */
export function csvScanner(file: string, delimiter: ',' | '\t'): ItemScanner {
  const separator = delimiter.charCodeAt(0);
  let state = FIELD_START;
  /** How many bytes of a BOM have been seen at offset 0, while that is still undecided. */
  let bomMatched = 0;
  let bomPending = true;
  let recordStart = 0;
  let recordLine = 1;
  let line = 1;
  let fields = 1;
  let headerFields = -1;
  /** The line of the quote that opened the current quoted field, for an unterminated one. */
  let quoteLine = 1;
  /** Offset just past the last byte seen. */
  let offset = 0;

  const fail = (message: string, onLine: number): never => {
    throw new IxjobError('data', message, `${file}:${onLine}`);
  };

  /** Ends the current record at `end` (its terminator's offset) and reports it. */
  const endRecord = (end: number, next: number, found: ItemCallback): boolean => {
    if (headerFields === -1) headerFields = fields;
    else if (fields !== headerFields)
      fail(`row has ${fieldCount(fields)}, the header has ${headerFields}`, recordLine);
    const stop = found(recordStart, end, recordLine) === true;
    recordStart = next;
    recordLine = line;
    fields = 1;
    state = FIELD_START;
    return stop;
  };

  return {
    push(chunk, at, found) {
      const n = chunk.length;
      let i = 0;
      if (bomPending) {
        while (i < n && bomMatched < 3 && chunk[i] === BOM[bomMatched]) {
          i += 1;
          bomMatched += 1;
        }
        if (bomMatched === 3) {
          bomPending = false;
          recordStart = 3;
        } else if (i < n) {
          bomPending = false;
          // Bytes that looked like a BOM but were not are ordinary text of the first field.
          if (bomMatched > 0) state = UNQUOTED;
        }
      }
      while (i < n) {
        if (state === QUOTED) {
          // A byte loop beats indexOf here: most quoted fields are a few bytes long.
          for (; i < n; i++) {
            const byte = chunk[i];
            if (byte === QUOTE) break;
            if (byte === NEWLINE) line += 1;
          }
          if (i === n) break;
          state = QUOTE_IN_QUOTED;
          i += 1;
        } else if (state === QUOTE_IN_QUOTED) {
          const byte = chunk[i];
          if (byte === QUOTE) state = QUOTED;
          else if (byte === separator) {
            fields += 1;
            state = FIELD_START;
          } else if (byte === NEWLINE) {
            line += 1;
            if (endRecord(at + i, at + i + 1, found)) return true;
          } else if (byte === CR) state = AFTER_CR;
          else fail('unexpected text after a closing quote', line);
          i += 1;
        } else if (state === AFTER_CR) {
          if (chunk[i] !== NEWLINE) fail('carriage return without a line feed', line);
          line += 1;
          // A CRLF right at the start of a record is an empty line.
          if (at + i - 1 === recordStart) {
            recordStart = at + i + 1;
            recordLine = line;
            state = FIELD_START;
          } else if (endRecord(at + i - 1, at + i + 1, found)) return true;
          i += 1;
        } else {
          // Unquoted text: one tight loop, leaving it only for a quote, a CR or the chunk's end.
          let fieldStart = state === FIELD_START;
          for (; i < n; i++) {
            const byte = chunk[i] as number;
            // Most bytes are plain text: one comparison settles them.
            if (byte > QUOTE && byte !== separator) fieldStart = false;
            else if (byte === separator) {
              fields += 1;
              fieldStart = true;
            } else if (byte === NEWLINE) {
              line += 1;
              if (at + i === recordStart) {
                recordStart = at + i + 1;
                recordLine = line;
              } else if (endRecord(at + i, at + i + 1, found)) return true;
              fieldStart = true;
            } else if (byte === QUOTE) {
              if (!fieldStart) fail('quote inside an unquoted field', line);
              break;
            } else if (byte === CR) break;
            else fieldStart = false;
          }
          if (i === n) {
            state = fieldStart ? FIELD_START : UNQUOTED;
            break;
          }
          if (chunk[i] === QUOTE) {
            state = QUOTED;
            quoteLine = line;
          } else state = AFTER_CR;
          i += 1;
        }
      }
      offset = at + n;
      return false;
    },
    finish(found) {
      if (bomPending && bomMatched > 0) state = UNQUOTED;
      bomPending = false;
      if (state === QUOTED) fail('unterminated quoted field', quoteLine);
      if (state === AFTER_CR) fail('carriage return without a line feed', line);
      if (state === FIELD_START && offset === recordStart) return false;
      return endRecord(offset, offset, found);
    },
    pendingStart: () => recordStart,
    pendingLine: () => recordLine,
  };
}
