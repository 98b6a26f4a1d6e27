import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { BASE_ENV, IXJOB } from '../support/ixjob-process.ts';
import { scratchDirs } from '../support/scratch-dirs.ts';

/** Issue 11: a file name Node cannot list byte for byte is refused, never left out of its shard. */
const scratch = scratchDirs('shard-names');
const latin1 = (text: string) => Buffer.from(text, 'latin1');
function ixjob(args: string[], cwd: string) {
  const result = spawnSync(IXJOB, args, { env: BASE_ENV, input: '', cwd, timeout: 60_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr.toString() };
}

describe('file shards: a name that is not UTF-8 is never dropped', () => {
  test('4 files match: 4 sharded when all are UTF-8, one refusal when one is not', () => {
    const good = scratch();
    const bad = scratch();
    for (const name of ['a.dat', 'b.dat', 'c.dat', 'd.dat']) writeFileSync(join(good, name), 'x');
    for (const name of ['a.dat', 'b.dat', 'd.dat']) writeFileSync(join(bad, name), 'x');
    writeFileSync(Buffer.concat([Buffer.from(`${bad}/`), latin1('caf\xe9.dat')]), 'x');
    const args = ['--files', '*.dat', '--shards', '2'];
    const counts = [0, 1].map((i) => {
      const result = ixjob(['resolve', '--index', String(i), ...args, '-o', 'json'], good);
      return JSON.parse(result.stdout.toString()).env.SHARD_FILE_COUNT;
    });
    expect(counts).toEqual(['2', '2']);
    const forms = [
      ['resolve', '--index', '0', ...args],
      ['--index', '0', ...args, '--', 'true'],
      ['run', '-q', '--state', scratch(), ...args, '--', 'true'],
    ];
    for (const form of forms) {
      const result = ixjob(form, bad);
      expect(result.stderr).toMatch(
        /^ixjob: a name that is not valid UTF-8 \(shown as "caf\uFFFD\.dat"\) .* \(--files\)\n$/,
      );
      expect(result.code).toBe(65);
    }
  });
});
