import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, onTestFinished, test } from 'vitest';
import { scratchDirs } from '../../../../../test/support/scratch-dirs.ts';
import {
  currentProcess,
  parseStartTime,
  systemProcesses,
} from '../../../src/run/state/process-identity.ts';
import { lockState } from '../../../src/run/state/state-lock.ts';

const scratch = scratchDirs('state-lock');
const TAKE_LOCK = fileURLToPath(new URL('./fixtures/take-lock.ts', import.meta.url));

const lockOf = (pid: number, start: string | null, host = hostname()) =>
  `${JSON.stringify({ pid, start, host })}\n`;

/** A process that is running (killed when the test ends). */
function running(): ChildProcess & { pid: number } {
  const child = spawn('sleep', ['30'], { stdio: 'ignore' });
  onTestFinished(() => {
    child.kill('SIGKILL');
  });
  return child as ChildProcess & { pid: number };
}

/** The pid and start time of a process that has exited. */
async function deadProcess(): Promise<{ pid: number; start: string }> {
  const child = running();
  const start = systemProcesses.startTime(child.pid) as string;
  child.kill('SIGKILL');
  await new Promise((resolve) => child.on('exit', resolve));
  return { pid: child.pid, start };
}

describe('parseStartTime: field 22 of /proc/PID/stat', () => {
  test.each([
    ['1 (init) S 0 1 1 0 -1 4194560 1 2 3 4 5 6 7 8 20 0 1 0 42 1000 1', '42'],
    ['7 (a) b (c) R 0 1 1 0 -1 4194560 1 2 3 4 5 6 7 8 20 0 1 0 987654 1000 1', '987654'],
    ['7 (short) R 0', undefined],
  ])('%s', (stat, expected) => {
    expect(parseStartTime(stat)).toBe(expected);
  });

  test('this process has one, the same each time', () => {
    const self = currentProcess();
    expect(self.pid).toBe(process.pid);
    expect(self.start).toMatch(/^\d+$/);
    expect(currentProcess()).toEqual(self);
  });
});

describe('lockState: one runner per state', () => {
  test('the lock names its holder, and is gone once released', () => {
    const dir = scratch();
    const lock = lockState(dir);
    expect(readFileSync(join(dir, 'lock'), 'utf8')).toBe(
      lockOf(process.pid, currentProcess().start),
    );
    lock.release();
    lock.release();
    expect(readdirSync(dir)).toEqual([]);
  });

  test('a second runner is refused with 73, naming the holder and its command line', () => {
    const dir = scratch();
    const holder = running();
    writeFileSync(
      join(dir, 'lock'),
      lockOf(holder.pid, systemProcesses.startTime(holder.pid) ?? null),
    );
    expect(() => lockState(dir)).toThrow(
      expect.objectContaining({
        kind: 'cannot-create',
        where: dir,
        message: `the state is in use by process ${holder.pid} (sleep 30)`,
      }),
    );
    expect(readdirSync(dir)).toEqual(['lock']);
  });

  test('this very process holding it is refused too', () => {
    const dir = scratch();
    const lock = lockState(dir);
    expect(() => lockState(dir)).toThrow(
      expect.objectContaining({
        message: expect.stringMatching(`^the state is in use by process ${process.pid} \\(`),
      }),
    );
    lock.release();
  });

  test('a lock left by a dead process is taken over', async () => {
    const dir = scratch();
    const dead = await deadProcess();
    writeFileSync(join(dir, 'lock'), lockOf(dead.pid, dead.start));
    const lock = lockState(dir);
    expect(readFileSync(join(dir, 'lock'), 'utf8')).toBe(
      lockOf(process.pid, currentProcess().start),
    );
    expect(readdirSync(dir)).toEqual(['lock']);
    lock.release();
  });

  test('a lock whose pid now belongs to another process (a later start) is taken over', () => {
    const dir = scratch();
    const holder = running();
    writeFileSync(join(dir, 'lock'), lockOf(holder.pid, '1'));
    lockState(dir).release();
    expect(readdirSync(dir)).toEqual([]);
  });

  test('a lock from another host is not taken over: it may run there', () => {
    const dir = scratch();
    writeFileSync(join(dir, 'lock'), lockOf(1, '1', 'elsewhere'));
    expect(() => lockState(dir)).toThrow(
      expect.objectContaining({
        kind: 'cannot-create',
        message: `the state is in use by process 1 on host elsewhere (remove ${join(dir, 'lock')} if it has stopped)`,
      }),
    );
  });

  test('a lock file ixjob did not write is refused, not removed', () => {
    const dir = scratch();
    writeFileSync(join(dir, 'lock'), 'mine');
    expect(() => lockState(dir)).toThrow(
      expect.objectContaining({
        kind: 'cannot-create',
        where: join(dir, 'lock'),
        message:
          'the state is locked by a file ixjob did not write: remove it if no runner uses this state',
      }),
    );
    expect(readFileSync(join(dir, 'lock'), 'utf8')).toBe('mine');
  });

  test('release leaves a lock that another runner took over', () => {
    const dir = scratch();
    const lock = lockState(dir);
    writeFileSync(join(dir, 'lock'), lockOf(1, '1'));
    lock.release();
    expect(existsSync(join(dir, 'lock'))).toBe(true);
  });

  test('a directory that cannot be written: 73', () => {
    const dir = join(scratch(), 'missing');
    expect(() => lockState(dir)).toThrow(
      expect.objectContaining({
        kind: 'cannot-create',
        message: 'cannot write the state: no such file or directory (ENOENT)',
      }),
    );
  });
});

/** Long enough that every runner of a race has started while the winner holds the lock. */
const HOLD_MS = 2500;

describe('lockState between real processes', () => {
  /** Starts `count` runners on `dir` at once; their answers. */
  async function race(dir: string, count: number): Promise<string[]> {
    const answers = Array.from({ length: count }, () => {
      const child = spawn(
        process.execPath,
        ['--conditions=@ixjob/source', TAKE_LOCK, dir, String(HOLD_MS)],
        {
          stdio: ['ignore', 'pipe', 'inherit'],
        },
      );
      let out = '';
      child.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString();
      });
      return new Promise<string>((resolve) => child.on('close', () => resolve(out.trim())));
    });
    return Promise.all(answers);
  }

  test('many runners at once on a free state: exactly one wins, the others name it', async () => {
    const dir = scratch();
    const answers = await race(dir, 6);
    expect(answers.filter((a) => a === 'won')).toHaveLength(1);
    for (const answer of answers.filter((a) => a !== 'won'))
      expect(answer).toMatch(/^refused: the state is in use by process \d+ \(.*take-lock\.ts/);
    expect(readdirSync(dir)).toEqual([]);
  });

  test('many runners at once on a dead runner’s lock: exactly one takes it over', async () => {
    for (let round = 0; round < 2; round++) {
      const dir = scratch();
      const dead = await deadProcess();
      writeFileSync(join(dir, 'lock'), lockOf(dead.pid, dead.start));
      const answers = await race(dir, 6);
      expect(answers.filter((a) => a === 'won')).toHaveLength(1);
      expect(readdirSync(dir)).toEqual([]);
    }
  });
});
