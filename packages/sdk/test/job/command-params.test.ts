import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  COMMAND_VARIABLES,
  type ExecJob,
  isCommandVariable,
  isEveryIndexFailure,
  nodeFiles,
  planExec,
} from '@ixjob/sdk/internal';
import { afterAll, describe, expect, test } from 'vitest';

const dir = mkdtempSync(join(tmpdir(), 'ixjob-command-params-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, text: string) => {
  writeFileSync(join(dir, name), text);
  return name;
};

type Work = NonNullable<ExecJob['work']>;
const spec = (dimensions: object[], rename: Record<string, string> = {}): Work =>
  ({ spec: { combine: 'zip', dimensions, rename, base: dir } }) as Work;
const plan = (work: Work, allowParams?: string[]) =>
  planExec({
    job: { command: ['true'], work, ...(allowParams ? { allowParams } : {}) },
    env: { JOB_COMPLETION_INDEX: '0', PATH: '/usr/bin:/bin' },
    io: { files: nodeFiles, cwd: dir, warn: () => {} },
  });

const csv = (header: string) => ({
  kind: 'csv',
  file: file(`${header}.csv`, `${header},B_${header.trim()}\nx,y\n`),
  delimiter: ',',
});
const json = (key: string) => ({
  kind: 'json',
  file: file(`${key}.json`, `[{"${key}":"x","J_${key}":"y"}]`),
});

describe('parameters may not choose the command’s code', () => {
  test.each([
    ['a CSV header PATH', spec([csv('PATH')]), 'PATH', 'PATH.csv'],
    ['a CSV header LD_PRELOAD', spec([csv('LD_PRELOAD')]), 'LD_PRELOAD', 'LD_PRELOAD.csv'],
    ['a JSON key BASH_ENV', spec([json('BASH_ENV')]), 'BASH_ENV', 'BASH_ENV.json'],
    ['a JSON key NODE_OPTIONS', spec([json('NODE_OPTIONS')]), 'NODE_OPTIONS', 'NODE_OPTIONS.json'],
    ['a JSON key PYTHONPATH', spec([json('PYTHONPATH')]), 'PYTHONPATH', 'PYTHONPATH.json'],
    ['a header that becomes PATH', spec([csv(' PATH ')]), 'PATH', ' PATH .csv'],
    ['the second of two tables', spec([json('A'), csv('LD_AUDIT')]), 'LD_AUDIT', 'LD_AUDIT.csv'],
    [
      'a rename onto PATH names the file and the key',
      spec([csv('DIRS')], { DIRS: 'PATH' }),
      'PATH',
      'DIRS.csv: DIRS',
    ],
    [
      'an inline list named PATH',
      spec([{ kind: 'values', name: 'PATH', values: '/x' }]),
      'PATH',
      'PATH',
    ],
  ])('%s: 65, naming where', async (_name, work, variable, where) => {
    const refused = plan(work);
    await expect(refused).rejects.toMatchObject({
      kind: 'data',
      where,
      message: `the parameter ${variable} would choose which program runs or what it loads, so a work list may not set it; if that is meant, pass --allow-param ${variable}`,
    });
    expect(isEveryIndexFailure(await refused.catch((error: unknown) => error))).toBe(true);
  });

  test.each([
    ['--allow-param PATH', spec([csv('PATH')]), ['PATH'], { PATH: 'x' }],
    ['--allow-param LD_PRELOAD', spec([json('LD_PRELOAD')]), ['LD_PRELOAD'], { LD_PRELOAD: 'x' }],
    ['names that only look alike', spec([csv('MYPATH')]), undefined, { MYPATH: 'x' }],
    ['lower case is another variable', spec([csv('path')]), undefined, { path: 'x' }],
  ])('%s lets it through', async (_name, work, allowed, params) => {
    expect((await plan(work, allowed)).params).toMatchObject(params);
  });

  test('allowing one variable does not allow another', async () => {
    await expect(plan(spec([csv('PATH'), json('LD_PRELOAD')]), ['PATH'])).rejects.toMatchObject({
      message: expect.stringContaining('--allow-param LD_PRELOAD'),
    });
  });

  test.each<[string, boolean]>([
    ...COMMAND_VARIABLES.map((name): [string, boolean] => [name, true]),
    ['LD_ANYTHING', true],
    ['BASH_FUNC_ls%%', true],
    ['DYLD_INSERT_LIBRARIES', true],
    ['PATHS', false],
    ['FRUIT', false],
    ['HOME', false],
  ])('isCommandVariable(%s) is %s', (name, expected) => {
    expect(isCommandVariable(name)).toBe(expected);
  });
});
