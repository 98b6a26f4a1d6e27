import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { gridBlocks, parseGridSize } from '../../src/dims/grid-blocks.ts';
import type { Dimension, Params } from '../../src/spec/dimension.ts';

async function all(dim: Dimension): Promise<Params[]> {
  const out: Params[] = [];
  for (let i = 0; i < (await dim.length()); i++) out.push(await dim.record(i));
  return out;
}

const block = (br: number, bc: number, sr: number, er: number, sc: number, ec: number): Params => ({
  BLOCK_ROW: String(br),
  BLOCK_COL: String(bc),
  START_ROW: String(sr),
  END_ROW: String(er),
  START_COL: String(sc),
  END_COL: String(ec),
});

describe('gridBlocks', () => {
  test('the seed matrix, 32x32 in 16x16 blocks, in the documented row-major order', async () => {
    // The seed's work list 2 lists these blocks column-major (rows vary first). Our contract
    // is row-major: the block row varies slowest, so index 1 is the top-right block.
    const dim = gridBlocks('32x32', '16x16');
    expect(dim.label).toBe('--grid');
    expect(dim.names).toEqual([
      'BLOCK_ROW',
      'BLOCK_COL',
      'START_ROW',
      'END_ROW',
      'START_COL',
      'END_COL',
    ]);
    expect(await all(dim)).toEqual([
      block(0, 0, 0, 15, 0, 15),
      block(0, 1, 0, 15, 16, 31),
      block(1, 0, 16, 31, 0, 15),
      block(1, 1, 16, 31, 16, 31),
    ]);
    expect(await dim.digest()).toBe('grid:32x32:16x16');
  });

  test.each([
    ['edge blocks are clipped', '5x7', '2x3', 9, 8, block(2, 2, 4, 4, 6, 6)],
    [
      'a block larger than the matrix is the whole matrix',
      '3x4',
      '10x10',
      1,
      0,
      block(0, 0, 0, 2, 0, 3),
    ],
    ['1x1 blocks are cells', '2x3', '1x1', 6, 4, block(1, 1, 1, 1, 1, 1)],
    ['one row of blocks', '1x10', '1x4', 3, 2, block(0, 2, 0, 0, 8, 9)],
  ])('%s', async (_name, grid, size, count, index, expected) => {
    const dim = gridBlocks(grid, size);
    expect(await dim.length()).toBe(count);
    expect(await dim.record(index)).toEqual(expected);
  });

  test.each([
    ['32', '16x16', '--grid'],
    ['32x', '16x16', '--grid'],
    ['0x32', '16x16', '--grid'],
    ['-4x4', '1x1', '--grid'],
    ['32x32', '16x0', '--block'],
    ['32x32', '1.5x2', '--block'],
    ['32x32', '16*16', '--block'],
    ['32x32', '', '--block'],
    ['99999999999999999x2', '1x1', '--grid'],
  ])('--grid %j --block %j is a usage error on %s', (grid, size, flag) => {
    expect(() => gridBlocks(grid, size)).toThrow(
      expect.objectContaining({ name: 'IxjobError', kind: 'usage', where: flag }),
    );
  });

  test('usage messages show the expected form and what was given', () => {
    expect(() => parseGridSize('16*16', '--block')).toThrowErrorMatchingInlineSnapshot(
      `[IxjobError: --block must be ROWSxCOLS with positive integers, like 32x32; got "16*16"]`,
    );
  });

  test('too many blocks to index is a usage error', () => {
    expect(() => gridBlocks('9007199254740991x9007199254740991', '1x1')).toThrow(
      expect.objectContaining({ kind: 'usage', where: '--grid' }),
    );
  });

  test('an index past the end, negative or fractional is outside the blocks', async () => {
    const dim = gridBlocks('32x32', '16x16');
    for (const index of [4, -1, 1.5]) {
      await expect(dim.record(index)).rejects.toMatchObject({ kind: 'data', where: '--grid' });
    }
    await expect(dim.record(4)).rejects.toThrow('index 4 is outside the 4 items of --grid');
  });

  test('the digest is normalised and tells different cuts apart', async () => {
    expect(await gridBlocks('032x32', '16x016').digest()).toBe('grid:32x32:16x16');
    expect(await gridBlocks('32x32', '16x8').digest()).not.toBe(
      await gridBlocks('32x32', '8x16').digest(),
    );
  });
});

