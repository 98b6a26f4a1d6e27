import { IxjobError } from '../failure/ixjob-error.ts';
import type { ItemCallback, ItemScanner } from './item-scanner.ts';

/**
 * The largest item (a line, a CSV record, a JSON element) in bytes, terminator excluded.
 * An item becomes environment variables or arguments, and Linux refuses any one string over
 * 128 KiB (MAX_ARG_STRLEN) and all of them together over ARG_MAX (2 MiB with the default
 * 8 MiB stack); 1 MiB is also the most a ConfigMap holds. Past this, memory would grow with
 * the item (a 700 MB line, or a gzip stream with no newline) for a value no command can take.
 */
export const MAX_ITEM_BYTES = 1 << 20;

const NEWLINE = 0x0a;
const CR = 0x0d;

const mebibytes = (bytes: number): string =>
  bytes % (1 << 20) === 0 ? `${bytes / (1 << 20)} MiB` : `${bytes} bytes`;

/**
 * Wraps a scanner so that an item longer than `cap` bytes (`item` names it: line, record,
 * element) fails with one line (65, `file:line` of the item) as soon as its start lies `cap`
 * bytes back, not when it ends: what is kept of an item never passes `cap` plus one chunk.
 */
export function capItems(
  scanner: ItemScanner,
  file: string,
  item = 'item',
  cap = MAX_ITEM_BYTES,
): ItemScanner {
  const tooLong = (line: number): never => {
    throw new IxjobError(
      'data',
      `${item} longer than ${mebibytes(cap)}, the most one item of a work file may hold: a command takes no more in its environment and arguments`,
      `${file}:${line}`,
    );
  };
  const checked =
    (found: ItemCallback): ItemCallback =>
    (start, end, line) => {
      if (end - start > cap) tooLong(line);
      return found(start, end, line);
    };
  /** The item in progress, up to `end`; one byte of slack for a CR that may turn out to end it. */
  const checkPending = (end: number): void => {
    if (end - scanner.pendingStart() > cap + 1) tooLong(scanner.pendingLine());
  };
  const capped: ItemScanner = {
    push(chunk, at, found) {
      if (scanner.push(chunk, at, checked(found))) return true;
      checkPending(at + chunk.length);
      return false;
    },
    finish: (found) => scanner.finish(checked(found)),
    pendingStart: () => scanner.pendingStart(),
    pendingLine: () => scanner.pendingLine(),
  };
  const { skip, buffer } = scanner;
  if (skip && buffer) {
    capped.buffer = (size) => buffer.call(scanner, size);
    capped.skip = (chunk, at, count) => {
      const start = scanner.pendingStart();
      const line = scanner.pendingLine();
      const passed = skip.call(scanner, chunk, at, count);
      // An item begun in an earlier chunk and ended in this one is passed over unreported:
      // skipping is for lines only, so it ends at the chunk's first newline.
      if (start < at && scanner.pendingStart() !== start) {
        const newline = chunk.indexOf(NEWLINE);
        const cr = newline > 0 && chunk[newline - 1] === CR ? 1 : 0;
        if (newline !== -1 && at + newline - cr - start > cap) tooLong(line);
      }
      checkPending(at + passed.consumed);
      return passed;
    };
  }
  return capped;
}
