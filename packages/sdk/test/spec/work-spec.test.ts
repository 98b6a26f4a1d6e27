import {
  buildSpec,
  type DimensionSpec,
  resolveIndex,
  specDigest,
  specLength,
} from '@ixjob/sdk/internal';
import { describe, expect, test } from 'vitest';

const noWarnings = {
  warn: (message: string) => expect.fail(`unexpected warning: ${message}`),
  workdir: '/',
};
const spec = (
  dimensions: DimensionSpec[],
  extra: {
    combine?: 'zip' | 'product';
    rename?: Record<string, string>;
    completions?: number;
  } = {},
) =>
  buildSpec(
    {
      combine: extra.combine ?? 'zip',
      dimensions,
      rename: extra.rename ?? {},
      completions: extra.completions,
      base: '/',
    },
    noWarnings,
  );
const values = (name: string, list: string): DimensionSpec => ({
  kind: 'values',
  name,
  values: list,
});

async function all(built: ReturnType<typeof spec>) {
  const length = await specLength(built);
  return Promise.all(Array.from({ length }, async (_, i) => (await resolveIndex(built, i)).params));
}

describe('combining dimensions', () => {
  test('zip pairs record i of every dimension (the seed’s say-fruit)', async () => {
    expect(
      await all(
        spec([values('FRUIT', 'apple banana cherry'), values('COLOR', 'green yellow red')]),
      ),
    ).toEqual([
      { FRUIT: 'apple', COLOR: 'green' },
      { FRUIT: 'banana', COLOR: 'yellow' },
      { FRUIT: 'cherry', COLOR: 'red' },
    ]);
  });

  test('product is row-major: the last dimension varies fastest', async () => {
    expect(
      await all(spec([values('A', '1 2'), values('B', 'x y z')], { combine: 'product' })),
    ).toEqual([
      { A: '1', B: 'x' },
      { A: '1', B: 'y' },
      { A: '1', B: 'z' },
      { A: '2', B: 'x' },
      { A: '2', B: 'y' },
      { A: '2', B: 'z' },
    ]);
  });

  test('product of three keeps the same order', async () => {
    const records = await all(
      spec([values('A', '0 1'), values('B', '0 1 2'), values('C', '0 1')], { combine: 'product' }),
    );
    expect(records.map((r) => `${r.A}${r.B}${r.C}`)).toEqual([
      '000',
      '001',
      '010',
      '011',
      '020',
      '021',
      '100',
      '101',
      '110',
      '111',
      '120',
      '121',
    ]);
  });

  test('renames apply to every record', async () => {
    expect(
      (await resolveIndex(spec([values('FRUIT', 'apple')], { rename: { FRUIT: 'F' } }), 0)).params,
    ).toEqual({ F: 'apple' });
  });

  test.each([
    ['one dimension: the count comes for free', [values('A', 'a b c')], {}, 3],
    ['zip', [values('A', 'a b'), values('B', 'c d')], {}, 2],
    ['product', [values('A', 'a b'), values('B', 'c d e')], { combine: 'product' as const }, 6],
  ])('reports the count: %s', async (_name, dimensions, extra, count) => {
    expect((await resolveIndex(spec(dimensions, extra), 0)).count).toBe(count);
  });
});

describe('what a spec refuses', () => {
  test.each<
    [string, DimensionSpec[], Parameters<typeof spec>[1], number, { kind: string; message: string }]
  >([
    [
      'an index past the end of one list',
      [values('F', 'a b c')],
      {},
      3,
      { kind: 'data', message: 'index 3 is outside the 3 items of F' },
    ],
    [
      'an index past the end of a zip',
      [values('A', 'a b'), values('B', 'c d')],
      {},
      2,
      { kind: 'data', message: 'index 2 is outside the 2 items of the work spec' },
    ],
    [
      'an index past the end of a product',
      [values('A', 'a b'), values('B', 'c d')],
      { combine: 'product' },
      4,
      { kind: 'data', message: 'index 4 is outside the 4 items of the work spec' },
    ],
    [
      'zip of unequal lists, naming both',
      [values('FRUIT', 'a b'), values('COLOR', 'x y z')],
      {},
      0,
      { kind: 'data', message: 'zip needs lists of one length: FRUIT has 2 items, COLOR has 3' },
    ],
    [
      'two dimensions setting one variable',
      [values('A', 'a'), values('A', 'b')],
      {},
      0,
      { kind: 'usage', message: 'two dimensions (A) both set A: rename one of them' },
    ],
    [
      'a rename onto another variable',
      [values('A', 'a'), values('B', 'b')],
      { rename: { A: 'B' } },
      0,
      { kind: 'usage', message: 'A and B both set B: rename one of them' },
    ],
    [
      'a parameter named like ixjob’s own',
      [values('IXJOB_INDEX', 'a')],
      {},
      0,
      { kind: 'usage', message: 'IXJOB_INDEX is set by ixjob itself: rename the parameter' },
    ],
    [
      'JOB_COMPLETION_INDEX as a parameter',
      [values('JOB_COMPLETION_INDEX', 'a')],
      {},
      0,
      {
        kind: 'usage',
        message: 'JOB_COMPLETION_INDEX is set by ixjob itself: rename the parameter',
      },
    ],
    [
      '--completions that disagrees',
      [values('F', 'a b c')],
      { completions: 4 },
      0,
      {
        kind: 'config',
        message: 'two sources disagree on the count: --completions says 4, F says 3',
      },
    ],
  ])('%s', async (_name, dimensions, extra, index, error) => {
    await expect(resolveIndex(spec(dimensions, extra), index)).rejects.toMatchObject(error);
  });
});

describe('the spec digest', () => {
  test('is the same for every index and changes with the content', async () => {
    const a = spec([values('F', 'a b c')]);
    const digests = await Promise.all(
      [0, 1, 2].map(async (i) => (await resolveIndex(a, i)).digest),
    );
    expect(new Set(digests).size).toBe(1);
    expect(digests[0]).toMatch(/^[0-9a-f]{64}$/);
    expect(await specDigest(spec([values('F', 'a b d')]))).not.toBe(digests[0]);
    expect(await specDigest(spec([values('F', 'a b c')], { combine: 'product' }))).not.toBe(
      digests[0],
    );
    expect(await specDigest(spec([values('F', 'a b c')], { rename: { F: 'G' } }))).not.toBe(
      digests[0],
    );
  });

  test('does not depend on how the list was spaced', async () => {
    expect(await specDigest(spec([values('F', 'a  b\nc')]))).toBe(
      await specDigest(spec([values('F', 'a b c')])),
    );
  });
});
