import { IxjobError } from '../failure/ixjob-error.ts';
import type { Dimension, Params } from '../spec/dimension.ts';
import { outsideItems } from '../spec/outside.ts';

/** A `ROWSxCOLS` size: a matrix (`--grid`) or one block of it (`--block`). */
export interface GridSize {
  readonly rows: number;
  readonly cols: number;
}

const NAMES = ['BLOCK_ROW', 'BLOCK_COL', 'START_ROW', 'END_ROW', 'START_COL', 'END_COL'] as const;

/** Parses `32x32`; `flag` names the flag in the usage error. */
export function parseGridSize(text: string, flag: string): GridSize {
  const match = /^(\d+)x(\d+)$/.exec(text.trim());
  const rows = Number(match?.[1]);
  const cols = Number(match?.[2]);
  const positive = (n: number) => Number.isSafeInteger(n) && n >= 1;
  if (match === null || !positive(rows) || !positive(cols)) {
    throw new IxjobError(
      'usage',
      `${flag} must be ROWSxCOLS with positive integers, like 32x32; got ${JSON.stringify(text)}`,
      flag,
    );
  }
  return { rows, cols };
}

/**
 * The blocks of a ROWS×COLS matrix cut into R×C blocks (work list 2 of the seed), one per
 * index, **row-major**: the block row varies slowest, so index i is block
 * (⌊i / blocksPerRow⌋, i mod blocksPerRow). Each record sets `BLOCK_ROW`, `BLOCK_COL` (block
 * coordinates) and `START_ROW`, `END_ROW`, `START_COL`, `END_COL` (cells), all zero-based with
 * inclusive ends; blocks on the bottom and right edges are clipped to the matrix.
 */
export function gridBlocks(grid: string, block: string): Dimension {
  const matrix = parseGridSize(grid, '--grid');
  const cut = parseGridSize(block, '--block');
  const blockRows = Math.ceil(matrix.rows / cut.rows);
  const blockCols = Math.ceil(matrix.cols / cut.cols);
  const count = blockRows * blockCols;
  // Past 2^53 the index arithmetic below would silently round.
  if (!Number.isSafeInteger(count)) {
    throw new IxjobError(
      'usage',
      `--grid ${grid} with --block ${block} makes ${count} blocks, too many to index`,
      '--grid',
    );
  }
  const label = '--grid';

  return {
    label,
    names: NAMES,
    length: async () => count,
    async record(index: number): Promise<Params> {
      if (!Number.isSafeInteger(index) || index < 0 || index >= count) {
        throw outsideItems(index, count, label);
      }
      const row = Math.floor(index / blockCols);
      const col = index % blockCols;
      const startRow = row * cut.rows;
      const startCol = col * cut.cols;
      return {
        BLOCK_ROW: String(row),
        BLOCK_COL: String(col),
        START_ROW: String(startRow),
        END_ROW: String(Math.min(startRow + cut.rows, matrix.rows) - 1),
        START_COL: String(startCol),
        END_COL: String(Math.min(startCol + cut.cols, matrix.cols) - 1),
      };
    },
    // Normalised sizes, so `032x32` and `32x32` are the same work.
    digest: async () => `grid:${matrix.rows}x${matrix.cols}:${cut.rows}x${cut.cols}`,
  };
}
