import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { namespaceArgs } from './container.ts';
import { CHROOT, MOUNT, SH, UNSHARE } from './host-tools.ts';
import { emptyTree } from './layout.ts';

/** Whether this machine lets the tests do what a runtime does: namespaces, bind mounts, chroot. */
export function canContain(): boolean {
  const tree = emptyTree('check');
  try {
    const check = `"$1" --bind /dev "$3/dev" && "$1" -o remount,bind,ro "$3/dev" && exec "$2" / true`;
    const args = [...namespaceArgs(tree), SH, '-c', check, 'check', MOUNT, CHROOT, tree];
    return spawnSync(UNSHARE, args, { timeout: 10_000 }).status === 0;
  } finally {
    rmSync(tree, { recursive: true, force: true });
  }
}
