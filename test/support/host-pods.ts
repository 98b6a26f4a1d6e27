import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { BUNDLE } from './build-once.ts';
import { type Cluster, startCluster } from './cluster.ts';
import { IXJOB } from './ixjob-process.ts';

/** Where ixjob manifest mounts podinfo, the work and the checkpoints: the agent makes no mount point on the host. */
const MOUNT_POINTS = ['/etc/podinfo', '/etc/ixjob-work', '/ixjob-checkpoints'];
const bundle = process.env.IXJOB_TEST_BUNDLE ?? BUNDLE;

/**
 * Makes the mount points a pod of image "host" needs on this machine (once, in the global
 * setup: test files run at once); returns what undoes it, only what it made.
 */
export function hostMountPoints(): () => void {
  const made = MOUNT_POINTS.filter((path) => !existsSync(path));
  for (const path of made) mkdirSync(path);
  return () => {
    for (const path of made) rmdirSync(path);
  };
}

/**
 * An example's Job as `ixjob manifest NAME FLAGS...` writes it, for pods of image "host": the
 * shim is this checkout's bundle, and no service account token is mounted on the host. With
 * `workingDir`, the container starts there, as in its image's WORKDIR.
 */
export function hostManifest(
  name: string,
  flags: readonly string[],
  cwd: string,
  workingDir?: string,
): string {
  const printed = spawnSync(
    IXJOB,
    [
      ...['manifest', name, '--image', 'host', '--shim-path', join(bundle, 'bin', 'ixjob')],
      ...['--overrides', '{"spec":{"template":{"spec":{"automountServiceAccountToken":false}}}}'],
      ...['-o', 'json', ...flags],
    ],
    { cwd, encoding: 'utf8' },
  );
  if (printed.status !== 0) throw new Error(`ixjob manifest ${name}: ${printed.stderr}`);
  if (workingDir === undefined) return printed.stdout;
  const list = JSON.parse(printed.stdout);
  const job = list.items.find((item: { kind: string }) => item.kind === 'Job');
  job.spec.template.spec.containers[0].workingDir = workingDir;
  return JSON.stringify(list);
}

/**
 * The same job under `ixjob run`, in a state of its own (the example's run.sh may be running
 * beside it); returns the folder its workers' checkpoints are in.
 */
export function localRun(
  name: string,
  flags: readonly string[],
  cwd: string,
  state: string,
): string {
  const ran = spawnSync(IXJOB, ['run', '--name', name, '--state', state, '-q', ...flags], {
    cwd,
    encoding: 'utf8',
  });
  if (ran.status !== 0) throw new Error(`ixjob run ${name}: ${ran.stderr}`);
  return join(state, 'checkpoints');
}

/**
 * A harness whose pods run on this host (image "host"), for the enclosing describe block:
 * started before its tests, stopped after them.
 */
export function hostCluster(): () => Cluster {
  let cluster: Cluster | undefined;
  beforeAll(async () => {
    cluster = await startCluster({ images: { '*': 'host' } });
  }, 300_000);
  afterAll(async () => {
    await cluster?.stop();
  });
  return () => {
    if (cluster === undefined) throw new Error('the harness did not start');
    return cluster;
  };
}
