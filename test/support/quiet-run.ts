import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, onTestFinished } from 'vitest';
import { BASE_ENV, IXJOB } from './ixjob-process.ts';

/** A journal record, as much of it as the state tests read. */
export interface JournalLine {
  v: number;
  event: string;
  index?: number;
  attempt?: number;
  end?: { exitCode: number };
}

/** `ixjob run -q ARGS` to its end. */
export function ixjobRun(args: string[], options: { cwd?: string } = {}) {
  const result = spawnSync(IXJOB, ['run', '-q', ...args], {
    env: BASE_ENV,
    encoding: 'utf8',
    cwd: options.cwd,
  });
  return { code: result.status, stderr: result.stderr, stdout: result.stdout };
}

/** `ixjob run -q ARGS` in the background, killed with -9 if the test leaves it running. */
export function startRun(args: string[]): ChildProcess & { pid: number } {
  const child = spawn(IXJOB, ['run', '-q', ...args], { env: BASE_ENV, stdio: 'ignore' });
  onTestFinished(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });
  return child as ChildProcess & { pid: number };
}

export const exited = (child: ChildProcess) =>
  new Promise<number | null>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve(child.exitCode);
    else child.on('exit', (code) => resolve(code));
  });

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Every line of a state's journal, each of which must be a whole record. */
export function journal(state: string): JournalLine[] {
  const text = readFileSync(join(state, 'journal.jsonl'), 'utf8');
  expect(text === '' || text.endsWith('\n')).toBe(true);
  return text
    .split('\n')
    .slice(0, -1)
    .map((line) => JSON.parse(line) as JournalLine);
}
