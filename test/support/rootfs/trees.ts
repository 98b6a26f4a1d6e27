import { copyIn, emptyTree, linkIn, mergedUsrLike } from './layout.ts';
import type { Probes } from './probes.ts';
import { sharedLibraries } from './shared-libraries.ts';

/** One kind of image the shim must run in; `build` makes a fresh tree and returns its root. */
export interface TreeKind {
  name: string;
  build: (probes: Probes) => string;
}

const BUSYBOX_APPLETS = ['sh', 'sleep', 'true', 'env', 'cat', 'echo'];
const GLIBC_PROGRAMS = ['/bin/sh', '/bin/env', '/bin/sleep', '/bin/true', '/bin/cat'];
const MUSL_LOADER = '/lib/ld-musl-x86_64.so.1';

/** Debian's busybox-static with its applets linked: a shell and tools, and no libc. */
function addBusybox(tree: string): void {
  copyIn(tree, '/bin/busybox');
  for (const applet of BUSYBOX_APPLETS) linkIn(tree, `/bin/${applet}`, 'busybox');
}

function busybox(probes: Probes): string {
  const tree = emptyTree('busybox');
  addBusybox(tree);
  copyIn(tree, probes.muslStatic, '/probe');
  return tree;
}

/** A minimal Debian: dash and coreutils with the glibc they load, at the host's paths. */
function glibc(probes: Probes): string {
  const tree = emptyTree('glibc');
  mergedUsrLike(tree);
  for (const program of GLIBC_PROGRAMS) copyIn(tree, program);
  copyIn(tree, probes.glibcDynamic, '/probe');
  const programs = [...GLIBC_PROGRAMS, probes.glibcDynamic];
  for (const library of new Set(programs.flatMap(sharedLibraries))) copyIn(tree, library);
  return tree;
}

/** Alpine-like: musl's loader (a link to its libc.so), busybox, and a musl-dynamic probe. */
function musl(probes: Probes): string {
  const tree = emptyTree('musl');
  copyIn(tree, MUSL_LOADER);
  addBusybox(tree);
  copyIn(tree, probes.muslDynamic, '/probe');
  return tree;
}

/** FROM scratch: one static program and nothing else. */
function scratch(probes: Probes): string {
  const tree = emptyTree('scratch');
  copyIn(tree, probes.muslStatic, '/probe');
  return tree;
}

export const TREES: TreeKind[] = [
  { name: 'busybox', build: busybox },
  { name: 'glibc', build: glibc },
  { name: 'musl', build: musl },
  { name: 'scratch', build: scratch },
];
