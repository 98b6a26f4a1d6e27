import { compare, report } from './support/compare.ts';
import { BINARY, IXJOB, NODE } from './support/paths.ts';

/**
 * Issue 2: the shim's start-up on the hot path, against bare Node on the same binary; and
 * issue 5: the portable binary's, against the same anchor in the same run.
 */
export function startupBenchmark(): string[] {
  const [shim, bare, portable] = compare(
    [
      { label: 'ixjob -- /bin/true', command: `${IXJOB} -- /bin/true` },
      { label: 'node -e 0', command: `${NODE} -e 0` },
      { label: 'dist/ixjob/bin/ixjob -- /bin/true', command: `${BINARY} -- /bin/true` },
    ],
    { env: { PATH: '/usr/bin:/bin', JOB_COMPLETION_INDEX: '0' } },
  );
  return [
    report('shim start-up', shim, bare, '≤ 1.15'),
    report('portable binary start-up', portable, bare, '≤ 1.15'),
  ];
}
