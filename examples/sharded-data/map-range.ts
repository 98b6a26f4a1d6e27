// The map over one big file: this index's byte range of a JSON Lines file (index i of
// count ranges, a record belonging to the range its first byte is in), read through the SDK's
// record iterator, which reads the range plus the end of its last record and nothing else.
// What it read is measured by the kernel (/proc/self/io `rchar`: bytes returned by read
// calls, page cache or not), so the reduce can check the map read the file about once.
// Usage: node map-range.ts FILE  (under `ixjob run --completions N`).
import { readFileSync, statSync } from 'node:fs';
import { byteRange, checkpoints, job, main, readRangeBatches } from '@ixjob/sdk';
import { addSale, Sale, type Totals } from './totals.ts';

/** Bytes this process has read so far, through any read call, as the kernel counts them. */
function bytesRead(): number {
  const rchar = /^rchar: (\d+)$/m.exec(readFileSync('/proc/self/io', 'utf8'));
  if (rchar === null) throw new Error('/proc/self/io has no rchar line');
  return Number(rchar[1]);
}

await main(async ({ signal }) => {
  const file = process.argv[2];
  if (file === undefined) throw new Error('usage: node map-range.ts FILE');
  const { index, count } = await job();
  if (count === null) throw new Error('no count: run under ixjob run --completions N');
  const progress = await checkpoints({ index });
  if (progress.isDone(file)) {
    console.log(`index ${index}: ${file} range already done`);
    return;
  }
  const totals: Totals = {};
  let records = 0;
  const before = bytesRead();
  for await (const batch of readRangeBatches(file, { index, count, format: 'jsonl' })) {
    signal.throwIfAborted();
    for (const value of batch) addSale(totals, Sale.parse(value));
    records += batch.length;
  }
  // Measured before anything else reads: the reads of the range and nothing more.
  const read = bytesRead() - before;
  const range = byteRange(statSync(file).size, index, count);
  const partial = { index, count, file, range, records, bytesRead: read, totals };
  await progress.output('partial.jsonl', `${JSON.stringify(partial)}\n`);
  await progress.markDone(file);
  console.log(
    `index ${index}: bytes ${range.start}-${range.end}: ${records} records, ${read} bytes read`,
  );
});
