import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { scratchDirs } from '../../../../test/support/scratch-dirs.ts';
import { checkpoints } from '../../src/worker/checkpoints.ts';
import { parseRecords } from '../../src/worker/progress-journal.ts';
import { start } from './fixtures/spawn-worker.ts';

const scratch = scratchDirs('checkpoints');
const bytes = (text: string) => new TextEncoder().encode(text);

describe('parseRecords: only whole lines that are records', () => {
  test.each<[string, string, { done: string[][]; consumed: number }]>([
    [
      'two whole lines',
      '{"at":1,"done":["a"]}\n{"at":2,"done":["b"]}\n',
      { done: [['a'], ['b']], consumed: 44 },
    ],
    [
      'a torn last line waits',
      '{"at":1,"done":["a"]}\n{"at":2,"do',
      { done: [['a']], consumed: 22 },
    ],
    ['no newline yet', '{"at":1,"done":["a"]}', { done: [], consumed: 0 }],
    [
      'a line that is not JSON is skipped',
      'garbage\n{"at":1,"done":["a"]}\n',
      { done: [['a']], consumed: 30 },
    ],
    [
      'JSON that is not a record is skipped',
      '{"done":["a"]}\n{"at":1,"done":[1]}\n',
      { done: [], consumed: 35 },
    ],
    ['empty', '', { done: [], consumed: 0 }],
  ])('%s', (_name, text, expected) => {
    const { records, consumed } = parseRecords(bytes(text));
    expect({ done: records.map((r) => r.done ?? []), consumed }).toEqual(expected);
  });
});

describe('checkpoints: in one process', () => {
  test.each<[string, Parameters<typeof checkpoints>[0], { kind: string; message: string }]>([
    [
      'no directory',
      { env: {}, index: 0 },
      {
        kind: 'config',
        message:
          'no checkpoint directory: set IXJOB_CHECKPOINT_DIR to a directory that outlives the pod (a volume), or pass checkpoints({ dir })',
      },
    ],
    [
      'no index',
      { env: { IXJOB_CHECKPOINT_DIR: '/tmp' } },
      { kind: 'config', message: expect.stringMatching(/^no completion index found/) },
    ],
  ])('%s is an error', async (_name, options, error) => {
    await expect(checkpoints(options)).rejects.toMatchObject(error);
  });

  test.each(['', '../x', '/etc/passwd', 'a/../../x'])('output name %j is refused', async (name) => {
    const progress = await checkpoints({ dir: scratch(), index: 0 });
    await expect(progress.output(name, 'x')).rejects.toMatchObject({ kind: 'usage' });
  });

  test('a reopened checkpoint has the done items, the last state and the outputs', async () => {
    const dir = scratch();
    const first = await checkpoints<{ n: number }>({
      env: { IXJOB_CHECKPOINT_DIR: dir, JOB_COMPLETION_INDEX: '3' },
    });
    expect(first.dir).toBe(join(dir, '3'));
    expect(first.state).toBeUndefined();
    await first.output('sub/a.txt', 'A');
    await first.markDone(['a', 7], { n: 1 });
    await first.saveState({ n: 2 });
    expect([first.isDone('a'), first.isDone('7'), first.isDone(7), first.isDone('b')]).toEqual([
      true,
      true,
      true,
      false,
    ]);
    const again = await checkpoints<{ n: number }>({ dir, index: 3 });
    expect([...again.done].sort()).toEqual(['7', 'a']);
    expect(again.state).toEqual({ n: 2 });
    expect(readFileSync(join(dir, '3', 'outputs', 'sub', 'a.txt'), 'utf8')).toBe('A');
    expect(again.outputPath('sub/a.txt')).toBe(join(dir, '3', 'outputs', 'sub', 'a.txt'));
    expect(() => again.outputPath('../x')).toThrow(expect.objectContaining({ kind: 'usage' }));
    expect(await checkpoints({ dir, index: 4 }).then((other) => other.done.size)).toBe(0);
  });

  test('two runs of one index see each other after refresh; the later state wins', async () => {
    const dir = scratch();
    const [a, b] = await Promise.all([
      checkpoints({ dir, index: 0 }),
      checkpoints({ dir, index: 0 }),
    ]);
    await a.markDone('x', 'from a');
    await new Promise((resolve) => setTimeout(resolve, 5));
    await b.markDone('y', 'from b');
    await Promise.all([a.refresh(), b.refresh()]);
    expect([[...a.done].sort(), [...b.done].sort()]).toEqual([
      ['x', 'y'],
      ['x', 'y'],
    ]);
    expect([a.state, b.state]).toEqual(['from b', 'from b']);
    expect(readdirSync(join(dir, '0', 'progress'))).toHaveLength(2);
  });
});