describe('gridBlocks properties', () => {
  const sizes = fc.record({
    rows: fc.integer({ min: 1, max: 24 }),
    cols: fc.integer({ min: 1, max: 24 }),
    blockRows: fc.integer({ min: 1, max: 30 }),
    blockCols: fc.integer({ min: 1, max: 30 }),
  });
  const build = (s: { rows: number; cols: number; blockRows: number; blockCols: number }) =>
    gridBlocks(`${s.rows}x${s.cols}`, `${s.blockRows}x${s.blockCols}`);
  const n = (record: Params, name: string) => Number(record[name]);

  test('the blocks tile the matrix: every cell in exactly one block', async () => {
    await fc.assert(
      fc.asyncProperty(sizes, async (s) => {
        const cover = Array.from({ length: s.rows * s.cols }, () => 0);
        for (const r of await all(build(s))) {
          for (let row = n(r, 'START_ROW'); row <= n(r, 'END_ROW'); row++) {
            for (let col = n(r, 'START_COL'); col <= n(r, 'END_COL'); col++) {
              cover[row * s.cols + col] = (cover[row * s.cols + col] ?? 0) + 1;
            }
          }
        }
        expect(cover.every((c) => c === 1)).toBe(true);
      }),
    );
  });

  test('row-major: block row varies slowest, block column fastest, cells follow the blocks', async () => {
    await fc.assert(
      fc.asyncProperty(sizes, async (s) => {
        const perRow = Math.ceil(s.cols / s.blockCols);
        const records = await all(build(s));
        expect(records).toHaveLength(Math.ceil(s.rows / s.blockRows) * perRow);
        records.forEach((r, i) => {
          expect(n(r, 'BLOCK_ROW')).toBe(Math.floor(i / perRow));
          expect(n(r, 'BLOCK_COL')).toBe(i % perRow);
          expect(n(r, 'START_ROW')).toBe(n(r, 'BLOCK_ROW') * s.blockRows);
          expect(n(r, 'START_COL')).toBe(n(r, 'BLOCK_COL') * s.blockCols);
        });
      }),
    );
  });

  test('clipping: only the last block row and column are short, and never empty', async () => {
    await fc.assert(
      fc.asyncProperty(sizes, async (s) => {
        const lastRow = Math.ceil(s.rows / s.blockRows) - 1;
        const lastCol = Math.ceil(s.cols / s.blockCols) - 1;
        for (const r of await all(build(s))) {
          const height = n(r, 'END_ROW') - n(r, 'START_ROW') + 1;
          const width = n(r, 'END_COL') - n(r, 'START_COL') + 1;
          expect(n(r, 'END_ROW')).toBeLessThan(s.rows);
          expect(n(r, 'END_COL')).toBeLessThan(s.cols);
          expect(height).toBeGreaterThanOrEqual(1);
          expect(width).toBeGreaterThanOrEqual(1);
          if (n(r, 'BLOCK_ROW') < lastRow) expect(height).toBe(s.blockRows);
          else expect(height).toBe(s.rows - lastRow * s.blockRows);
          if (n(r, 'BLOCK_COL') < lastCol) expect(width).toBe(s.blockCols);
          else expect(width).toBe(s.cols - lastCol * s.blockCols);
        }
      }),
    );
  });

  test('every record sets exactly the six names', async () => {
    await fc.assert(
      fc.asyncProperty(sizes, async (s) => {
        const dim = build(s);
        for (const r of await all(dim)) expect(Object.keys(r)).toEqual(dim.names);
      }),
    );
  });
});
