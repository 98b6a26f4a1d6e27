import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { harnessOrSkip } from '../support/cluster.ts';
import { EXAMPLES_DIR } from '../support/examples.ts';
import { hostCluster, hostManifest, localRun } from '../support/host-pods.ts';
import { harnessStatuses } from '../support/k8s-outcome.ts';
import { scratchDirs } from '../support/scratch-dirs.ts';

/**
 * The main job on the control plane: manifest.sh's Job with the pods' checkpoints on a volume
 * (a hostPath here, a claim in job.yaml), render-rows.ts run by this checkout's Node on the
 * host (image "host"), through the SDK; the bands the pods leave there are run.sh's picture.
 */

const MANDELBROT = join(EXAMPLES_DIR, 'mandelbrot');
/** The project's own Node: the host's may be too old to run TypeScript as it is. */
const NODE = join(EXAMPLES_DIR, '..', 'node_modules', 'node', 'bin', 'node');

/** The bands under a checkpoints folder, joined in index order. */
const bands = (dir: string) =>
  readdirSync(dir)
    .sort((a, b) => Number(a) - Number(b))
    .flatMap((index) =>
      readdirSync(join(dir, index, 'outputs')).map((band) =>
        readFileSync(join(dir, index, 'outputs', band), 'utf8'),
      ),
    )
    .join('');

describe.runIf(harnessOrSkip('examples/mandelbrot on the Kubernetes harness'))(
  'examples/mandelbrot in real pods',
  () => {
    const cluster = hostCluster();
    const scratch = scratchDirs('k8s-mandelbrot');
    const volume = scratch();

    test('six pods each leave their band on the volume: the picture ixjob run makes of the same job', async () => {
      const work = [
        ...['--parallelism', '2', '--grid', '24x72', '--block', '4x72'],
        ...['--', NODE, join(MANDELBROT, 'render-rows.ts')],
      ];
      const here = localRun('mandelbrot', work, MANDELBROT, scratch());
      const volumeFlag = JSON.stringify({ hostPath: { path: volume } });
      const manifest = hostManifest(
        'mandelbrot',
        ['--checkpoint-volume', volumeFlag, ...work],
        MANDELBROT,
      );
      cluster().kubectlOk(['apply', '-f', '-'], manifest);
      const status = (await harnessStatuses(cluster(), ['mandelbrot'], 120_000)).get('mandelbrot');
      expect(
        status?.completedIndexes,
        cluster().kubectlOk(['logs', '-l', 'job-name=mandelbrot']),
      ).toBe('0-5');
      // IXJOB_CHECKPOINT_DIR is the Job's own folder of the volume: INDEX/outputs/band-*.txt.
      const picture = bands(join(volume, 'mandelbrot'));
      expect(picture.split('\n')).toHaveLength(25);
      expect(picture).toBe(bands(here));
    }, 180_000);
  },
);
