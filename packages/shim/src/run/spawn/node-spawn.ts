import { type ChildProcess, spawn } from 'node:child_process';
import { bytesAt } from '../../exec/escaped-bytes.ts';
import type { Exit, Launched, LaunchRequest } from './launched.ts';

/** A start refused: Node's spawn would write bytes that are not UTF-8 as U+FFFD. */
function cannotPassBytes(file: string, what: string): Launched {
  const error = Object.assign(
    new Error(`${file}: ${what} holds bytes that are not UTF-8, which Node's spawn cannot pass`),
    { code: 'EILSEQ' },
  );
  return {
    pid: undefined,
    running: () => false,
    exited: Promise.resolve({ code: null, signal: null, error }),
  };
}

/**
 * Starts a command with Node's spawn: pipes for `--tag`, and wherever node:ffi is missing.
 * Node's spawn takes text only: a command line or environment holding other bytes is refused
 * (EILSEQ, exit 126), never passed changed.
 */
export function nodeSpawn({ file, argv, env, output }: LaunchRequest): Launched {
  const bytes = file.isWellFormed() ? bytesAt(argv, env) : 'the command path';
  if (bytes !== undefined) return cannotPassBytes(file, bytes);
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
