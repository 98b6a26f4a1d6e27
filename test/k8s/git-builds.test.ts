import { execFileSync } from 'node:child_process';
import { cpSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { harnessOrSkip } from '../support/cluster.ts';
import { commandsOrSkip, EXAMPLES_DIR } from '../support/examples.ts';
import { hostCluster, hostManifest } from '../support/host-pods.ts';
import { harnessStatuses } from '../support/k8s-outcome.ts';
import { scratchDirs } from '../support/scratch-dirs.ts';

/**
 * examples/git-builds on the control plane: manifest.sh's Job over commits.csv, each pod
 * fetching its commit from the repository `--env REPO` names and publishing its program on the
 * volume. The example runs from a copy of its folder, which the local test may clear meanwhile.
 */

describe.runIf(
  harnessOrSkip('examples/git-builds on the Kubernetes harness') &&
    commandsOrSkip('git-builds', ['git', 'make', 'cc']),
)('examples/git-builds in real pods', () => {
  const cluster = hostCluster();
  const scratch = scratchDirs('k8s-git-builds');

  test('each pod builds its commit with make VERSION=$HASH; each program names its commit', async () => {
    const example = scratch();
    cpSync(join(EXAMPLES_DIR, 'git-builds'), example, {
      recursive: true,
      filter: (path) => !path.includes('/out'),
    });
    execFileSync('sh', [join(example, 'make-repo.sh')], { stdio: 'ignore' });
    const volume = scratch();
    const manifest = hostManifest(
      'git-builds',
      [
        ...['--parallelism', '2', '--backoff-limit-per-index', '1'],
        ...['--checkpoint-volume', JSON.stringify({ hostPath: { path: volume } })],
        ...['--env', `REPO=${join(example, 'out', 'repo')}`, '--csv', 'commits.csv'],
        ...['--', 'sh', join(example, 'build-commit.sh')],
      ],
      example,
    );
    cluster().kubectlOk(['apply', '-f', '-'], manifest);
    const status = (await harnessStatuses(cluster(), ['git-builds'], 120_000)).get('git-builds');
    const logs = () => cluster().kubectlOk(['logs', '-l', 'job-name=git-builds']);
    expect(status?.completedIndexes, logs()).toBe('0-2');
    const hashes = readFileSync(join(example, 'commits.csv'), 'utf8')
      .trim()
      .split('\n')
      .slice(1)
      .map((row) => row.split(',')[0] ?? '');
    // No ARTIFACTS: the programs go to the Job's folder of the volume, IXJOB_CHECKPOINT_DIR.
    const versions = hashes.map((hash) =>
      execFileSync(join(volume, 'git-builds', 'artifacts', hash, 'hello'), ['--version'], {
        encoding: 'utf8',
      }).trim(),
    );
    expect(versions).toEqual(hashes);
  }, 180_000);
});
