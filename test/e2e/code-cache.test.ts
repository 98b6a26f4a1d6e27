import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Script } from 'node:vm';
import { describe, expect, test } from 'vitest';
import { BASE_ENV } from '../support/ixjob-process.ts';

const dist = fileURLToPath(new URL('../../packages/shim/dist', import.meta.url));
const wrap = (source: string) =>
  `(function (exports, require, module, __filename, __dirname) {${source}\n})`;

describe('the V8 code cache the build leaves beside the bundle', () => {
  test('is accepted by the Node that runs the tests (the pinned one)', () => {
    const script = new Script(wrap(readFileSync(join(dist, 'shim.cjs'), 'utf8')), {
      filename: join(dist, 'shim.cjs'),
      cachedData: readFileSync(join(dist, 'shim.v8cache')),
    });
    expect(script.cachedDataRejected).toBe(false);
  });

  test.each([
    ['a corrupt cache', (dir: string) => writeFileSync(join(dir, 'shim.v8cache'), 'not a cache')],
    ['no cache at all', (dir: string) => rmSync(join(dir, 'shim.v8cache'))],
  ])('with %s the shim still runs, only slower', (_name, spoil) => {
    const copy = mkdtempSync(join(tmpdir(), 'ixjob-dist-'));
    cpSync(dist, copy, { recursive: true });
    spoil(copy);
    const result = spawnSync(
      process.execPath,
      [join(copy, 'ixjob.cjs'), '--index', '2', '--', 'sh', '-c', 'echo $IXJOB_INDEX'],
      {
        env: BASE_ENV,
        encoding: 'utf8',
      },
    );
    expect(result).toMatchObject({ status: 0, stdout: '2\n', stderr: '' });
  });
});
