import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { harnessOrSkip } from '../support/cluster.ts';
import { commandsOrSkip, EXAMPLES_DIR } from '../support/examples.ts';
import { hostCluster, hostManifest } from '../support/host-pods.ts';
import { harnessStatuses } from '../support/k8s-outcome.ts';
import { scratchDirs } from '../support/scratch-dirs.ts';

/**
 * examples/render-farm on the control plane: manifest.sh's Job, each pod rendering its chunk's
 * frames (FRAME_LIST) with Blender onto the volume. The scene is built in a scratch folder:
 * the local test clears the example's out/ meanwhile.
 */

const RENDER = join(EXAMPLES_DIR, 'render-farm');
/** PNG's signature first and its IEND chunk last: a whole picture. */
const whole = (png: Buffer) =>
  png.subarray(0, 8).toString('hex') === '89504e470d0a1a0a' &&
  png.subarray(-12).toString('hex') === '0000000049454e44ae426082';

describe.runIf(
  harnessOrSkip('examples/render-farm on the Kubernetes harness') &&
    commandsOrSkip('render-farm', ['blender']),
)('examples/render-farm in real pods', () => {
  const cluster = hostCluster();
  const scratch = scratchDirs('k8s-render-farm');

  test('four pods render their six frames each onto the volume, every one a whole PNG', async () => {
    const scene = join(scratch(), 'scene.blend');
    // An absolute script: Blender reads a relative one against $PWD, not its working directory.
    const script = join(RENDER, 'make-scene.py');
    const made = spawnSync(
      'blender',
      ['-b', '--factory-startup', '--python-exit-code', '1', '--python', script, '--', scene],
      { encoding: 'utf8' },
    );
    expect(made.status, `${made.stdout}${made.stderr}`).toBe(0);
    const volume = scratch();
    const manifest = hostManifest(
      'render-farm',
      [
        ...['--parallelism', '2', '--frames', '1-24', '--chunk', '6'],
        ...['--checkpoint-volume', JSON.stringify({ hostPath: { path: volume } })],
        ...['--', 'sh', join(RENDER, 'render-chunk.sh'), scene],
      ],
      RENDER,
    );
    cluster().kubectlOk(['apply', '-f', '-'], manifest);
    const status = (await harnessStatuses(cluster(), ['render-farm'], 150_000)).get('render-farm');
    const logs = () => cluster().kubectlOk(['logs', '-l', 'job-name=render-farm']);
    expect(status?.completedIndexes, logs()).toBe('0-3');
    const frames = join(volume, 'render-farm', 'frames');
    const files = readdirSync(frames).sort();
    expect(files).toEqual(
      Array.from({ length: 24 }, (_, i) => `frame_${String(i + 1).padStart(4, '0')}.png`),
    );
    expect(files.filter((file) => !whole(readFileSync(join(frames, file))))).toEqual([]);
  }, 180_000);
});
