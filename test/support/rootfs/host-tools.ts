import { existsSync } from 'node:fs';
import { join } from 'node:path';

const HOST_PATH = ['/usr/local/sbin', '/usr/local/bin', '/usr/sbin', '/usr/bin', '/sbin', '/bin'];

/** A host program by absolute path: the container's clean PATH must not decide which one runs. */
const hostTool = (name: string): string =>
  HOST_PATH.map((dir) => join(dir, name)).find((path) => existsSync(path)) ?? name;

export const UNSHARE = hostTool('unshare');
export const SH = hostTool('sh');
export const MOUNT = hostTool('mount');
export const CHROOT = hostTool('chroot');
