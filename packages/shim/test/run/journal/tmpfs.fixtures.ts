import { spawnSync } from 'node:child_process';
import { onTestFinished } from 'vitest';

/**
 * Mounts a small tmpfs at `dir` (unmounted when the test ends); `false` where mounting is
 * not permitted (not root, no CAP_SYS_ADMIN), and the caller skips saying so.
 */
export function mountTmpfs(dir: string, options: string): boolean {
  const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', options, 'tmpfs', dir]);
  if (mounted.status !== 0) return false;
  onTestFinished(() => {
    spawnSync('umount', ['-l', dir]);
  });
  return true;
}

/** Fills the file system under `path` with a file there: a full disk. */
export function fill(path: string): void {
  spawnSync('sh', ['-c', `cat /dev/zero > '${path}' 2>/dev/null`]);
}
