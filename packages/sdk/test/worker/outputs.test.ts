import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { scratchDirs } from '../../../../test/support/scratch-dirs.ts';
import { writeOutput } from '../../src/worker/outputs.ts';

const scratch = scratchDirs('outputs');

async function* chunks(): AsyncGenerator<Uint8Array> {
  yield new TextEncoder().encode('ab');
  yield new TextEncoder().encode('c');
}

describe('writeOutput', () => {
  test.each<[string, Parameters<typeof writeOutput>[1], string]>([
    ['a string', 'hello', 'hello'],
    ['bytes', new TextEncoder().encode('bytes'), 'bytes'],
    ['an async iterable of chunks', chunks(), 'abc'],
    ['an iterable of chunks', [new Uint8Array([0x78]), new Uint8Array([0x79])], 'xy'],
    ['nothing', '', ''],
  ])('%s, in a directory it makes, with no temporary file left', async (_name, data, text) => {
    const dir = scratch();
    const path = join(dir, 'a', 'b', 'out.txt');
    await expect(writeOutput(path, data)).resolves.toBe(path);
    expect(readFileSync(path, 'utf8')).toBe(text);
    expect(readdirSync(join(dir, 'a', 'b'))).toEqual(['out.txt']);
  });

  test('replaces an existing output whole', async () => {
    const path = join(scratch(), 'out.txt');
    writeFileSync(path, 'old and longer');
    await writeOutput(path, 'new');
    expect(readFileSync(path, 'utf8')).toBe('new');
  });

  test('a failure is one retriable line (73) and removes its temporary file', async () => {
    const dir = scratch();
    mkdirSync(join(dir, 'out.txt'));
    await expect(writeOutput(join(dir, 'out.txt'), 'x')).rejects.toMatchObject({
      kind: 'cannot-create',
      message: `cannot write ${join(dir, 'out.txt')}: EISDIR`,
    });
    expect(readdirSync(dir)).toEqual(['out.txt']);
  });

  test('a chunk source that throws leaves nothing behind', async () => {
    const dir = scratch();
    async function* failing(): AsyncGenerator<Uint8Array> {
      yield new Uint8Array([1]);
      throw new Error('source failed');
    }
    await expect(writeOutput(join(dir, 'out.bin'), failing())).rejects.toThrow('source failed');
    expect(readdirSync(dir)).toEqual([]);
  });
});
