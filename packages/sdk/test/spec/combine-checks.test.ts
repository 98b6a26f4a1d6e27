import { buildSpec, type DimensionSpec, resolveIndex, specLength } from '@ixjob/sdk/internal';
import { describe, expect, test } from 'vitest';

const spec = (
  dimensions: DimensionSpec[],
  extra: { combine?: 'zip' | 'product'; rename?: Record<string, string> } = {},
) =>
  buildSpec(
    {
      combine: extra.combine ?? 'zip',
      dimensions,
      rename: extra.rename ?? {},
      base: '/',
      source: 'spec.yaml',
    },
    { warn: () => {}, workdir: '/' },
  );
const frames = (range: string): DimensionSpec => ({ kind: 'frames', range, chunk: 1 });
const values = (name: string, list: string): DimensionSpec => ({
  kind: 'values',
  name,
  values: list,
});

describe('a product must be countable exactly', () => {
  test.each([
    ['2^26 × 2^26 = 2^52', ['1-67108864', '1-67108864'], 2 ** 52],
    ['(2^52 − 1) × 2, just under 2^53', ['1-4503599627370495', '1-2'], 2 ** 53 - 2],
  ])('takes %s', async (_name, ranges, expected) => {
    expect(await specLength(spec(ranges.map(frames), { combine: 'product' }))).toBe(expected);
  });

  test.each([
    ['2^27 × 2^27 = 2^54', ['1-134217728', '1-134217728']],
    ['3 × (2^52 − 1)', ['1-3', '1-4503599627370495']],
    ['three factors', ['1-1000000', '1-1000000', '1-10000']],
  ])('refuses %s with 65 and one line', async (_name, ranges) => {
    const built = spec(ranges.map(frames), { combine: 'product' });
    await expect(specLength(built)).rejects.toMatchObject({
      kind: 'data',
      message: expect.stringMatching(/^the product [0-9 ×]+ has more than 2\^53 − 1 items/),
    });
    await expect(resolveIndex(built, 0)).rejects.toMatchObject({ kind: 'data' });
  });
});

describe('a rename must name a variable a dimension sets', () => {
  test.each([
    ['a typo', [values('FRUIT', 'apple')], { FRUTI: 'F' }, 'FRUTI', 'FRUIT'],
    [
      'a name of the other spelling',
      [values('FRUIT', 'apple'), values('COLOR', 'red')],
      { fruit: 'F' },
      'fruit',
      'FRUIT, COLOR',
    ],
    ['a fixed-name dimension', [frames('1-3')], { FRAME: 'F' }, 'FRAME', 'START_FRAME'],
  ])('%s', async (_name, dimensions, rename, missing, set) => {
    await expect(resolveIndex(spec(dimensions, { rename }), 0)).rejects.toMatchObject({
      kind: 'data',
      where: 'spec.yaml',
      message: expect.stringContaining(
        `rename names ${missing}, which no dimension sets (they set ${set}`,
      ),
    });
  });

  test('a rename of a name that is set still applies', async () => {
    const built = spec([values('FRUIT', 'apple')], { rename: { FRUIT: 'F' } });
    expect((await resolveIndex(built, 0)).params).toEqual({ F: 'apple' });
  });
});
