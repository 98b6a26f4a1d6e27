import { constants } from 'node:os';
import { IxjobError, signalExitCode } from '@ixjob/sdk/internal';
import { execa } from 'execa';
import { bytesAt } from './escaped-bytes.ts';

/** The signals a supervisor passes on: what Kubernetes, a terminal or a user sends. */
export const FORWARDED_SIGNALS = [
  'SIGTERM',
  'SIGINT',
  'SIGHUP',
  'SIGQUIT',
  'SIGUSR1',
  'SIGUSR2',
  'SIGWINCH',
] as const;

/**
 * Runs the command as a child in its own process group, forwards every catchable signal to
 * that group, and resolves to the child's exit code, or 128+n when signal n killed it.
 * Forwarding makes it correct as PID 1, which only receives signals it has handlers for.
 */
export async function supervise(
  file: string,
  argv: readonly string[],
  env: Record<string, string>,
): Promise<number> {
  const bytes = file.isWellFormed() ? bytesAt(argv, env) : 'the command path';
  if (bytes !== undefined) {
    // Node's spawn writes such bytes as U+FFFD: refused rather than passed changed.
    throw new IxjobError(
      'data',
      "bytes that are not UTF-8 cannot be passed on unchanged by --supervise (Node's spawn takes text); exec, without --supervise, passes them",
      bytes,
    );
  }
  // Listen before spawning: a signal sent as soon as the child shows life must not be lost.
  const early: NodeJS.Signals[] = [];
  let send = (signal: NodeJS.Signals): void => {
    early.push(signal);
  };
  const forward = (signal: NodeJS.Signals): void => send(signal);
  for (const signal of FORWARDED_SIGNALS) process.on(signal, forward);
  try {
    const child = execa(file, argv.slice(1), {
      argv0: argv[0] ?? file,
      env,
      extendEnv: false,
      stdio: 'inherit',
      killDescendants: true,
      // Escalating to SIGKILL is the caller's call (the kubelet's grace period), not ours.
      forceKillAfterDelay: false,
      reject: false,
    });
    send = (signal) => {
      child.kill(signal);
    };
    for (const signal of early) send(signal);
    const result = await child;
    if (result.signal) return signalExitCode(constants.signals[result.signal]);
    if (result.exitCode !== undefined) return result.exitCode;
    // It never started: the checks before were overtaken by a change on disk.
    const code = (result.cause as NodeJS.ErrnoException | undefined)?.code;
    throw new IxjobError(
      code === 'ENOENT' ? 'not-found' : 'not-executable',
      `cannot execute ${file}: ${code}`,
      argv[0],
    );
  } finally {
    for (const signal of FORWARDED_SIGNALS) process.off(signal, forward);
  }
}
