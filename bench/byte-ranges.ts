// Issue 13: N = 8 workers each reading their byte range of a 1 GiB line file, as plain
// JavaScript workers on the built SDK (npm run bench builds it first), each timed against split.
import { spawnSync } from 'node:child_process';
import { statSync, writeFileSync } from 'node:fs';
import { compare, report } from './support/compare.ts';
import { generated, gibibyteList, OUT } from './support/data.ts';
import { NODE, ROOT } from './support/paths.ts';

const WORKERS = 8;
const env = { PATH: '/usr/bin:/bin' };
type Mode = 'none' | 'batches' | 'records' | 'print';

interface WorkerReport {
  records: number;
  /** Bytes this process read through read(2) and friends, from /proc/self/io. */
  rchar: number;
  maxRssKiB: number;
}

/**
 * The worker: `node byte-range-worker.mjs FILE INDEX MODE`. `print` writes its chunk as
 * `split -n l/K/N` does, through one reused buffer; it reports on stderr.
 */
const WORKER = `import { closeSync, openSync, readFileSync, readSync, writeSync } from 'node:fs';
import { readRange, readRangeBatches, recordRange } from '${ROOT}packages/sdk/dist/worker/byte-range.js';
const [file, index, mode] = process.argv.slice(2);
const options = { index: Number(index), count: ${WORKERS} };
let records = 0;
if (mode === 'batches') for await (const batch of readRangeBatches(file, options)) records += batch.length;
if (mode === 'records') for await (const _ of readRange(file, options)) records++;
if (mode === 'print') {
  const { start, end } = await recordRange(file, options);
  const buffer = Buffer.allocUnsafe(1 << 20);
  const fd = openSync(file, 'r');
  for (let at = start; at < end; ) {
    const got = readSync(fd, buffer, 0, Math.min(buffer.length, end - at), at);
    if (got === 0) break;
    for (let done = 0; done < got; ) done += writeSync(1, buffer, done, got - done);
    at += got;
  }
  closeSync(fd);
}
const rchar = Number(/rchar: (\\d+)/.exec(readFileSync('/proc/self/io', 'utf8'))[1]);
process.stderr.write(JSON.stringify({ records, rchar, maxRssKiB: process.resourceUsage().maxRSS }) + '\\n');
`;
const SELF = `${OUT}byte-range-worker.mjs`;

const workerCommand = (file: string, index: number, mode: Mode) =>
  `${NODE} ${SELF} ${file} ${index} ${mode}`;

function runWorker(file: string, index: number, mode: Mode): WorkerReport {
  const { stderr, status } = spawnSync(NODE, [SELF, file, String(index), mode], {
    env,
    encoding: 'utf8',
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  if (status !== 0) throw new Error(`byte-range worker ${index} failed: ${stderr}`);
  return JSON.parse(stderr.trim().split('\n').at(-1) ?? '{}') as WorkerReport;
}

/** Bytes read by 8 real workers against the file's size; each worker's time against split. */
export function byteRangeBenchmarks(): string[] {
  writeFileSync(SELF, WORKER);
  const gibibyte = gibibyteList();
  const file = generated('list-1gib.txt', gibibyte.blocks);
  const size = statSync(file).size;
  const lines: string[] = [];

  // A worker that reads nothing: what Node and the modules cost in rchar, taken off each worker.
  const startup = runWorker(file, 0, 'none').rchar;
  let read = 0;
  let records = 0;
  let peakKiB = 0;
  for (let index = 0; index < WORKERS; index++) {
    const worker = runWorker(file, index, 'batches');
    read += worker.rchar - startup;
    records += worker.records;
    peakKiB = Math.max(peakKiB, worker.maxRssKiB);
  }
  if (records !== gibibyte.lines) {
    throw new Error(`the ${WORKERS} ranges held ${records} lines, not ${gibibyte.lines}`);
  }
  lines.push(
    `N=${WORKERS} workers reading a ${(size / 2 ** 30).toFixed(2)} GiB line file by byte range: ${read} bytes read (/proc/self/io rchar, less ${startup} of startup each) = ${(read / size).toFixed(4)}× the file (goal ≤ 1.01); all ${records} lines once; peak RSS of a worker ${(peakKiB / 1024).toFixed(1)} MiB`,
  );

  const [bare] = compare([{ label: 'node -e 0', command: `${NODE} -e 0` }], {
    env,
    rounds: 1,
    runs: 10,
  });
  const ratios: number[] = [];
  const netRatios: number[] = [];
  for (let index = 0; index < WORKERS; index++) {
    const [batches, perRecord, print, split] = compare(
      [
        { label: 'readRangeBatches', command: workerCommand(file, index, 'batches') },
        { label: 'readRange', command: workerCommand(file, index, 'records') },
        { label: 'recordRange + print', command: workerCommand(file, index, 'print') },
        {
          label: `split -n l/${index + 1}/${WORKERS}`,
          command: `split -n l/${index + 1}/${WORKERS} ${file}`,
        },
      ],
      { env, rounds: 1, runs: 5 },
    );
    ratios.push(print.medianMs / split.medianMs);
    netRatios.push((print.medianMs - (bare?.medianMs ?? 0)) / split.medianMs);
    lines.push(
      report(`worker ${index}: its range's lines`, batches, split, '≤ 1.0'),
      report(`worker ${index}: one record at a time`, perRecord, split, '≤ 1.0'),
      report(`worker ${index}: printing its chunk`, print, split, '≤ 1.0'),
    );
  }
  lines.push(
    `byte ranges: printing a chunk is at worst ${Math.max(...ratios).toFixed(2)}× split, ${Math.max(...netRatios).toFixed(2)}× without Node's own start (node -e 0: ${bare?.medianMs.toFixed(1)} ms)`,
  );
  return lines;
}
