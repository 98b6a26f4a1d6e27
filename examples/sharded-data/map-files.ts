// The map over many files: this index's shard of the CSV files (`--files GLOB --shards N`,
// balanced by size), summed into one partial result. Each finished file is marked done in the
// index's checkpoint together with the running totals, in one fsynced record, so a retried
// attempt skips the files already counted and never counts one twice. The partial result is
// the index's checkpoint output `partial.jsonl` (one JSON line), written aside and renamed.
// CRASH_ONCE_INDEX=k makes index k fail once, halfway through its files, to show the resume.
import { checkpoints, job, main, readRangeBatches } from '@ixjob/sdk';
import * as z from 'zod';
import { addSale, saleFromFields, type Totals } from './totals.ts';

const Shard = z.object({
  SHARD_FILES: z.string().transform((files) => files.split('\n').filter((file) => file !== '')),
});
interface Progress {
  records: number;
  totals: Totals;
}

/** One whole CSV file, parsed by the SDK's RFC 4180 reader (one range of one: the file). */
async function sumFile(file: string, into: Progress): Promise<number> {
  let records = 0;
  for await (const batch of readRangeBatches(file, { index: 0, count: 1, format: 'csv' })) {
    for (const fields of batch) {
      const sale = saleFromFields(fields);
      if (sale === undefined) continue;
      addSale(into.totals, sale);
      records++;
    }
  }
  into.records += records;
  return records;
}

await main(async ({ signal }) => {
  const { index, params } = await job(Shard);
  const files = params.SHARD_FILES;
  const progress = await checkpoints<Progress>({ index });
  const resumed = files.filter((file) => progress.isDone(file)).length;
  if (resumed > 0)
    console.log(`index ${index}: resuming, ${resumed} of ${files.length} files already done`);
  // The running sums, saved with each done file: a retry starts from what its files added.
  const sums: Progress = structuredClone(progress.state ?? { records: 0, totals: {} });
  let summed = 0;
  for (const file of files) {
    if (progress.isDone(file)) continue;
    signal.throwIfAborted();
    const records = await sumFile(file, sums);
    await progress.markDone(file, sums);
    console.log(`index ${index}: ${file}: ${records} records`);
    summed++;
    // Only in an attempt that found nothing done, so the retry gets through (attempt numbers are
    // unknown on a cluster without --backoff-limit-per-index).
    if (
      process.env.CRASH_ONCE_INDEX === String(index) &&
      resumed === 0 &&
      summed === Math.ceil(files.length / 2)
    ) {
      throw new Error(
        `index ${index}: failing once on purpose after ${summed} of ${files.length} files (CRASH_ONCE_INDEX)`,
      );
    }
  }
  const partial = {
    index,
    files,
    records: sums.records,
    summed,
    skipped: resumed,
    totals: sums.totals,
  };
  await progress.output('partial.jsonl', `${JSON.stringify(partial)}\n`);
  console.log(
    `index ${index}: ${sums.records} records from ${files.length} files (${resumed} resumed)`,
  );
});
