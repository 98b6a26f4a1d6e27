import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkedLength, type DimensionSpec, loadWork, resolveIndex } from '@ixjob/sdk/internal';
import { describe, expect, test } from 'vitest';
import { scratchDirs } from '../../../../test/support/scratch-dirs.ts';
import { SPEC_KEY, specForPod } from '../../src/manifest/spec-for-pod.ts';

const scratch = scratchDirs('spec-for-pod');

/** Every index's parameters, as the shim would resolve them. */
async function allParams(work: Parameters<typeof loadWork>[0], io: Parameters<typeof loadWork>[2]) {
  const spec = await loadWork(work, undefined, io);
  const count = await checkedLength(spec);
  const out = [];
  for (let index = 0; index < count; index++) out.push((await resolveIndex(spec, index)).params);
  return out;
}

describe('specForPod', () => {
  test.each<
    [string, [string, string][], DimensionSpec[], 'zip' | 'product', Record<string, string>]
  >([
    [
      'a list file and inline values',
      [['fruits.txt', 'apple\nbanana\ncherry\n']],
      [
        { kind: 'values-file', name: 'FRUIT', file: 'fruits.txt' },
        { kind: 'values', name: 'COLOR', values: 'red green blue' },
      ],
      'zip',
      {},
    ],
    [
      'CSV, TSV and JSON of one name in two folders',
      [
        ['a/t.csv', 'x,y\n1,2\n3,4\n'],
        ['b/t.csv', 'z\ttab\n5\t6\n7\t8\n'],
        ['j.json', '[{"k":"v1"},{"k":"v2"}]'],
      ],
      [
        { kind: 'csv', file: 'a/t.csv', delimiter: ',' },
        { kind: 'csv', file: 'b/t.csv', delimiter: '\t' },
        { kind: 'json', file: 'j.json' },
      ],
      'zip',
      { k: 'KEY' },
    ],
    [
      'frames and a grid, as a product',
      [],
      [
        { kind: 'frames', range: '1-20', chunk: 10 },
        { kind: 'grid', size: '4x4', block: '2x2' },
      ],
      'product',
      {},
    ],
    [
      'a relative --files glob, matched where the command runs',
      [
        ['data/a.csv', 'x\n1\n'],
        ['data/b.csv', 'x\n22\n'],
        ['data/c.csv', 'x\n333\n'],
      ],
      [{ kind: 'files', pattern: 'data/*.csv', shards: 2, strategy: 'balanced' }],
      'zip',
      {},
    ],
  ])('%s: every index resolves as here', async (_name, files, dimensions, combine, rename) => {
    const here = scratch();
    for (const [path, content] of files) {
      mkdirSync(join(here, path, '..'), { recursive: true });
      writeFileSync(join(here, path), content);
    }
    const spec = { combine, dimensions, rename, base: here };
    const pod = specForPod(spec);
    // The pod runs in its image's working directory, which holds what `here` does.
    const io = { cwd: here, warn: () => {} };
    // The ConfigMap volume: one flat folder of keys.
    const mounted = scratch();
    writeFileSync(join(mounted, SPEC_KEY), pod.text);
    for (const [key, path] of pod.files) copyFileSync(path, join(mounted, key));
    expect(await allParams({ file: join(mounted, SPEC_KEY) }, io)).toEqual(
      await allParams({ spec }, io),
    );
  });
});