const ITEMS = 6;
const SIZE = 4 * 1024 * 1024;

/** Every output in the directory is whole and right; returns the items that have one. */
function checkOutputs(dir: string): number[] {
  const outputs = join(dir, '0', 'outputs');
  const names = readdirSync(outputs).filter((name) => !name.startsWith('.'));
  for (const name of names) {
    const item = Number(/^item-(\d+)\.bin$/.exec(name)?.[1]);
    const data = readFileSync(join(outputs, name));
    expect({ name, size: data.length, wrong: data.findIndex((b) => b !== item % 251) }).toEqual({
      name,
      size: SIZE,
      wrong: -1,
    });
  }
  return names.map((name) => Number(/\d+/.exec(name)?.[0])).sort((a, b) => a - b);
}

describe('checkpoints: real processes', () => {
  test('kill -9 mid-write: no half output is ever seen, and resumed runs skip what is done', async () => {
    const dir = scratch();
    let finished = false;
    for (let round = 0; round < 4 && !finished; round++) {
      const before = (await checkpoints({ dir, index: 0 })).done.size;
      const run = start('checkpoint-worker.ts', [dir, '0', String(ITEMS), String(SIZE)]);
      // Kill in the middle of the second item this run writes: the first is done.
      await run.line(/mid \d+\n(.|\n)*mid \d+\n/).catch(() => {});
      run.child.kill('SIGKILL');
      const end = await run.ended;
      finished = end.code === 0;
      expect(end.stdout).toMatch(new RegExp(`^skipped ${before}\n`));
      const done = (await checkpoints({ dir, index: 0 })).done;
      // Every done item has its whole output (a finished but unmarked one may too).
      const withOutput = checkOutputs(dir);
      for (const item of done) expect(withOutput).toContain(Number(item));
    }
    // The kills landed mid-write: what they left is a temporary file, never a short output.
    expect(readdirSync(join(dir, '0', 'outputs')).some((name) => name.endsWith('.tmp'))).toBe(true);
    const last = await start('checkpoint-worker.ts', [dir, '0', String(ITEMS), String(SIZE)]).ended;
    expect(last.code).toBe(0);
    expect(checkOutputs(dir)).toEqual([...Array(ITEMS).keys()]);
    expect(last.stdout).toMatch(/finished \{"last":\d+\}/);
    const rerun = await start('checkpoint-worker.ts', [dir, '0', String(ITEMS), String(SIZE)])
      .ended;
    expect(rerun.stdout).toBe(`skipped ${ITEMS}\nfinished {"last":${ITEMS - 1}}\n`);
  });

  test('two processes on one index at once: every item done, every output whole', async () => {
    const dir = scratch();
    const runs = [0, 1].map(() =>
      start('checkpoint-worker.ts', [dir, '0', String(ITEMS), String(SIZE / 4)]),
    );
    const ends = await Promise.all(runs.map((run) => run.ended));
    expect(ends.map((end) => end.code)).toEqual([0, 0]);
    const did = ends.flatMap((end) =>
      [...end.stdout.matchAll(/did (\d+)/g)].map((m) => Number(m[1])),
    );
    expect(new Set(did).size).toBe(ITEMS);
    const done = (await checkpoints({ dir, index: 0 })).done;
    expect([...done].map(Number).sort((a, b) => a - b)).toEqual([...Array(ITEMS).keys()]);
    const outputs = join(dir, '0', 'outputs');
    expect(readdirSync(outputs).filter((n) => n.endsWith('.tmp'))).toEqual([]);
    for (const name of readdirSync(outputs))
      expect(statSync(join(outputs, name)).size).toBe(SIZE / 4);
    const third = await start('checkpoint-worker.ts', [dir, '0', String(ITEMS), '1']).ended;
    expect(third.stdout).toMatch(new RegExp(`^skipped ${ITEMS}\\n`));
    expect(third.stdout).not.toMatch(/did/);
  });
});
