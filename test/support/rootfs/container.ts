import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { firstChild, startUntil } from '../ixjob-process.ts';
import { CHROOT, MOUNT, SH, UNSHARE } from './host-tools.ts';

/** What a container runtime puts together: the image's tree, the shim's bundle, the downward API. */
export interface Container {
  tree: string;
  bundle: string;
  podinfo: string;
}

export interface Ran {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** An image's environment is its own: PATH and what the test adds, nothing from the host. */
const cleanEnv = (env: Record<string, string>) => ({ PATH: '/bin:/usr/bin', ...env });

/** Runs on the host inside the new namespaces, then becomes the chroot, then `argv` as PID 1. */
const ENTER = [
  'mount=$1 chroot=$2 tree=$3 bundle=$4 podinfo=$5',
  'shift 5',
  '"$mount" --bind /dev "$tree/dev"',
  '"$mount" --bind "$bundle" "$tree/ixjob"',
  '"$mount" -o remount,bind,ro "$tree/ixjob"',
  '"$mount" --bind "$podinfo" "$tree/etc/podinfo"',
  // The host shell exports its own PWD; a runtime gives the image none.
  'unset PWD',
  'exec "$chroot" "$tree" "$@"',
].join(' && ');

/** New PID and mount namespaces with proc at the tree's /proc; the mounts vanish with them. */
export const namespaceArgs = (tree: string): string[] => [
  '--pid',
  '--fork',
  // A test that kills unshare takes the whole namespace with it.
  '--kill-child',
  '--mount',
  `--mount-proc=${join(tree, 'proc')}`,
];

const containerArgs = (container: Container, argv: string[]): string[] => [
  ...namespaceArgs(container.tree),
  SH,
  '-c',
  ENTER,
  'enter',
  MOUNT,
  CHROOT,
  container.tree,
  container.bundle,
  container.podinfo,
  ...argv,
];

/** Runs `argv` (paths inside the tree) as PID 1 of the container, to the end. */
export function runContained(
  container: Container,
  argv: string[],
  env: Record<string, string> = {},
): Ran {
  const result = spawnSync(UNSHARE, containerArgs(container, argv), {
    env: cleanEnv(env),
    timeout: 20_000,
  });
  return {
    code: result.status,
    stdout: result.stdout.toString(),
    stderr: result.stderr.toString(),
  };
}

/** Starts `argv` as PID 1 of the container; resolves once stdout matches, with PID 1's host PID. */
export async function startContained(
  container: Container,
  argv: string[],
  env: Record<string, string>,
  marker: RegExp,
) {
  const started = await startUntil(UNSHARE, containerArgs(container, argv), cleanEnv(env), marker);
  return { ...started, pid1: await firstChild(started.child.pid ?? 0) };
}
