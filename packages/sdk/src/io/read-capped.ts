import { IxjobError } from '../failure/ixjob-error.ts';
import { openForReading } from './open-file.ts';

// Not `import … from 'node:fs'`: building a builtin's ESM facade costs a worker ~3 ms at start-up.
const { closeSync, fstatSync, readSync } = process.getBuiltinModule('node:fs');

/** The most of one file a reader takes whole, and how a message names it. */
export interface ReadCap {
  bytes: number;
  /** What the file is, in messages: `a spec file`. */
  what: string;
  /** Why this cap, or the way out, after the cap in the message. */
  hint: string;
}

/** `64 KiB`, `4 MiB`: how the caps are written in messages and the README. */
export function formatBytes(bytes: number): string {
  if (bytes % (1 << 20) === 0) return `${bytes / (1 << 20)} MiB`;
  if (bytes % (1 << 10) === 0) return `${bytes / (1 << 10)} KiB`;
  return `${bytes} bytes`;
}

const overCap = (file: string, cap: ReadCap) =>
  new IxjobError(
    'data',
    `${cap.what} is over ${formatBytes(cap.bytes)}, the most ixjob reads: ${cap.hint}`,
    file,
  );

/**
 * Reads a whole regular file of at most `cap.bytes`, else one line (65). Never reads more
 * than cap + 1 bytes, so memory stays bounded even when the file grows while it is read or
 * its size is not what stat says (a /proc file reports 0). `file` names it in messages.
 */
export function readCapped(path: string, cap: ReadCap, file = path): Uint8Array {
  const fd = openForReading(path, undefined, file);
  try {
    const size = fstatSync(fd).size;
    if (size > cap.bytes) throw overCap(file, cap);
    // Room for the size stat gave plus one byte, to see a file longer than it said.
    let buffer = new Uint8Array(Math.min(cap.bytes, size) + 1);
    let filled = 0;
    for (;;) {
      if (filled === buffer.length) {
        if (filled > cap.bytes) throw overCap(file, cap);
        const grown = new Uint8Array(Math.min(cap.bytes + 1, Math.max(4096, buffer.length * 2)));
        grown.set(buffer);
        buffer = grown;
      }
      const got = readSync(fd, buffer, filled, buffer.length - filled, null);
      if (got === 0) return buffer.subarray(0, filled);
      filled += got;
    }
  } finally {
    closeSync(fd);
  }
}
