import { describe, expect, test } from 'vitest';
import { IxjobError } from '../../src/failure/ixjob-error.ts';
import { outcomeOf, runWorker, type WorkerIo } from '../../src/worker/main.ts';
import { start } from './fixtures/spawn-worker.ts';

type Case = [name: string, mode: string, code: number, stderr: RegExp | string];

describe('main(): exit codes of a real worker process', () => {
  test.each<Case>([
    ['returns: 0, nothing on stderr', 'ok', 0, ''],
    ['bad data: one line, 65', 'data', 65, 'ixjob: parameter FRAME = "-4": too small (FRAME)\n'],
    ['no index: one line, 78', 'config', 78, 'ixjob: no completion index found\n'],
    ['any other error: its message, 1', 'plain', 1, 'TypeError: boom\n'],
    [
      'an ixjob error thrown in a timer: its code too',
      'callback',
      65,
      'ixjob: thrown in a timer\n',
    ],
    ['an open handle does not hold the process', 'open-handle', 0, ''],
    [
      'a promise that can never settle: 1, not a silent 0',
      'never',
      1,
      "ixjob: the worker's promise never settled, and nothing is left that could settle it\n",
    ],
  ])('%s', async (_name, mode, code, stderr) => {
    const end = await start('worker.ts', [mode]).ended;
    expect({ code: end.code, stderr: end.stderr }).toEqual({ code, stderr });
  });

  test('IXJOB_DEBUG=1 adds the stack', async () => {
    const end = await start('worker.ts', ['plain'], { IXJOB_DEBUG: '1' }).ended;
    expect(end.code).toBe(1);
    expect(end.stderr).toMatch(/^TypeError: boom\n {4}at .*worker\.ts/);
  });
});

type SignalCase = [
  name: string,
  mode: string,
  signals: NodeJS.Signals[],
  code: number,
  stdout: RegExp,
];

describe('main(): stop signals reach the worker', () => {
  test.each<SignalCase>([
    [
      'SIGTERM, then a clean return: 0',
      'term-clean',
      ['SIGTERM'],
      0,
      /cleaned after terminated by SIGTERM/,
    ],
    ['SIGINT (Ctrl-C) the same', 'term-clean', ['SIGINT'], 0, /cleaned after terminated by SIGINT/],
    ['SIGTERM rejecting an abortable wait: 143', 'term-throw', ['SIGTERM'], 143, /ready/],
    ['Ctrl-C rejecting it: 130', 'term-throw', ['SIGINT'], 130, /ready/],
    [
      'a second SIGTERM changes nothing',
      'term-slow',
      ['SIGTERM', 'SIGTERM'],
      0,
      /aborted\nfinished/,
    ],
    ['a worker that ignores the signal runs on', 'ignore', ['SIGTERM'], 0, /finished/],
  ])('%s', async (_name, mode, signals, code, stdout) => {
    const worker = start('worker.ts', [mode]);
    await worker.line(/ready/);
    for (const signal of signals) {
      worker.child.kill(signal);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const end = await worker.ended;
    expect({ code: end.code, signal: end.signal }).toEqual({ code, signal: null });
    expect(end.stdout).toMatch(stdout);
    if (code > 128) expect(end.stderr).toBe(`ixjob: stopped by ${signals[0]}\n`);
  });
});

describe('outcomeOf: the one mapping', () => {
  const aborted = AbortSignal.abort(new DOMException('x', 'AbortError'));
  test.each<[string, Parameters<typeof outcomeOf>, { code: number; message?: string }]>([
    ['returned', [{ ok: true }, undefined, aborted, false], { code: 0 }],
    [
      'usage error',
      [{ ok: false, error: new IxjobError('usage', 'bad', '--x') }, undefined, aborted, false],
      { code: 64, message: 'ixjob: bad (--x)' },
    ],
    [
      'an ixjob error after SIGTERM keeps its own code',
      [{ ok: false, error: new IxjobError('cannot-create', 'full') }, 'SIGTERM', aborted, false],
      { code: 73, message: 'ixjob: full' },
    ],
    [
      'the abort reason itself',
      [{ ok: false, error: aborted.reason }, 'SIGTERM', aborted, false],
      { code: 143, message: 'ixjob: stopped by SIGTERM' },
    ],
    [
      "Node's AbortError wrapping it",
      [{ ok: false, error: new Error('x', { cause: aborted.reason }) }, 'SIGINT', aborted, false],
      { code: 130, message: 'ixjob: stopped by SIGINT' },
    ],
    [
      'an AbortError with no stop signal is an ordinary error',
      [{ ok: false, error: aborted.reason }, undefined, aborted, false],
      { code: 1, message: 'AbortError: x' },
    ],
    [
      'a thrown string',
      [{ ok: false, error: 'nope' }, undefined, aborted, false],
      { code: 1, message: 'nope' },
    ],
  ])('%s', (_name, args, expected) => {
    expect(outcomeOf(...args)).toEqual(expected);
  });

  test('runWorker removes its listeners and ignores a second signal', async () => {
    let handler: ((signal: 'SIGTERM' | 'SIGINT') => void) | undefined;
    let removed = false;
    const io: WorkerIo = {
      env: {},
      onSignal(h) {
        handler = h;
        return () => {
          removed = true;
        };
      },
    };
    const outcome = await runWorker(async ({ signal }) => {
      handler?.('SIGINT');
      handler?.('SIGTERM');
      signal.throwIfAborted();
    }, io);
    expect(outcome).toEqual({ code: 130, message: 'ixjob: stopped by SIGINT' });
    expect(removed).toBe(true);
  });
});
