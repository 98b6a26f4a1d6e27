import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readSpecFile } from '@ixjob/sdk';
import { describe, expect, test } from 'vitest';

const dir = mkdtempSync(join(tmpdir(), 'ixjob-specfile-'));
let n = 0;
const specFile = (text: string, extension = 'yaml') => {
  const name = `spec-${n++}.${extension}`;
  writeFileSync(join(dir, name), text);
  return name;
};

describe('readSpecFile', () => {
  test('says everything the flags say, with defaults, paths relative to the file', async () => {
    const file = specFile(`
combine: product
completions: 24
dimensions:
  - values: { FRUIT: [apple, banana], COLOR: "green yellow" }
  - values: { LINE: "@lines.txt" }
  - csv: t.csv
  - tsv: t.tsv
  - json: j.json
  - frames: 1-100
  - frames: { range: 1-100, chunk: 10 }
  - grid: { size: 32x32, block: 16x16 }
  - files: { glob: "data/*.csv", shards: 4 }
  - commands: "@commands.txt"
rename: { FRUIT: F }
`);
    expect(await readSpecFile(file, dir)).toEqual({
      combine: 'product',
      completions: 24,
      rename: { FRUIT: 'F' },
      base: dir,
      source: file,
      dimensions: [
        { kind: 'values', name: 'FRUIT', values: ['apple', 'banana'] },
        { kind: 'values', name: 'COLOR', values: 'green yellow' },
        { kind: 'values-file', name: 'LINE', file: 'lines.txt' },
        { kind: 'csv', file: 't.csv', delimiter: ',' },
        { kind: 'csv', file: 't.tsv', delimiter: '\t' },
        { kind: 'json', file: 'j.json' },
        { kind: 'frames', range: '1-100', chunk: 1 },
        { kind: 'frames', range: '1-100', chunk: 10 },
        { kind: 'grid', size: '32x32', block: '16x16' },
        { kind: 'files', pattern: 'data/*.csv', shards: 4, strategy: 'contiguous' },
        { kind: 'commands', file: 'commands.txt' },
      ],
    });
  });

  test('JSON is read as well', async () => {
    const file = specFile(JSON.stringify({ dimensions: [{ values: { A: ['1'] } }] }), 'json');
    expect(await readSpecFile(file, dir)).toMatchObject({
      combine: 'zip',
      rename: {},
      dimensions: [{ kind: 'values', name: 'A', values: ['1'] }],
    });
  });

  test.each([
    [
      'an unknown top-level key',
      'dimensions:\n  - values: { A: [x] }\nbogus: 1\n',
      /^invalid spec: Unrecognized key: "bogus"$/,
      1,
    ],
    [
      'an unknown dimension',
      'dimensions:\n  - values: { A: [x] }\n  - nope: 1\n',
      /^invalid spec: dimensions\.1: Unrecognized key: "nope"$/,
      3,
    ],
    [
      'two kinds in one dimension',
      'dimensions:\n  - { csv: a.csv, json: b.json }\n',
      /^invalid spec: dimensions\.0: a dimension has exactly one of values, csv/,
      2,
    ],
    [
      'a bad variable name',
      'dimensions:\n  - values: { "1A": [x] }\n',
      /^invalid spec: dimensions\.0\.values\.1A: Invalid key in record$/,
      2,
    ],
    [
      'a chunk of zero',
      'dimensions:\n  - frames: { range: 1-3, chunk: 0 }\n',
      /^invalid spec: dimensions\.0\.frames\.chunk: Too small/,
      2,
    ],
    [
      'no dimensions',
      'dimensions: []\n',
      /^invalid spec: dimensions: needs at least one dimension$/,
      1,
    ],
    [
      'a bad combine',
      'combine: cross\ndimensions:\n  - values: { A: [x] }\n',
      /^invalid spec: combine: /,
      1,
    ],
    ['YAML that does not parse', 'dimensions:\n  - values: { A: [x\n', /^malformed spec file: /, 3],
  ])('refuses %s, naming the line', async (_name, text, message, line) => {
    const file = specFile(text);
    await expect(readSpecFile(file, dir)).rejects.toMatchObject({
      kind: 'data',
      message: expect.stringMatching(message),
      where: `${file}:${line}`,
    });
  });

  test('a missing spec file is 66', async () => {
    await expect(readSpecFile('nope.yaml', dir)).rejects.toMatchObject({
      kind: 'noinput',
      where: 'nope.yaml',
    });
  });
});
