import { readFileSync, statSync } from 'node:fs';
import { IxjobError } from '../failure/ixjob-error.ts';

export type PathKind = 'file' | 'dir' | 'missing';

/** The file reads the index and parameter logic needs, handed in so tests can use a fake. */
export interface Files {
  kind(path: string): PathKind;
  read(path: string): Uint8Array;
}

const noInput = (path: string, error: unknown): IxjobError =>
  new IxjobError(
    'noinput',
    `cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
    path,
    { cause: error },
  );

/** The real file system, synchronous because start-up is the hot path. */
export const nodeFiles: Files = {
  kind(path) {
    try {
      const stat = statSync(path, { throwIfNoEntry: false });
      if (stat === undefined) return 'missing';
      return stat.isDirectory() ? 'dir' : 'file';
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOTDIR') return 'missing';
      throw noInput(path, error);
    }
  },
  read(path) {
    try {
      return readFileSync(path);
    } catch (error) {
      throw noInput(path, error);
    }
  },
};
