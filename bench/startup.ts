import { fileURLToPath } from 'node:url';
import { compare, report } from './support/compare.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const ixjob = `${root}node_modules/.bin/ixjob`;
const binary = `${root}dist/ixjob/bin/ixjob`;
const node = `${root}node_modules/.bin/node`;

/**
 * Issue 2: the shim's start-up on the hot path, against bare Node on the same binary; and
 * issue 5: the portable binary's, against the same anchor in the same run.
 */
export function startupBenchmark(): string[] {
  const [shim, bare, portable] = compare(
    [
      { label: 'ixjob -- /bin/true', command: `${ixjob} -- /bin/true` },
      { label: 'node -e 0', command: `${node} -e 0` },
      { label: 'dist/ixjob/bin/ixjob -- /bin/true', command: `${binary} -- /bin/true` },
    ],
    { env: { PATH: '/usr/bin:/bin', JOB_COMPLETION_INDEX: '0' } },
  );
  if (!shim || !bare || !portable) throw new Error('hyperfine gave no timings');
  return [
    report('shim start-up', shim, bare, '≤ 1.15'),
    report('portable binary start-up', portable, bare, '≤ 1.15'),
  ];
}
