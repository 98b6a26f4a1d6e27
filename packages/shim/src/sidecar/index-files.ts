import { extname } from 'node:path';
import { type IndexedFormat, IxjobError, scannerFor, writeSidecar } from '@ixjob/sdk/internal';
import type { ShimIo } from '../cli/main.ts';

/** The grammar a file's name suggests: `.csv`, `.tsv`, `.json`; anything else is lines. */
function formatFromName(file: string): IndexedFormat {
  const extension = extname(file.replace(/\.gz$/i, '')).toLowerCase();
  if (extension === '.csv') return 'csv';
  if (extension === '.tsv') return 'tsv';
  if (extension === '.json') return 'json';
  return 'lines';
}

/** What the summary calls each format's items. */
const ITEMS: Record<IndexedFormat, string> = {
  lines: 'lines',
  csv: 'records',
  tsv: 'records',
  json: 'elements',
};

/** `ixjob index FILE...`: writes `FILE.ixidx` beside each file, so any item is found in O(1). */
export async function indexFiles(
  files: readonly string[],
  format: IndexedFormat | undefined,
  io: Pick<ShimIo, 'stdout'>,
): Promise<number> {
  if (files.length === 0)
    throw new IxjobError(
      'usage',
      'no file given: ixjob index [--format lines|csv|tsv|json] FILE...',
    );
  for (const file of files) {
    const chosen = format ?? formatFromName(file);
    const { count, path } = writeSidecar(file, chosen, scannerFor(chosen, file));
    // A table's first item is its header, not a record: `ixjob resolve` counts the same way.
    const table = chosen === 'csv' || chosen === 'tsv';
    const items = table && count > 0 ? count - 1 : count;
    const noun = items === 1 ? ITEMS[chosen].slice(0, -1) : ITEMS[chosen];
    io.stdout(`${path}: ${items} ${noun}${table && count > 0 ? ' after the header' : ''}\n`);
  }
  return 0;
}
