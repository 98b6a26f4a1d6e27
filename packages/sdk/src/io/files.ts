import { IxjobError } from '../failure/ixjob-error.ts';
import { type ReadCap, readCapped } from './read-capped.ts';

// Not `import … from 'node:fs'`: building a builtin's ESM facade costs a worker ~3 ms at start-up.
const { statSync } = process.getBuiltinModule('node:fs');

/** `file` is anything but a directory (a FIFO too: reading it is what refuses it, with the reason). */
export type PathKind = 'file' | 'dir' | 'missing';

/** The file reads the index and parameter logic needs, handed in so tests can use a fake. */
export interface Files {
  kind(path: string): PathKind;
  /** The whole file; a file over `cap.bytes` (65) or not a regular file (66) is an error. */
  read(path: string, cap: ReadCap): Uint8Array;
}

/** The real file system, synchronous because start-up is the hot path. */
export const nodeFiles: Files = {
  kind(path) {
    try {
      const stat = statSync(path, { throwIfNoEntry: false });
      if (stat === undefined) return 'missing';
      return stat.isDirectory() ? 'dir' : 'file';
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOTDIR') return 'missing';
      throw new IxjobError(
        'noinput',
        `cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
        path,
        { cause: error },
      );
    }
  },
  read: (path, cap) => readCapped(path, cap),
};
