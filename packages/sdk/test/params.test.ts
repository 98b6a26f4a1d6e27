import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { params } from '@ixjob/sdk/internal';
import { describe, expect, expectTypeOf, test } from 'vitest';
import * as z from 'zod';

const dir = mkdtempSync(join(tmpdir(), 'ixjob-params-'));
const spec = join(dir, 'spec.yaml');
writeFileSync(
  spec,
  'dimensions:\n  - values: { FRAME: ["1", "2", "3"], SCENE: [intro, middle, end] }\n',
);

const Shape = z.object({
  FRAME: z.coerce.number().int().positive(),
  SCENE: z.enum(['intro', 'middle', 'end']),
});

describe('params()', () => {
  test('reads what the shim exported', async () => {
    const env = { IXJOB_PARAM_NAMES: 'FRUIT,COLOR', FRUIT: 'apple', COLOR: 'green', OTHER: 'x' };
    expect(await params({ env })).toEqual({ FRUIT: 'apple', COLOR: 'green' });
  });

  test('resolves the same spec in-process when no shim ran', async () => {
    expect(await params({ env: { JOB_COMPLETION_INDEX: '1' }, spec })).toEqual({
      FRAME: '2',
      SCENE: 'middle',
    });
    expect(await params({ env: { JOB_COMPLETION_INDEX: '2', IXJOB_SPEC: spec } })).toEqual({
      FRAME: '3',
      SCENE: 'end',
    });
  });

  test('parses with a zod schema into typed values', async () => {
    const typed = await params(Shape, { env: { JOB_COMPLETION_INDEX: '0' }, spec });
    expect(typed).toEqual({ FRAME: 1, SCENE: 'intro' });
    expectTypeOf(typed).toEqualTypeOf<{ FRAME: number; SCENE: 'intro' | 'middle' | 'end' }>();
  });

  test.each([
    [
      'a field that fails',
      { IXJOB_PARAM_NAMES: 'FRAME,SCENE', FRAME: '-4', SCENE: 'intro' },
      'parameter FRAME = "-4": Too small: expected number to be >0',
      'FRAME',
    ],
    [
      'an enum value',
      { IXJOB_PARAM_NAMES: 'FRAME,SCENE', FRAME: '4', SCENE: 'outro' },
      'parameter SCENE = "outro": Invalid option: expected one of "intro"|"middle"|"end"',
      'SCENE',
    ],
  ])('names %s', async (_name, env, message, where) => {
    await expect(params(Shape, { env })).rejects.toMatchObject({ kind: 'data', message, where });
  });

  test('without a shim or a spec it says what to do', async () => {
    await expect(params({ env: { JOB_COMPLETION_INDEX: '0' } })).rejects.toMatchObject({
      kind: 'config',
    });
  });
});
