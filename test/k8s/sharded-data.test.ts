import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { harnessOrSkip } from '../support/cluster.ts';
import { EXAMPLES_DIR } from '../support/examples.ts';
import { hostCluster, hostManifest, localRun } from '../support/host-pods.ts';
import { harnessStatuses } from '../support/k8s-outcome.ts';
import { scratchDirs } from '../support/scratch-dirs.ts';

/**
 * examples/sharded-data's map over files on the control plane: manifest.sh's Job, the pods
 * matching the relative `--files` glob in their working directory (the image's WORKDIR; the
 * example's folder here, image "host") and leaving their partial results on the volume, each
 * the same as `ixjob run`'s for its index.
 */

const SHARDED = join(EXAMPLES_DIR, 'sharded-data');
/** The project's own Node: the host's may be too old to run TypeScript as it is. */
const NODE = join(EXAMPLES_DIR, '..', 'node_modules', 'node', 'bin', 'node');
const INDEXES = [0, 1, 2, 3];

/** An index's partial result: its record count and totals (not how long it took). */
const partial = (dir: string, index: number) => {
  const { records, totals } = JSON.parse(
    readFileSync(join(dir, String(index), 'outputs', 'partial.jsonl'), 'utf8'),
  );
  return { records, totals };
};

describe.runIf(harnessOrSkip('examples/sharded-data on the Kubernetes harness'))(
  'examples/sharded-data in real pods',
  () => {
    const cluster = hostCluster();
    const scratch = scratchDirs('k8s-sharded');
    const volume = scratch();

    test('four pods match out/data/shard_*.csv in their working directory, as ixjob run does', async () => {
      // The data is deterministic, and written aside and renamed: run.sh may write it beside us.
      execFileSync(NODE, ['gen-data.ts', 'out/data'], { cwd: SHARDED, stdio: 'ignore' });
      const work = [
        ...['--parallelism', '2'],
        ...['--files', 'out/data/shard_*.csv', '--shards', '4', '--strategy', 'balanced'],
        ...['--', NODE, 'map-files.ts'],
      ];
      const here = localRun('sales-files', work, SHARDED, scratch());
      const volumeFlag = JSON.stringify({ hostPath: { path: volume } });
      // The image's WORKDIR, which the "host" image has not: the example's folder.
      const manifest = hostManifest(
        'sales-files',
        ['--checkpoint-volume', volumeFlag, ...work],
        SHARDED,
        SHARDED,
      );
      cluster().kubectlOk(['apply', '-f', '-'], manifest);
      const status = (await harnessStatuses(cluster(), ['sales-files'], 120_000)).get(
        'sales-files',
      );
      const logs = () => cluster().kubectlOk(['logs', '-l', 'job-name=sales-files']);
      expect(status?.completedIndexes, logs()).toBe('0-3');
      const pods = join(volume, 'sales-files');
      expect(INDEXES.map((index) => partial(pods, index))).toEqual(
        INDEXES.map((index) => partial(here, index)),
      );
    }, 180_000);
  },
);
