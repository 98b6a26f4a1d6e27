import { compare } from './support/compare.ts';
import { generated, OUT } from './support/data.ts';
import { IXJOB } from './support/paths.ts';

/** Issue 4: a local job of 1,000 indexes of /bin/true at parallelism 2, beside GNU parallel and xargs. */
export function runThroughputBenchmark(): string[] {
  const inputs = generated('seq-1000.txt', () => [
    `${Array.from({ length: 1000 }, (_, i) => i).join('\n')}\n`,
  ]);
  const [run, parallel, xargs] = compare(
    [
      {
        label: 'ixjob run',
        command: `${IXJOB} run -q --force --state ${OUT}run-state --completions 1000 --parallelism 2 -- /bin/true`,
      },
      { label: 'GNU parallel -j2', command: `parallel -j2 -a ${inputs} /bin/true` },
      { label: 'xargs -P2', command: `xargs -P2 -n1 -a ${inputs} /bin/true` },
    ],
    // A fresh state directory for every run, removed outside the timing.
    {
      rounds: 3,
      runs: 3,
      env: { PATH: '/usr/bin:/bin', HOME: OUT },
      prepare: `rm -rf ${OUT}run-state`,
    },
  );
  const rate = (ms: number) => `${(1000 / (ms / 1000)).toFixed(0)} indexes/s`;
  return [
    `local job of 1,000 × /bin/true at parallelism 2: ixjob run ${run.medianMs.toFixed(0)} ms (${rate(run.medianMs)}) vs GNU parallel -j2 ${parallel.medianMs.toFixed(0)} ms (${rate(parallel.medianMs)}) → ${(parallel.medianMs / run.medianMs).toFixed(2)}× its throughput (goal ≥ 2×); xargs -P2 ${xargs.medianMs.toFixed(0)} ms (${rate(xargs.medianMs)})`,
  ];
}
