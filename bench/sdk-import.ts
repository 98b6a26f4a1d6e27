import { compare, report } from './support/compare.ts';
import { NODE } from './support/paths.ts';

/** Issue 13: a worker's `import('@ixjob/sdk')` and `job()`, against bare Node in the same run. */
export function sdkImportBenchmark(): string[] {
  const worker = `${NODE} --input-type=module -e "const sdk = await import('@ixjob/sdk'); await sdk.job()"`;
  const [imported, bare] = compare(
    [
      { label: "import('@ixjob/sdk') + job()", command: worker },
      { label: 'node -e 0', command: `${NODE} -e 0` },
    ],
    { env: { PATH: '/usr/bin:/bin', JOB_COMPLETION_INDEX: '3', IXJOB_COUNT: '8' } },
  );
  return [report('the SDK in a worker', imported, bare, '≤ 1.1')];
}
