import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readSpecFile } from '@ixjob/sdk/internal';
import { describe, expect, test } from 'vitest';
import { SPEC_CAP } from '../../src/spec/spec-file.ts';

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
  - files: { glob: "in/*", shards: 2, strategy: balanced, relativeTo: workdir }
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
        {
          kind: 'files',
          pattern: 'data/*.csv',
          shards: 4,
          strategy: 'contiguous',
          relativeTo: 'spec',
        },
        { kind: 'files', pattern: 'in/*', shards: 2, strategy: 'balanced', relativeTo: 'workdir' },
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

describe('readSpecFile: a regular file of at most SPEC_CAP bytes, parsed without blowing up', () => {
  const laughs = (levels: number) =>
    [
      'a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]',
      ...Array.from(
        { length: levels },
        (_, i) => `a${i + 1}: &a${i + 1} [${Array(9).fill(`*a${i}`).join(', ')}]`,
      ),
      `dimensions: [{ values: { F: *a${levels} } }]`,
    ].join('\n');
  const fifo = join(dir, 'spec.fifo');
  execFileSync('mkfifo', [fifo]);
  mkdirSync(join(dir, 'folder.yaml'));

  test.each([
    ['a FIFO (no writer: refused at once)', fifo, 'is a FIFO, not a regular file'],
    ['/dev/zero', '/dev/zero', 'is a character device, not a regular file'],
    ['/dev/null', '/dev/null', 'is a character device, not a regular file'],
    ['a directory', 'folder.yaml', 'is a directory, not a regular file'],
  ])('%s: 66', async (_name, file, message) => {
    await expect(readSpecFile(file, dir)).rejects.toMatchObject({
      kind: 'noinput',
      where: file,
      message: `${file} ${message}`,
    });
  });

  test.each<[string, string | Uint8Array, RegExp, string]>([
    [
      'one byte over the cap',
      `dimensions: [{ values: { A: [x] } }]\n${'#'.repeat(SPEC_CAP.bytes - 36)}`,
      /^a spec file is over 64 KiB, the most ixjob reads: put long lists in a file/,
      '',
    ],
    [
      'an alias bomb (billion laughs)',
      laughs(9),
      /^malformed spec file: Excessive alias count indicates a resource exhaustion attack$/,
      '',
    ],
    [
      'an alias to no anchor',
      'dimensions: [{ values: { A: *nowhere } }]',
      /^malformed spec file: Unresolved alias/,
      '',
    ],
    [
      'nesting deeper than the parser goes',
      `${'['.repeat(30000)}${']'.repeat(30000)}`,
      /^malformed spec file: /,
      ':1',
    ],
    [
      'a byte that is not UTF-8, never read as U+FFFD',
      Buffer.concat([
        Buffer.from('dimensions:\n  - values: { A: [caf'),
        Buffer.from([0xe9, 0x5d, 0x7d]),
      ]),
      /^malformed spec file: not valid UTF-8$/,
      ':2',
    ],
  ])('%s: 65, one line', async (_name, text, message, line) => {
    const file = `cap-${n++}.yaml`;
    writeFileSync(join(dir, file), text);
    const error = await readSpecFile(file, dir).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'data', where: `${file}${line}` });
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).not.toContain('\n');
  });

  test('a spec of exactly the cap is read', async () => {
    const head = 'dimensions: [{ values: { A: [x] } }]\n';
    const file = specFile(`${head}${'#'.repeat(SPEC_CAP.bytes - head.length)}`);
    expect(await readSpecFile(file, dir)).toMatchObject({ dimensions: [{ values: ['x'] }] });
  });

  test('an alias reused, as a spec would use one, is fine', async () => {
    const reuse = specFile(
      'combine: product\ndimensions:\n  - values: { A: &two [x, y] }\n  - values: { B: *two }\n',
    );
    expect(await readSpecFile(reuse, dir)).toMatchObject({
      dimensions: [{ values: ['x', 'y'] }, { values: ['x', 'y'] }],
    });
  });
});
