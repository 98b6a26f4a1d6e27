import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { BUNDLE } from './build-once.ts';
import { copyIn, emptyTree, linkIn } from './rootfs/layout.ts';

const APPLETS = ['sh', 'echo', 'cat', 'ls', 'readlink', 'sleep', 'true', 'false', 'env', 'test'];

/** A busybox image for the harness: Debian's busybox-static and its applets, no libc. */
export function busyboxImage(name = 'busybox'): string {
  const tree = emptyTree(`k8s-${name}`);
  copyIn(tree, '/bin/busybox');
  for (const applet of APPLETS) linkIn(tree, `/bin/${applet}`, 'busybox');
  return tree;
}

/** An installer image: busybox plus the portable bundle at /opt/ixjob, as Dockerfile.shim makes. */
export function installerImage(bundle: string): string {
  if (!existsSync(join(bundle, 'bin', 'ixjob'))) {
    throw new Error(`no portable bundle at ${bundle}: build it with npm run build:binary`);
  }
  const tree = busyboxImage('installer');
  mkdirSync(join(tree, 'opt'), { recursive: true });
  execFileSync('cp', ['-a', bundle, join(tree, 'opt', 'ixjob')], { stdio: 'inherit' });
  return tree;
}

/** The shim image as Dockerfile.shim makes it: the portable bundle at /ixjob, a busybox beside it. */
export function shimImage(bundle = process.env.IXJOB_TEST_BUNDLE ?? BUNDLE): string {
  const tree = busyboxImage('shim');
  cpSync(bundle, join(tree, 'ixjob'), { recursive: true, verbatimSymlinks: true });
  return tree;
}
