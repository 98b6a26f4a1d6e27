import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, expectTypeOf, test } from 'vitest';
import * as z from 'zod';
import { scratchDirs } from '../../../../test/support/scratch-dirs.ts';
import { type Job, type JobOptions, job } from '../../src/worker/job.ts';

const dir = scratchDirs('job')();
const spec = join(dir, 'spec.yaml');
writeFileSync(
  spec,
  'dimensions:\n  - values: { FRAME: ["1", "2", "3"], SCENE: [intro, middle, end] }\n',
);

const Shape = z.object({ FRAME: z.coerce.number().int().positive(), SCENE: z.string() });

type Case = [name: string, options: JobOptions, expected: Partial<Job>];

describe('job(): the index, count, attempt, source and parameters in one call', () => {
  test.each<Case>([
    [
      'under the shim with --index: the source it found, not JOB_COMPLETION_INDEX',
      { env: { JOB_COMPLETION_INDEX: '3', IXJOB_INDEX: '3', IXJOB_INDEX_SOURCE: '--index' } },
      { index: 3, source: '--index', count: null, attempt: null, params: {} },
    ],
    [
      'under the shim: its count, attempt and parameters',
      {
        env: {
          JOB_COMPLETION_INDEX: '1',
          IXJOB_INDEX: '1',
          IXJOB_INDEX_SOURCE: 'JOB_COMPLETION_INDEX',
          IXJOB_COUNT: '3',
          IXJOB_ATTEMPT: '2',
          IXJOB_PARAM_NAMES: 'FRAME,SCENE',
          FRAME: '2',
          SCENE: 'middle',
          OTHER: 'x',
        },
      },
      {
        index: 1,
        count: 3,
        attempt: 2,
        source: 'JOB_COMPLETION_INDEX',
        params: { FRAME: '2', SCENE: 'middle' },
      },
    ],
    [
      'no shim, a spec: the exec plan in-process, with the spec as the count',
      { env: { JOB_COMPLETION_INDEX: '2' }, spec },
      { index: 2, count: 3, source: 'JOB_COMPLETION_INDEX', params: { FRAME: '3', SCENE: 'end' } },
    ],
    [
      'no shim, $IXJOB_SPEC and an index given by hand',
      { env: { IXJOB_SPEC: spec }, index: 0 },
      { index: 0, count: 3, source: '--index', params: { FRAME: '1', SCENE: 'intro' } },
    ],
    [
      'no shim, no spec: the index alone',
      { env: { CLOUD_RUN_TASK_INDEX: '4', CLOUD_RUN_TASK_COUNT: '5' } },
      { index: 4, count: 5, source: 'CLOUD_RUN_TASK_INDEX', params: {} },
    ],
  ])('%s', async (_name, options, expected) => {
    expect(await job(options)).toEqual(expect.objectContaining(expected));
  });

  test.each<[string, JobOptions, { kind: string; message?: string | RegExp }]>([
    [
      'a field that does not fit: 65, naming it',
      { env: { IXJOB_INDEX: '0', IXJOB_PARAM_NAMES: 'FRAME,SCENE', FRAME: '-4', SCENE: 'x' } },
      { kind: 'data', message: 'parameter FRAME = "-4": Too small: expected number to be >0' },
    ],
    [
      'a schema with no parameters: 78, saying how',
      { env: { IXJOB_INDEX: '0' } },
      { kind: 'config' },
    ],
    ['no index: 78', { env: { IXJOB_PARAM_NAMES: '' } }, { kind: 'config' }],
    ['an index outside the spec', { env: { JOB_COMPLETION_INDEX: '3' }, spec }, { kind: 'data' }],
  ])('%s', async (_name, options, error) => {
    await expect(job(Shape, options)).rejects.toMatchObject(error);
  });

  test('typed by the schema', async () => {
    const typed = await job(Shape, { env: { JOB_COMPLETION_INDEX: '0' }, spec });
    expect(typed.params).toEqual({ FRAME: 1, SCENE: 'intro' });
    expectTypeOf(typed).toEqualTypeOf<Job<{ FRAME: number; SCENE: string }>>();
    expectTypeOf(typed.index).toEqualTypeOf<number>();
    expectTypeOf(typed.count).toEqualTypeOf<number | null>();
    expectTypeOf(job).parameter(0).toExtend<JobOptions | z.ZodType | undefined>();
    expectTypeOf(await job({ env: { IXJOB_INDEX: '0' } })).toEqualTypeOf<
      Job<Readonly<Record<string, string>>>
    >();
  });
});
