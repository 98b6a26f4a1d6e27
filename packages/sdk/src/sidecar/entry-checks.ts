import type { IndexedFormat } from './sidecar-format.ts';

/** One decoded entry: where an item starts, how long it is, the line it starts on. */
export interface Entry {
  start: number;
  length: number;
  line: number;
}

/** How far each way the bytes between an item and its neighbours are read and checked. */
export const GAP_CHECKED = 4096;

const NEWLINE = 0x0a;
const CR = 0x0d;
const COMMA = 0x2c;
const OPEN = 0x5b;
const CLOSE = 0x5d;
const BOM = [0xef, 0xbb, 0xbf];
const isSpace = (byte: number | undefined): boolean =>
  byte === 0x20 || byte === NEWLINE || byte === 0x09 || byte === CR;
const isBreak = (byte: number | undefined): boolean => byte === NEWLINE || byte === CR;
const newlines = (bytes: Uint8Array): number =>
  bytes.reduce((n, b) => n + (b === NEWLINE ? 1 : 0), 0);

/**
 * Whether an entry fits between its neighbours: inside the file, after the previous item's
 * end and before the next one's start (items never touch: a terminator or comma lies
 * between), lines in order. Swapped and stray entries fail here, before any data is read.
 */
export function entryOutOfPlace(
  entry: Entry,
  fileSize: number,
  previous: Entry | undefined,
  next: Entry | undefined,
): string | undefined {
  const end = entry.start + entry.length;
  if (entry.length === 0 || end > fileSize || entry.line < 1) return 'outside the file';
  if (previous && !(previous.start + previous.length < entry.start && previous.line <= entry.line))
    return 'out of order with the one before';
  if (next && !(end < next.start && next.start < fileSize && entry.line <= next.line))
    return 'out of order with the one after';
  return undefined;
}

/** An item with the bytes between it and its neighbours (or the file's ends), as read. */
export interface Placement {
  entry: Entry;
  previous: Entry | undefined;
  next: Entry | undefined;
  item: Uint8Array;
  /** Bytes from the previous item's end (or the file's start) to this item. */
  before: Uint8Array;
  /** Bytes from this item's end to the next item (or the file's end). */
  after: Uint8Array;
  /** Whether `before`/`after` are the whole gap, not its GAP_CHECKED bytes next to the item. */
  beforeWhole: boolean;
  afterWhole: boolean;
  /** How many LF bytes the whole data file holds. */
  fileNewlines: number;
}

/**
 * Whether the bytes around an item are exactly what separates items in this format (line
 * breaks and blank lines, empty lines, one comma), and the item neither starts nor ends
 * inside a separator. With its neighbours' entries right, this pins the item down exactly:
 * a start or end moved by any amount, into the item or out of it, fails here.
 */
export function itemMisplaced(format: IndexedFormat, at: Placement): string | undefined {
  const { item, before, after, previous, next } = at;
  const first = item[0];
  const last = item[item.length - 1];
  switch (format) {
    case 'lines':
      if (!before.every(isSpace) || (before.length > 0 && before.at(-1) !== NEWLINE))
        return 'not at the start of a line';
      if (item.includes(NEWLINE) || !after.every(isSpace) || !lineEnd(after, next === undefined))
        return 'not a whole line';
      // A line's last CR belongs to its terminator (CRLF, or a CR left at the end of the file).
      if (last === CR && after[0] !== CR) return 'not a whole line';
      if (item.every(isSpace)) return 'a blank line';
      break;
    case 'csv':
    case 'tsv': {
      const bom = !previous && at.beforeWhole && BOM.every((byte, i) => before[i] === byte);
      const gap = bom ? before.subarray(3) : before;
      if (!gap.every(isBreak) || (gap.length > 0 && gap.at(-1) !== NEWLINE) || isBreak(first))
        return 'not at the start of a record';
      if (!after.every(isBreak) || isBreak(last) || !recordEnd(after, next === undefined))
        return 'not a whole record';
      break;
    }
    case 'json':
      if (!separatedBy(before, previous ? COMMA : OPEN, at.beforeWhole) || first === COMMA)
        return 'not at the start of an element';
      if (!separatedBy(after, next ? COMMA : CLOSE, at.afterWhole) || isSpace(last))
        return 'not a whole element';
      if (isSpace(first) || first === CLOSE || last === COMMA) return 'not a whole element';
      break;
  }
  return linesWrong(format, at);
}

/** After a line: LF or CRLF (then blank lines), or the end of the file, where a CR may be left. */
const lineEnd = (after: Uint8Array, atEnd: boolean): boolean =>
  after[0] === NEWLINE ||
  (after[0] === CR && after[1] === NEWLINE) ||
  (atEnd && (after.length === 0 || (after.length === 1 && after[0] === CR)));

/** After a record: LF or CRLF (then empty lines), or nothing at the end of the file. */
const recordEnd = (after: Uint8Array, atEnd: boolean): boolean =>
  after[0] === NEWLINE ||
  (after[0] === CR && after[1] === NEWLINE) ||
  (atEnd && after.length === 0);

/** Whitespace and exactly one `mark` (at most one when only part of the gap was read). */
function separatedBy(gap: Uint8Array, mark: number, whole: boolean): boolean {
  let marks = 0;
  for (const byte of gap) {
    if (byte === mark) marks += 1;
    else if (!isSpace(byte)) return false;
  }
  return whole ? marks === 1 : marks <= 1;
}

/**
 * The line numbers agree with the newlines read: with the next item's, or for the last item
 * with the file's count of newlines; with the previous item's as far as its bytes are known.
 */
function linesWrong(format: IndexedFormat, at: Placement): string | undefined {
  const { entry, previous, next } = at;
  const through = entry.line + newlines(at.item) + newlines(at.after);
  if (at.afterWhole && through !== (next ? next.line : at.fileNewlines + 1))
    return 'on the wrong line';
  if (!previous && at.beforeWhole && entry.line !== 1 + newlines(at.before))
    return 'on the wrong line';
  if (!previous) return undefined;
  // The previous item's own newlines are unknown, except a line's: it has none.
  const least = previous.line + newlines(at.before);
  if (format === 'lines' && at.beforeWhole ? entry.line !== least : entry.line < least)
    return 'on the wrong line';
  return undefined;
}

/** Whether a whole file holds no item at all: what a sidecar counting none must be for. */
export function holdsNoItem(format: IndexedFormat, bytes: Uint8Array): boolean {
  switch (format) {
    case 'lines':
      return bytes.every(isSpace);
    case 'csv':
    case 'tsv': {
      const bom = BOM.every((byte, i) => bytes[i] === byte);
      return (bom ? bytes.subarray(3) : bytes).every(isBreak);
    }
    case 'json': {
      const open = bytes.indexOf(OPEN);
      return (
        open !== -1 &&
        separatedBy(bytes.subarray(0, open + 1), OPEN, true) &&
        separatedBy(bytes.subarray(open + 1), CLOSE, true)
      );
    }
  }
}
