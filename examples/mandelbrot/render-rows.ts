// One index of the job: render its band of rows of the Mandelbrot set as text. The band comes
// from the work spec (--grid ROWSxCOLS --block RxC), typed through the SDK's job(). The band is
// an output of the index's checkpoints: written aside and renamed, so a killed attempt never
// leaves half a band, in `ixjob run`'s state here and on the manifest's volume in a cluster.
import { checkpoints, job, main } from '@ixjob/sdk';
import * as z from 'zod';

const cell = z.coerce.number().int().nonnegative();
const Band = z.object({
  BLOCK_ROW: cell,
  START_ROW: cell,
  END_ROW: cell,
  START_COL: cell,
  END_COL: cell,
});
/** The whole picture, as run.sh's `--grid 24x72`: the band's place in it sets its coordinates. */
const [ROWS, COLS] = [24, 72];
const SHADES = ' .:-=+*#%@';
const DEPTH = 90;

/** One character per point: how long the point takes to escape, or the last shade if it never does. */
function shade(row: number, col: number): string {
  const [x0, y0] = [-2.2 + (3.0 * col) / COLS, -1.2 + (2.4 * row) / ROWS];
  let [x, y, n] = [0, 0, 0];
  for (; n < DEPTH && x * x + y * y < 4; n++) [x, y] = [x * x - y * y + x0, 2 * x * y + y0];
  return SHADES[n === DEPTH ? SHADES.length - 1 : n % (SHADES.length - 1)] ?? ' ';
}

await main(async () => {
  const { index, params: p } = await job(Band);
  const lines: string[] = [];
  for (let row = p.START_ROW; row <= p.END_ROW; row++) {
    let line = '';
    for (let col = p.START_COL; col <= p.END_COL; col++) line += shade(row, col);
    lines.push(line);
  }
  const progress = await checkpoints({ index });
  await progress.output(
    `band-${String(p.BLOCK_ROW).padStart(3, '0')}.txt`,
    `${lines.join('\n')}\n`,
  );
  console.log(`index ${index}: rows ${p.START_ROW}-${p.END_ROW} rendered`);
});
