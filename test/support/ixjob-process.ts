import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { onTestFinished } from 'vitest';

/** The `ixjob` a user runs after `npm ci`: the launcher npm links into node_modules/.bin. */
export const IXJOB = fileURLToPath(new URL('../../node_modules/.bin/ixjob', import.meta.url));
export const FIXTURES = fileURLToPath(new URL('../fixtures/bin', import.meta.url));
/** A small, explicit environment: what the tests pass is all the command can see. */
export const BASE_ENV = { PATH: `${FIXTURES}:/usr/local/bin:/usr/bin:/bin` };

export interface Finished {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: Buffer;
  stderr: string;
}

export function ixjobSync(
  args: string[],
  env: Record<string, string> = {},
  input?: string,
  cwd?: string,
): Finished {
  const result = spawnSync(IXJOB, args, { env: { ...BASE_ENV, ...env }, input: input ?? '', cwd });
  return {
    code: result.status,
    signal: result.signal,
    stdout: result.stdout,
    stderr: result.stderr.toString(),
  };
}

/** The NUL-separated fields the `show` fixture prints. */
export const fields = (stdout: Buffer): string[] =>
  stdout.toString('utf8').split('\0').slice(0, -1);

/** Starts a process and resolves once its stdout holds `marker`. */
export function startUntil(
  command: string,
  args: string[],
  env: Record<string, string>,
  marker: RegExp,
): Promise<{ child: ChildProcess; match: RegExpExecArray; finished: Promise<Finished> }> {
  const child = spawn(command, args, {
    env: { ...BASE_ENV, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // A test that fails before its process ends must not leave it running.
  onTestFinished(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });
  const out: Buffer[] = [];
  let err = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    err += chunk.toString();
  });
  const finished = new Promise<Finished>((resolve) => {
    child.on('close', (code, signal) =>
      resolve({ code, signal, stdout: Buffer.concat(out), stderr: err }),
    );
  });
  return new Promise((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      out.push(chunk);
      const match = marker.exec(Buffer.concat(out).toString());
      if (match) resolve({ child, match, finished });
    });
    finished.then((f) =>
      reject(new Error(`exited ${f.code ?? f.signal} before ${marker}: ${err}`)),
    );
  });
}

/** The host PID of the first child of `pid` (e.g. PID 1 of the namespace `unshare --fork` made). */
export async function firstChild(pid: number): Promise<number> {
  for (let tries = 0; tries < 200; tries++) {
    const children = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim();
    if (children !== '') return Number(children.split(' ')[0]);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`process ${pid} has no child`);
}

/** Bits of a /proc status signal mask, as signal numbers. */
export function maskSignals(line: string): number[] {
  const mask = BigInt(`0x${line.split(':')[1]?.trim() ?? '0'}`);
  return Array.from({ length: 64 }, (_, i) => i + 1).filter((n) => (mask >> BigInt(n - 1)) & 1n);
}

export const readProc = (path: string): string => readFileSync(path, 'utf8');
