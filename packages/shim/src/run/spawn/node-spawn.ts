import { type ChildProcess, spawn } from 'node:child_process';
import type { Exit, Launched, LaunchRequest } from './launched.ts';

/** Starts a command with Node's spawn: pipes for `--tag`, and wherever node:ffi is missing. */
export function nodeSpawn({ file, argv, env, output }: LaunchRequest): Launched {
  const child: ChildProcess = spawn(file, argv.slice(1), {
    argv0: argv[0] ?? file,
    env,
    stdio: output === undefined ? ['ignore', 'pipe', 'pipe'] : ['ignore', output, output],
    detached: true,
  });
  const exited = new Promise<Exit>((resolve) => {
    let error: NodeJS.ErrnoException | undefined;
    child.on('error', (cause) => {
      error = cause;
    });
    // Node reports a start that failed as code -errno: no code at all, as posix_spawn says.
    child.on('close', (code, signal) =>
      resolve(error ? { code: null, signal: null, error } : { code, signal }),
    );
  });
  return {
    pid: child.pid,
    stdout: child.stdout,
    stderr: child.stderr,
    running: () => child.pid !== undefined && child.exitCode === null && child.signalCode === null,
    exited,
  };
}
