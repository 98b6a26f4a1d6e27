import type { Launched, LaunchRequest } from './launched.ts';
import { nodeSpawn } from './node-spawn.ts';
import { posixSpawner } from './posix-spawn.ts';

export type Launch = (request: LaunchRequest) => Launched;

/**
 * posix_spawn through node:ffi where Node has it (26.1 and later) and the platform is Linux;
 * Node's spawn elsewhere, for pipes (`--tag`), or when IXJOB_SPAWN=node asks for it.
 */
export function chooseSpawner(env: Readonly<Record<string, string | undefined>>): Launch {
  if (env.IXJOB_SPAWN === 'node' || process.platform !== 'linux') return nodeSpawn;
  const ffi = process.getBuiltinModule('node:ffi') as typeof import('node:ffi') | undefined;
  if (ffi === undefined) return nodeSpawn;
  let posix: Launch;
  try {
    posix = posixSpawner(ffi);
  } catch {
    // A libc without posix_spawn's symbols, or FFI turned off: Node's spawn still works.
    return nodeSpawn;
  }
  return (request) => (request.output === undefined ? nodeSpawn(request) : posix(request));
}
