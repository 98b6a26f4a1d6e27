import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, statSync } from 'node:fs';
import { check } from './support/check.ts';
import { compare, report } from './support/compare.ts';
import { generated, gibibyteList, listLine, listLines, OUT, quotedCsv } from './support/data.ts';
import { BINARY, IXJOB, NODE, ROOT } from './support/paths.ts';

const env = { PATH: '/usr/bin:/bin' };
const mb = (path: string) => `${(statSync(path).size / 1e6).toFixed(0)} MB`;

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
    execFileSync(IXJOB, ['index', indexed], { env });
  }
  const last = listLine(999_999);
  const resolveLast = (file: string, program = IXJOB) => [
    program,
    'resolve',
    '--index',
    '999999',
    '--per-completion-env',
    `LINE=@${file}`,
    '-o',
    'env',
  ];
  check(resolveLast(list), env, `LINE=${last}`);
  check(['sed', '-n', '1000000p', list], env, last);
  check(resolveLast(indexed), env, `LINE=${last}`);
  check(resolveLast(list, BINARY), env, `LINE=${last}`);
  check(resolveLast(indexed, BINARY), env, `LINE=${last}`);

  // Issue 5: the portable binary beside the npm shim, so each anchor is timed once for both.
  const [scan, binaryScan, sed] = compare(
    [
      { label: 'ixjob resolve (no sidecar)', command: resolveLast(list).join(' ') },
      {
        label: 'dist/ixjob/bin/ixjob resolve (no sidecar)',
        command: resolveLast(list, BINARY).join(' '),
      },
      { label: "sed -n '1000000p'", command: `sed -n 1000000p ${list}` },
    ],
    { env },
  );
  const [sidecar, binarySidecar, bare] = compare(
    [
      { label: 'ixjob resolve (sidecar)', command: resolveLast(indexed).join(' ') },
      {
        label: 'dist/ixjob/bin/ixjob resolve (sidecar)',
        command: resolveLast(indexed, BINARY).join(' '),
      },
      { label: 'node -e 0', command: `${NODE} -e 0` },
    ],
    { env },
  );
  lines.push(
    report(`last line of a 1,000,000-line list (${mb(list)})`, scan, sed, '≤ 1.0'),
    report('the same line through the sidecar', sidecar, bare, '≤ 1.1'),
    report('the same line, portable binary', binaryScan, sed, '≤ 1.0'),
    report('the same line through the sidecar, portable binary', binarySidecar, bare, '≤ 1.1'),
  );

  const csv = generated('quoted-1m.csv', () => quotedCsv(1_000_000));
  const resolveCsv = [IXJOB, 'resolve', '--index', '999999', '--csv', csv, '-o', 'env'];
  const parseCsv = [NODE, `${ROOT}bench/support/csv-parse-pass.mjs`, csv];
  check(resolveCsv, env, 'id=999999');
  check(parseCsv, env, '"999999"');
  const [record, parse] = compare(
    [
      { label: 'ixjob resolve (no sidecar)', command: resolveCsv.join(' ') },
      { label: 'csv-parse, one full pass', command: parseCsv.join(' ') },
    ],
    { env, rounds: 3, runs: 5 },
  );
  const speedup = parse.medianMs / record.medianMs;
  lines.push(
    `${report(`last record of a 1,000,000-row quoted CSV (${mb(csv)})`, record, parse, '≤ 0.2')} = ${speedup.toFixed(1)}× faster (goal ≥ 5×)`,
  );

  const gibibyte = gibibyteList();
  const huge = generated('list-1gib.txt', gibibyte.blocks);
  const resolveHuge = [
    IXJOB,
    'resolve',
    '--index',
    String(gibibyte.lines - 1),
    '--per-completion-env',
    `LINE=@${huge}`,
    '-o',
    'env',
  ];
  check(resolveHuge, env, 'LINE=the-very-last-line');
  const shimRss = peakRssKiB(resolveHuge);
  const nodeRss = peakRssKiB([NODE, '-e', '0']);
  lines.push(
    `peak RSS resolving the last line of a ${mb(huge)} list: ${(shimRss / 1024).toFixed(1)} MiB vs node -e 0 ${(nodeRss / 1024).toFixed(1)} MiB → +${((shimRss - nodeRss) / 1024).toFixed(1)} MiB (goal ≤ +32 MiB)`,
  );
  return lines;
}
