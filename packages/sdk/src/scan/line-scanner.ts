import type { ItemScanner } from './item-scanner.ts';

const NEWLINE = 0x0a;
const CR = 0x0d;

const isContent = (byte: number): boolean =>
  byte !== 0x20 && byte !== 0x09 && byte !== CR && byte !== NEWLINE;

/**
 * Items are the non-blank lines: a line holding only spaces, tabs or a CR is skipped, a CR
 * before the newline is not part of the item, and a last line needs no newline.
 */
export function lineScanner(): ItemScanner {
  let lineStart = 0;
  let line = 1;
  /** Whether the current line has a byte other than space, tab or CR. */
  let content = false;
  /** Offset just past the last byte seen, and whether that byte was a CR. */
  let offset = 0;
  let lastWasCR = false;

  return {
    push(chunk, at, found) {
      let i = 0;
      while (i < chunk.length) {
        const newline = chunk.indexOf(NEWLINE, i);
        const stop = newline === -1 ? chunk.length : newline;
        // Most lines have content in their first byte, so this loop rarely runs long.
        for (let j = i; j < stop && !content; j++) content = isContent(chunk[j] ?? 0);
        if (newline === -1) break;
        const crBefore = newline > 0 ? chunk[newline - 1] === CR : lastWasCR;
        if (content && found(lineStart, at + newline - (crBefore ? 1 : 0), line) === true)
          return true;
        lineStart = at + newline + 1;
        line += 1;
        content = false;
        i = newline + 1;
      }
      offset = at + chunk.length;
      lastWasCR = chunk.length > 0 ? chunk[chunk.length - 1] === CR : lastWasCR;
      return false;
    },
    finish(found) {
      return content && found(lineStart, offset - (lastWasCR ? 1 : 0), line) === true;
    },
    pendingStart: () => lineStart,
  };
}
