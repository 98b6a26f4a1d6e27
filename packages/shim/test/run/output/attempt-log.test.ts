import { mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, describe, expect, test } from 'vitest';
import {
  attemptLogPath,
  LogWriteError,
  openAttemptLog,
} from '../../../src/run/output/attempt-log.ts';

const dir = mkdtempSync(join(tmpdir(), 'ixjob-attempt-log-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const turn = () => new Promise((resolve) => setImmediate(resolve));

describe('attemptLogPath', () => {
  test.each([
    ['/s/logs', 0, 0, '/s/logs/0.0.log'],
    ['/s/logs', 7, 2, '/s/logs/7.2.log'],
    ['logs/', 12, 1, 'logs/12.1.log'],
  ])('%s, index %i, attempt %i: %s', (logs, index, attempt, expected) => {
    expect(attemptLogPath(logs, index, attempt)).toBe(expected);
  });
});

describe('openAttemptLog', () => {
  test.each<[string, [0 | 1, string][], string]>([
    ['nothing printed gives an empty log', [], ''],
    ['stdout only', [[0, 'one\n']], 'one\n'],
    [
      'both pipes in arrival order',
      [
        [0, 'out 1\n'],
        [1, 'err 1\n'],
        [0, 'out 2 '],
        [1, 'err 2\n'],
        [0, 'cont\n'],
      ],
      'out 1\nerr 1\nout 2 err 2\ncont\n',
    ],
  ])('%s', async (name, writes, expected) => {
    const path = join(dir, `${name}.log`);
    const pipes = [new PassThrough(), new PassThrough()] as const;
    const log = openAttemptLog(path, pipes);
    for (const [pipe, text] of writes) {
      pipes[pipe].write(text);
      await turn();
    }
    for (const pipe of pipes) pipe.end();
    expect(await log.done).toBe(Buffer.byteLength(expected));
    expect(readFileSync(path, 'utf8')).toBe(expected);
  });

  test('a file behind pauses both pipes, and every byte still arrives', async () => {
    const path = join(dir, 'slow.log');
    const pipes = [new PassThrough(), new PassThrough()];
    let pauses = 0;
    for (const pipe of pipes) pipe.on('pause', () => pauses++);
    const log = openAttemptLog(path, pipes, { highWaterMark: 16 });
    const expected: string[] = [];
    for (let n = 0; n < 2000; n++) {
      const text = `${n % 2 ? 'err' : 'out'} line ${n}\n`;
      expected.push(text);
      const pipe = pipes[n % 2] as PassThrough;
      if (!pipe.write(text)) await new Promise((resolve) => pipe.once('drain', resolve));
      await turn();
    }
    for (const pipe of pipes) pipe.end();
    await log.done;
    expect(pauses).toBeGreaterThan(0);
    // While paused each pipe keeps its own backlog, so only the order within a pipe is fixed.
    const lines = readFileSync(path, 'utf8').split(/(?<=\n)/);
    for (const name of ['out', 'err'])
      expect(lines.filter((line) => line.startsWith(name))).toEqual(
        expected.filter((line) => line.startsWith(name)),
      );
    expect(lines.length).toBe(expected.length);
  });

  test.each([
    ['a missing directory', join(dir, 'no such dir', '0.0.log'), 'ENOENT', false],
    // A device exists already: it is handed in open, as the runner hands in the logs it made.
    ['a full disk', '/dev/full', 'ENOSPC', true],
  ])('%s rejects with the path, and the pipes still drain', async (_name, path, code, open) => {
    const pipe = new PassThrough({ highWaterMark: 1024 });
    const log = openAttemptLog(path, [pipe], open ? { fd: openSync(path, 'w') } : {});
    const rejected = expect(log.done).rejects.toThrow(`cannot write the log ${path}: ${code}`);
    // Far more than the pipe holds: a stalled log would leave this writer waiting forever.
    const chunk = Buffer.alloc(64 * 1024, 'x');
    for (let n = 0; n < 64; n++) {
      if (!pipe.write(chunk)) await new Promise((resolve) => pipe.once('drain', resolve));
    }
    pipe.end();
    await new Promise((resolve) => pipe.once('end', resolve));
    await rejected;
    const error = await log.done.catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(LogWriteError);
    expect(error).toMatchObject({ path, cause: { code } });
    expect(String(error)).toBe(`LogWriteError: cannot write the log ${path}: ${code}`);
  });
});
