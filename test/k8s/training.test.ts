import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { sameResult, trainedResult } from '../examples/training-result.ts';
import { harnessOrSkip } from '../support/cluster.ts';
import { commandsOrSkip, EXAMPLES_DIR } from '../support/examples.ts';
import { hostCluster, hostManifest } from '../support/host-pods.ts';
import { harnessStatuses } from '../support/k8s-outcome.ts';

/**
 * examples/training on the control plane: its Job as `ixjob manifest --jax` writes it, the pods
 * running train.py from the example's venv on this host (image "host"), finding index 0 by name
 * through the headless Service, and index 0 ending where one process alone does.
 */

const TRAINING = join(EXAMPLES_DIR, 'training');
const PYTHON = join(TRAINING, '.venv', 'bin', 'python');
const PODS = 3;
/** Not torchrun's 29500, which another job on this machine may hold: the pods share its ports. */
const PORT = '29731';

/** manifest.sh's Job, with this host's shim, venv and train.py for the image's. */
const manifest = () =>
  hostManifest(
    'training',
    [
      ...['--completions', String(PODS), '--jax', '--env', `IXJOB_PEER_PORT=${PORT}`],
      ...['--', PYTHON, join(TRAINING, 'train.py')],
    ],
    TRAINING,
  );

describe.runIf(
  harnessOrSkip('examples/training on the Kubernetes harness') &&
    commandsOrSkip('training', [PYTHON], 'sh scripts/python-deps.sh'),
)('examples/training in real pods', () => {
  const cluster = hostCluster();
  let reference: number[];

  beforeAll(() => {
    const alone = spawnSync(PYTHON, ['train.py'], { cwd: TRAINING, encoding: 'utf8' });
    if (alone.status !== 0) throw new Error(`train.py alone: ${alone.stderr}`);
    reference = trainedResult(alone.stdout);
  });

  test(`${PODS} pods meet at training-0.training, all-reduce, and index 0 ends where one process does`, async () => {
    cluster().kubectlOk(['apply', '-f', '-'], manifest());
    const status = (await harnessStatuses(cluster(), ['training'], 150_000)).get('training');
    const logs = Array.from({ length: PODS }, (_, index) =>
      cluster().kubectlOk([
        'logs',
        '-l',
        `batch.kubernetes.io/job-completion-index=${index},job-name=training`,
      ]),
    );
    expect(status?.completedIndexes, logs.join('\n---\n')).toBe(`0-${PODS - 1}`);
    logs.forEach((log, index) => {
      expect(log).toMatch(
        new RegExp(
          `^process ${index} of ${PODS}: samples \\d+-\\d+ of 48 \\(coordinator training-0\\.training:${PORT}\\)$`,
          'm',
        ),
      );
    });
    const distributed = trainedResult(logs[0] ?? '');
    expect(sameResult(distributed, reference), `${distributed} vs ${reference}`).toBe(true);
  }, 180_000);
});
