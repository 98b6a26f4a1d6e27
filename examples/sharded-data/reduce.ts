// The reduce: a second job that merges the map jobs' partial results. Each argument is a map
// job's checkpoint directory, holding one `<index>/outputs/partial.jsonl` per index; every
// index 0..N-1 must have one. The files and the byte ranges hold the same sales, so their
// totals must agree: the reduce fails if they do not, and writes the result (result.jsonl,
// result.txt) as its own checkpoint outputs, atomically.
// Usage: node reduce.ts FILES_CHECKPOINTS RANGE_CHECKPOINTS
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { checkpoints, main } from '@ixjob/sdk';
import { formatTotals, mergeTotals, sortedTotals, type Totals } from './totals.ts';

interface Partial {
  index: number;
  records: number;
  totals: Totals;
  file?: string;
  bytesRead?: number;
}

/** Every index's partial result under a map job's checkpoint directory, in index order. */
async function partials(dir: string): Promise<Partial[]> {
  const indexes = readdirSync(dir).filter((name) => /^(0|[1-9]\d*)$/.test(name));
  const out: Partial[] = [];
  for (let index = 0; index < indexes.length; index++) {
    const path = (await checkpoints({ dir, index })).outputPath('partial.jsonl');
    if (!existsSync(path)) throw new Error(`${path} is missing: did index ${index} finish?`);
    out.push(JSON.parse(readFileSync(path, 'utf8')) as Partial);
  }
  if (out.length === 0) throw new Error(`${dir} holds no partial results`);
  return out;
}

function merge(list: readonly Partial[]): { records: number; totals: Totals } {
  const totals: Totals = {};
  for (const partial of list) mergeTotals(totals, partial.totals);
  return { records: list.reduce((sum, p) => sum + p.records, 0), totals: sortedTotals(totals) };
}

await main(async () => {
  const [filesDir, rangeDir] = process.argv.slice(2);
  if (filesDir === undefined || rangeDir === undefined) {
    throw new Error('usage: node reduce.ts FILES_CHECKPOINTS RANGE_CHECKPOINTS');
  }
  const fromFiles = merge(await partials(filesDir));
  const ranges = await partials(rangeDir);
  const fromRanges = merge(ranges);
  if (JSON.stringify(fromFiles) !== JSON.stringify(fromRanges)) {
    throw new Error('the files and the byte ranges disagree: see the partial results');
  }
  const file = ranges[0]?.file;
  if (file === undefined) throw new Error(`${rangeDir} holds no byte range's partial result`);
  const size = statSync(file).size;
  const read = ranges.reduce((sum, p) => sum + (p.bytesRead ?? 0), 0);
  const lines = [
    formatTotals(fromFiles.totals),
    '',
    `${fromFiles.records} records; the CSV files and the byte ranges of ${file} agree`,
    `the ${ranges.length} byte ranges read ${read} bytes of ${size} (${(read / size).toFixed(4)}×)`,
  ];
  const result = await checkpoints();
  await result.output(
    'result.jsonl',
    `${JSON.stringify({ ...fromFiles, bytesRead: read, size })}\n`,
  );
  console.log(`result: ${await result.output('result.txt', `${lines.join('\n')}\n`)}`);
});
