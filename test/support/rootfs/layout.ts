import {
  chmodSync,
  copyFileSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readlinkSync,
  symlinkSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

/** Where a container runtime mounts things (proc, devices, the shim, the downward API). */
const MOUNT_POINTS = ['proc', 'dev', 'ixjob', 'etc/podinfo', 'tmp'];

/** A new temporary root filesystem holding only the empty mount points. */
export function emptyTree(name: string): string {
  const tree = mkdtempSync(join(tmpdir(), `ixjob-rootfs-${name}-`));
  for (const dir of MOUNT_POINTS) mkdirSync(join(tree, dir), { recursive: true });
  chmodSync(join(tree, 'tmp'), 0o1777);
  return tree;
}

/** Whether anything, a dangling link included, has this name. */
const exists = (path: string): boolean => lstatSync(path, { throwIfNoEntry: false }) !== undefined;

/**
 * Copies a host file into the tree at `at` (default: the same path), mode included. A symlink
 * copied to its own path stays a symlink, and its target comes along, as a package lays them out.
 */
export function copyIn(tree: string, path: string, at = path): void {
  const to = join(tree, at);
  if (exists(to)) return;
  mkdirSync(dirname(to), { recursive: true });
  if (at === path && lstatSync(path).isSymbolicLink()) {
    const target = readlinkSync(path);
    symlinkSync(target, to);
    copyIn(tree, resolve(dirname(path), target));
    return;
  }
  copyFileSync(path, to);
}

/** A symlink at `at` in the tree pointing to `target`, read inside the tree. */
export function linkIn(tree: string, at: string, target: string): void {
  mkdirSync(dirname(join(tree, at)), { recursive: true });
  symlinkSync(target, join(tree, at));
}

/** Mirrors the host's merged /usr (/bin -> usr/bin, ...), so host paths copied in land as on the host. */
export function mergedUsrLike(tree: string): void {
  for (const dir of ['bin', 'sbin', 'lib', 'lib64']) {
    const host = join('/', dir);
    if (!exists(host) || !lstatSync(host).isSymbolicLink()) continue;
    const target = readlinkSync(host);
    mkdirSync(resolve(tree, target), { recursive: true });
    linkIn(tree, host, target);
  }
}
