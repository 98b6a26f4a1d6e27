import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type Candidate, compare, report } from './support/compare.ts';
import { generated, gibibyteList, listLine, listLines, OUT, quotedCsv } from './support/data.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const ixjob = `${root}node_modules/.bin/ixjob`;
const binary = `${root}dist/ixjob/bin/ixjob`;
const node = `${root}node_modules/.bin/node`;
const env = { PATH: '/usr/bin:/bin' };
const mb = (path: string) => `${(statSync(path).size / 1e6).toFixed(0)} MB`;

/** Runs once outside the timings, so a benchmark never times a wrong answer. */
function check(command: string[], expected: string): void {
  const [program = '', ...args] = command;
  const out = execFileSync(program, args, { env, encoding: 'utf8', cwd: root });
  if (!out.includes(expected))
    throw new Error(`${command.join(' ')} printed ${out.slice(0, 200)}, not ${expected}`);
}

function run(candidates: Candidate[], options?: { rounds?: number; runs?: number }) {
  const [subject, anchor] = compare(candidates, { env, ...options });
  if (!subject || !anchor) throw new Error('hyperfine gave no timings');
  return [subject, anchor] as const;
}

/** Peak resident memory of a command, in KiB, from GNU time. */
function peakRssKiB(command: string[]): number {
  const samples = Array.from({ length: 3 }, () => {
    const { stderr } = spawnSync('/usr/bin/time', ['-f', '%M', ...command], {
      env,
      encoding: 'utf8',
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    return Number(stderr.trim().split('\n').at(-1));
  });
  return samples.toSorted((a, b) => a - b)[1] ?? 0;
}

/** Issue 3: resolving index i of huge lists reads only what it must, holds nothing, and an index sidecar makes it O(1). */
export function hugeListBenchmarks(): string[] {
  const lines: string[] = [];
  const list = generated('list-1m.txt', () => listLines(1_000_000));
  const indexed = `${OUT}list-1m-indexed.txt`;
  if (!existsSync(`${indexed}.ixidx`)) {
    copyFileSync(list, indexed);
    execFileSync(ixjob, ['index', indexed], { env });
  }
  const last = listLine(999_999);
  const resolveLast = (file: string, program = ixjob) => [
    program,
    'resolve',
    '--index',
    '999999',
    '--per-completion-env',
    `LINE=@${file}`,
    '-o',
    'env',
  ];
  check(resolveLast(list), `LINE=${last}`);
  check(['sed', '-n', '1000000p', list], last);
  check(resolveLast(indexed), `LINE=${last}`);
  check(resolveLast(list, binary), `LINE=${last}`);
  check(resolveLast(indexed, binary), `LINE=${last}`);

  const [scan, sed] = run([
    { label: 'ixjob resolve (no sidecar)', command: resolveLast(list).join(' ') },
    { label: "sed -n '1000000p'", command: `sed -n 1000000p ${list}` },
  ]);
  lines.push(report(`last line of a 1,000,000-line list (${mb(list)})`, scan, sed, '≤ 1.0'));

  const [sidecar, bare] = run([
    { label: 'ixjob resolve (sidecar)', command: resolveLast(indexed).join(' ') },
    { label: 'node -e 0', command: `${node} -e 0` },
  ]);
  lines.push(report('the same line through the sidecar', sidecar, bare, '≤ 1.1'));

  // Issue 5: the same two through the portable binary, each in its own run.
  const [binaryScan, binarySed] = run([
    {
      label: 'dist/ixjob/bin/ixjob resolve (no sidecar)',
      command: resolveLast(list, binary).join(' '),
    },
    { label: "sed -n '1000000p'", command: `sed -n 1000000p ${list}` },
  ]);
  lines.push(report('the same line, portable binary', binaryScan, binarySed, '≤ 1.0'));

  const [binarySidecar, binaryBare] = run([
    {
      label: 'dist/ixjob/bin/ixjob resolve (sidecar)',
      command: resolveLast(indexed, binary).join(' '),
    },
    { label: 'node -e 0', command: `${node} -e 0` },
  ]);
  lines.push(
    report(
      'the same line through the sidecar, portable binary',
      binarySidecar,
      binaryBare,
      '≤ 1.1',
    ),
  );

  const csv = generated('quoted-1m.csv', () => quotedCsv(1_000_000));
  const resolveCsv = [ixjob, 'resolve', '--index', '999999', '--csv', csv, '-o', 'env'];
  check(resolveCsv, 'id=999999');
  check([node, `${root}bench/support/csv-parse-pass.mjs`, csv], '"999999"');
  const [record, parse] = run(
    [
      { label: 'ixjob resolve (no sidecar)', command: resolveCsv.join(' ') },
      {
        label: 'csv-parse, one full pass',
        command: `${node} ${root}bench/support/csv-parse-pass.mjs ${csv}`,
      },
    ],
    { rounds: 3, runs: 5 },
  );
  const speedup = parse.medianMs / record.medianMs;
  lines.push(
    `${report(`last record of a 1,000,000-row quoted CSV (${mb(csv)})`, record, parse, '≤ 0.2')} = ${speedup.toFixed(1)}× faster (goal ≥ 5×)`,
  );

  const huge = generated('list-1gib.txt', gibibyteList);
  const resolveHuge = [
    ixjob,
    'resolve',
    '--index',
    String(countLines(huge) - 1),
    '--per-completion-env',
    `LINE=@${huge}`,
    '-o',
    'env',
  ];
  check(resolveHuge, 'LINE=the-very-last-line');
  const shimRss = peakRssKiB(resolveHuge);
  const nodeRss = peakRssKiB([node, '-e', '0']);
  lines.push(
    `peak RSS resolving the last line of a ${mb(huge)} list: ${(shimRss / 1024).toFixed(1)} MiB vs node -e 0 ${(nodeRss / 1024).toFixed(1)} MiB → +${((shimRss - nodeRss) / 1024).toFixed(1)} MiB (goal ≤ +32 MiB)`,
  );
  return lines;
}

function countLines(file: string): number {
  return Number(execFileSync('wc', ['-l', file], { encoding: 'utf8' }).trim().split(' ')[0]);
}
