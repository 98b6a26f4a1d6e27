import { closeSync, fstatSync, openSync, readSync } from 'node:fs';

/** How much of a log's end is read for its last line: enough for any line worth printing. */
const TAIL_BYTES = 4096;
/** A last line longer than this is cut, so one console line stays one line. */
export const LAST_LINE_CHARS = 200;

/** `text` cut to `max` characters, with `…` when something was cut. */
export function cut(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/**
 * The last non-empty line among `text`'s lines, without `\r` progress redraws or control
 * characters, cut to `LAST_LINE_CHARS`; `undefined` when there is none.
 */
export function lastLineOf(text: string): string | undefined {
  const lines = text.split('\n');
  for (let i = lines.length - 1; i >= 0; i--) {
    // A `\r` redraw shows only what came after it.
    const shown = (lines[i] ?? '').split('\r').findLast((part) => part.trim() !== '') ?? '';
    // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it drops
    const line = shown.replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '').trim();
    if (line !== '') return cut(line, LAST_LINE_CHARS);
  }
  return undefined;
}

/** The last line of the file at `path`, reading only its last 4 KiB; `undefined` when it has none or cannot be read. */
export function lastLogLine(path: string): string | undefined {
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    const size = fstatSync(fd).size;
    const length = Math.min(size, TAIL_BYTES);
    const buffer = Buffer.alloc(length);
    const read = readSync(fd, buffer, 0, length, size - length);
    let text = buffer.toString('utf8', 0, read);
    // The first line may be the end of a longer one, possibly cut inside a character.
    const newline = text.indexOf('\n');
    if (size > length && newline >= 0) text = text.slice(newline + 1);
    return lastLineOf(text);
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
