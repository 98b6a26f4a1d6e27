import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { afterAll, describe, expect, test } from 'vitest';
import { fileShards, matchFiles } from '../../src/dims/file-shards.ts';
import { type ShardStrategy, shard } from '../../src/worker/shards.ts';

const IXJOB = fileURLToPath(new URL('../../../../node_modules/.bin/ixjob', import.meta.url));

const made: string[] = [];
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

/** A temporary directory of `.dat` files: name → size in bytes. */
function tree(files: Record<string, number>): string {
  const dir = mkdtempSync(join(tmpdir(), 'ixjob-worker-shards-'));
  made.push(dir);
  for (const [name, size] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, `${name}.dat`)), { recursive: true });
    writeFileSync(join(dir, `${name}.dat`), 'x'.repeat(size));
  }
  return dir;
}

/** What the SDK gives index `index` for the files the glob matches, sizes as weights. */
function sdkShard(dir: string, index: number, count: number, strategy: ShardStrategy): string[] {
  const files = matchFiles('**/*.dat', dir);
  return shard(files, { index, count, strategy, weight: (f) => f.size }).map((f) => f.path);
}

async function dimensionShard(dir: string, index: number, count: number, strategy: ShardStrategy) {
  const dim = fileShards({
    pattern: '**/*.dat',
    shards: count,
    strategy,
    cwd: dir,
    warn: () => {},
  });
  const { SHARD_FILES = '' } = await dim.record(index);
  return SHARD_FILES === '' ? [] : SHARD_FILES.split('\n');
}

describe('--files --shards and shard() agree', () => {
  const layout = fc.record({
    files: fc.dictionary(fc.stringMatching(/^[a-d]{1,3}(\/[a-c]{1,2})?$/), fc.nat({ max: 30 }), {
      minKeys: 1,
      maxKeys: 12,
    }),
    count: fc.integer({ min: 1, max: 7 }),
    strategy: fc.constantFrom<ShardStrategy>('contiguous', 'strided', 'round-robin', 'balanced'),
  });

  test('the dimension the shim builds and the SDK function give every index the same files', async () => {
    await fc.assert(
      fc.asyncProperty(layout, async ({ files, count, strategy }) => {
        const dir = tree(files);
        for (let index = 0; index < count; index++) {
          expect(await dimensionShard(dir, index, count, strategy)).toEqual(
            sdkShard(dir, index, count, strategy),
          );
        }
      }),
      { numRuns: 40 },
    );
  });

  // The built shim as a worker's pod runs it; 'strided' awaits the flag's new choice.
  test.each<ShardStrategy>(['contiguous', 'round-robin', 'balanced'])(
    'the real `ixjob resolve --files --shards 3 --strategy %s` matches shard()',
    (strategy) => {
      const dir = tree({ a: 9, b: 1, c: 1, 'd/x': 4, 'd/y': 4, e: 2, f: 0 });
      for (let index = 0; index < 3; index++) {
        const json = execFileSync(
          IXJOB,
          [
            'resolve',
            '--index',
            String(index),
            '--files',
            '**/*.dat',
            '--shards',
            '3',
            '--strategy',
            strategy,
            '-o',
            'json',
          ],
          { cwd: dir, encoding: 'utf8', env: { PATH: '/usr/bin:/bin' } },
        );
        const { SHARD_FILES } = (JSON.parse(json) as { env: Record<string, string> }).env;
        const files =
          SHARD_FILES === '' || SHARD_FILES === undefined ? [] : SHARD_FILES.split('\n');
        expect(files).toEqual(sdkShard(dir, index, 3, strategy));
      }
    },
  );
});
