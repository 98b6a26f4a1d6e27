import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { scannerFor, writeSidecar } from '@ixjob/sdk/internal';
import { describe, expect, test } from 'vitest';
import { fileItems } from '../../src/scan/file-items.ts';
import type { IndexedFormat } from '../../src/sidecar/sidecar-format.ts';

const dir = mkdtempSync(join(tmpdir(), 'ixjob-sidecar-'));
const text = new TextDecoder();
const write = (name: string, content: string | Uint8Array) => {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
};
const index = (path: string, format: IndexedFormat) =>
  writeSidecar(path, format, scannerFor(format, path));
const warnings: string[] = [];
const items = (path: string, format: IndexedFormat) =>
  fileItems(path, format, (message) => warnings.push(message));

describe('sidecars', () => {
  test.each<[string, IndexedFormat, string, string[]]>([
    ['lines, blank lines and CRLF', 'lines', 'a\r\n\nb c\n  \nd', ['a', 'b c', 'd']],
    [
      'CSV records with embedded newlines',
      'csv',
      'h1,h2\n"x\ny",2\n3,"4,5"\n',
      ['h1,h2', '"x\ny",2', '3,"4,5"'],
    ],
    ['TSV', 'tsv', 'a\tb\n1\t2\n', ['a\tb', '1\t2']],
    ['JSON array elements', 'json', '[{"a": [1, 2]}, "x,y", 3]', ['{"a": [1, 2]}', '"x,y"', '3']],
  ])(
    'index %s and serve every item, the same as scanning',
    async (name, format, content, expected) => {
      const path = write(`${name.replaceAll(' ', '-')}.txt`, content);
      const scanned = await Promise.all(
        expected.map(async (_, i) => text.decode((await items(path, format).item(i)).bytes)),
      );
      expect(index(path, format)).toEqual({ count: expected.length, path: `${path}.ixidx` });
      const viaSidecar = items(path, format);
      expect(viaSidecar.countIfKnown()).toBe(expected.length);
      const served = await Promise.all(
        expected.map(async (_, i) => text.decode((await viaSidecar.item(i)).bytes)),
      );
      expect(served).toEqual(expected);
      expect(scanned).toEqual(expected);
      await expect(viaSidecar.item(expected.length)).rejects.toMatchObject({
        kind: 'data',
        message: `index ${expected.length} is outside the ${expected.length} items of ${path}`,
      });
    },
  );

  test('a sidecar for another version of the file is ignored, with a warning', async () => {
    const path = write('changing.txt', 'one\ntwo\n');
    index(path, 'lines');
    writeFileSync(path, 'one\ntwo\nthree\n');
    warnings.length = 0;
    expect(text.decode((await items(path, 'lines').item(2)).bytes)).toBe('three');
    expect(warnings).toEqual([
      `${path}.ixidx was made for another version of the file (size differs); scanning ${path} instead`,
    ]);
  });

  test('a same-size edit inside a sampled block is seen', async () => {
    const lines = Array.from({ length: 50_000 }, (_, i) => `line-${String(i).padStart(6, '0')}`);
    const path = write('big.txt', `${lines.join('\n')}\n`);
    index(path, 'lines');
    const bytes = readFileSync(path);
    bytes[0] = 'L'.charCodeAt(0);
    writeFileSync(path, bytes);
    warnings.length = 0;
    expect(text.decode((await items(path, 'lines').item(0)).bytes)).toBe('Line-000000');
    expect(warnings).toEqual([
      `${path}.ixidx was made for another version of the file (content differs); scanning ${path} instead`,
    ]);
  });

  test('a sidecar for another format is not used', async () => {
    const path = write('table.csv', 'a,b\n"1\n2",3\n');
    index(path, 'lines');
    warnings.length = 0;
    expect(text.decode((await items(path, 'csv').item(1)).bytes)).toBe('"1\n2",3');
    expect(warnings).toEqual([`${path}.ixidx indexes lines, not csv; scanning ${path} instead`]);
  });

  test('a gzip file is refused: lookups in it inflate from the start anyway', () => {
    const path = write('list.txt.gz', gzipSync('a\nb\n'));
    expect(() => index(path, 'lines')).toThrow(expect.objectContaining({ kind: 'usage' }));
  });

  test('a missing file is 66', () => {
    expect(() => index(join(dir, 'nope.txt'), 'lines')).toThrow(
      expect.objectContaining({ kind: 'noinput' }),
    );
  });
});
