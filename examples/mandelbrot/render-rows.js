// One index of the job: render its band of rows of the Mandelbrot set as text. The band comes
// from the work spec (--grid ROWSxCOLS --block RxC), typed through the SDK's params().
import { writeFileSync } from 'node:fs';
import { params } from '@ixjob/sdk';
import * as z from 'zod';

const cell = z.coerce.number().int().nonnegative();
const { BLOCK_ROW, START_ROW, END_ROW, START_COL, END_COL } = await params(
  z.object({ BLOCK_ROW: cell, START_ROW: cell, END_ROW: cell, START_COL: cell, END_COL: cell }),
);
const [rows, cols] = [Number(process.env.ROWS ?? 24), Number(process.env.COLS ?? 72)];
const shades = ' .:-=+*#%@';

const lines = [];
for (let row = START_ROW; row <= END_ROW; row++) {
  let line = '';
  for (let col = START_COL; col <= END_COL; col++) {
    const [x0, y0] = [-2.2 + (3.0 * col) / cols, -1.2 + (2.4 * row) / rows];
    let [x, y, n] = [0, 0, 0];
    for (; n < 90 && x * x + y * y < 4; n++) [x, y] = [x * x - y * y + x0, 2 * x * y + y0];
    line += shades[n === 90 ? shades.length - 1 : n % (shades.length - 1)];
  }
  lines.push(line);
}
writeFileSync(`out/band-${String(BLOCK_ROW).padStart(3, '0')}.txt`, `${lines.join('\n')}\n`);
console.log(`rows ${START_ROW}-${END_ROW} rendered`);
