import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { matchFiles } from '../../src/dims/file-shards.ts';

/** A directory holding files named by raw bytes (a Buffer path is not decoded). */
function tree(names: (string | Buffer)[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'ixjob-names-'));
  for (const name of names) {
    const path = Buffer.concat([Buffer.from(`${dir}/`), Buffer.from(name)]);
    const slash = path.lastIndexOf(0x2f);
    mkdirSync(path.subarray(0, slash), { recursive: true });
    writeFileSync(path, 'x');
  }
  return dir;
}
const latin1 = (text: string) => Buffer.from(text, 'latin1');

describe('file names that are not UTF-8: every match sharded, or one refusal', () => {
  test.each<[string, (string | Buffer)[], string, string[] | RegExp]>([
    [
      'UTF-8 names, U+FFFD itself included',
      ['a.txt', 'café.txt', 'x\uFFFD.txt'],
      '*.txt',
      ['a.txt', 'café.txt', 'x\uFFFD.txt'],
    ],
    [
      'a Latin-1 file name that matches',
      ['a.txt', latin1('caf\xe9.txt'), 'd.txt'],
      '*.txt',
      /not valid UTF-8 \(shown as "caf\uFFFD\.txt"\)/,
    ],
    [
      'a Latin-1 directory the pattern walks into',
      ['a.txt', latin1('sub\xff/x.txt')],
      '**/*.txt',
      /shown as "sub\uFFFD"/,
    ],
    [
      'a Latin-1 directory a wildcard part could enter',
      ['d/a.txt', latin1('d\xff/x.txt')],
      'd*/*.txt',
      /shown as "d\uFFFD"/,
    ],
    [
      'a Latin-1 name the pattern never reaches is no matter',
      ['a.txt', latin1('caf\xe9.csv')],
      'a.txt',
      ['a.txt'],
    ],
  ])('%s', (_name, names, pattern, expected) => {
    const cwd = tree(names);
    if (Array.isArray(expected)) {
      expect(matchFiles(pattern, cwd).map((file) => file.path)).toEqual(expected);
    } else {
      expect(() => matchFiles(pattern, cwd)).toThrow(expected);
      try {
        matchFiles(pattern, cwd);
      } catch (error) {
        expect(error).toMatchObject({ kind: 'data', where: '--files' });
      }
    }
  });
});
