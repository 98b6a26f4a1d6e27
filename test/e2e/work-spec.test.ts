import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, test } from 'vitest';
import { ixjobSync } from '../support/ixjob-process.ts';

const dir = mkdtempSync(join(tmpdir(), 'ixjob-spec-'));
const file = (name: string, content: string | Uint8Array) => {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
};

interface Resolution {
  index: number;
  count: number | null;
  env: Record<string, string>;
}
const resolve = (args: string[], env: Record<string, string> = {}): Resolution => {
  const result = ixjobSync(['resolve', ...args], env);
  expect(result.stderr).toBe('');
  return JSON.parse(result.stdout.toString()) as Resolution;
};
/** The parameters only: every exported variable that is not ixjob's own. */
const paramsOf = ({ env }: Resolution) =>
  Object.fromEntries(
    Object.entries(env).filter(([name]) => !/^(IXJOB_|JOB_COMPLETION_INDEX)/.test(name)),
  );

const table = file(
  'table.csv',
  '\uFEFFscene name,frame,note\r\nintro,1,"a, b"\r\nmiddle,2,"two\r\nlines"\r\n',
);
const tsv = file('table.tsv', 'scene\tframe\nintro\t1\n');
const jsonArray = file(
  'items.json',
  '[{"scene": "intro", "frame": 1, "tags": ["a"]}, {"scene": "end", "frame": 2, "tags": []}]',
);
const jsonLines = file('items.jsonl', '"alpha"\n\n42\n{"k": null}\n');
const list = file('list.txt', 'one\r\ntwo\r\n\r\nthree');
const gzList = file('list.txt.gz', gzipSync('one\ntwo\nthree\n'));

describe('every dimension, through the real CLI', () => {
  test.each<[string, string[], number, Record<string, string>]>([
    [
      'CSV: BOM, CRLF, headers made into names, quoted commas',
      ['--csv', table],
      0,
      { scene_name: 'intro', frame: '1', note: 'a, b' },
    ],
    [
      'CSV: a quoted field with a newline',
      ['--csv', table],
      1,
      { scene_name: 'middle', frame: '2', note: 'two\r\nlines' },
    ],
    ['TSV', ['--tsv', tsv], 0, { scene: 'intro', frame: '1' }],
    ['JSON array of objects', ['--json', jsonArray], 1, { scene: 'end', frame: '2', tags: '[]' }],
    ['JSON Lines of scalars and objects', ['--json', jsonLines], 1, { ITEM: '42' }],
    ['JSON Lines, an object with null', ['--json', jsonLines], 2, { k: '' }],
    ['@file: CRLF and blank lines', ['--per-completion-env', `N=@${list}`], 2, { N: 'three' }],
    [
      '@file gzip-compressed, read transparently',
      ['--per-completion-env', `N=@${gzList}`],
      1,
      { N: 'two' },
    ],
    [
      'frames in chunks',
      ['--frames', '1-10', '--chunk', '4'],
      2,
      {
        START_FRAME: '9',
        END_FRAME: '10',
        FRAME_COUNT: '2',
        FRAMES: '9-10',
        FRAME_STEP: '1',
        FRAME_LIST: '9,10',
      },
    ],
    [
      'frames with the render-farm step: FRAME_STEP and FRAME_LIST say which, not START to END',
      ['--frames', '1-100x5', '--chunk', '10'],
      0,
      {
        START_FRAME: '1',
        END_FRAME: '46',
        FRAME_COUNT: '10',
        FRAMES: '1-46:5',
        FRAME_STEP: '5',
        FRAME_LIST: '1,6,11,16,21,26,31,36,41,46',
      },
    ],
    [
      'frames unevenly spaced: no FRAME_STEP, runs collapsed in FRAME_LIST',
      ['--frames', '1,3,7-10', '--chunk', '6'],
      0,
      {
        START_FRAME: '1',
        END_FRAME: '10',
        FRAME_COUNT: '6',
        FRAMES: '1,3,7-10',
        FRAME_STEP: '',
        FRAME_LIST: '1,3,7..10',
      },
    ],
    [
      'grid blocks, clipped at the edge',
      ['--grid', '10x10', '--block', '4x4'],
      8,
      {
        BLOCK_ROW: '2',
        BLOCK_COL: '2',
        START_ROW: '8',
        END_ROW: '9',
        START_COL: '8',
        END_COL: '9',
      },
    ],
  ])('%s', (_name, args, index, expected) => {
    expect(paramsOf(resolve(['--index', String(index), ...args]))).toEqual(expected);
  });

  test('file shards: every file once, sorted, split contiguously', () => {
    const shardDir = mkdtempSync(join(tmpdir(), 'ixjob-shards-'));
    for (const name of ['c.dat', 'a.dat', 'b.dat']) writeFileSync(join(shardDir, name), 'x');
    const shards = [0, 1].map((index) =>
      paramsOf(
        resolve(['--index', String(index), '--files', `${shardDir}/*.dat`, '--shards', '2']),
      ),
    );
    expect(shards).toEqual([
      { SHARD_FILES: `${shardDir}/a.dat\n${shardDir}/b.dat`, SHARD_FILE_COUNT: '2' },
      { SHARD_FILES: `${shardDir}/c.dat`, SHARD_FILE_COUNT: '1' },
    ]);
  });

  test('an empty shard is allowed and says so', () => {
    const shardDir = mkdtempSync(join(tmpdir(), 'ixjob-shards-'));
    writeFileSync(join(shardDir, 'only.dat'), 'x');
    const result = ixjobSync([
      'resolve',
      '--index',
      '1',
      '--files',
      `${shardDir}/*.dat`,
      '--shards',
      '2',
    ]);
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/^ixjob: warning: shard \d of 2 is empty: 1 file matched\n$/);
  });
});

describe('flags and a spec file say the same thing', () => {
  const flags = [
    '--combine',
    'product',
    '--per-completion-env',
    'FRUIT=apple banana',
    '--per-completion-env',
    `N=@${list}`,
  ];
  const yaml = file(
    'spec.yaml',
    `combine: product\ndimensions:\n  - values: { FRUIT: [apple, banana] }\n  - values: { N: "@list.txt" }\n`,
  );
  const json = file(
    'spec.json',
    JSON.stringify({
      combine: 'product',
      dimensions: [{ values: { FRUIT: 'apple banana' } }, { values: { N: '@list.txt' } }],
    }),
  );

  test.each([0, 1, 2, 3, 4, 5])('index %i: the same record and the same digest', (index) => {
    const fromFlags = resolve(['--index', String(index), ...flags]);
    for (const spec of [yaml, json]) {
      const fromFile = resolve(['--index', String(index), '--spec', spec]);
      expect(paramsOf(fromFile)).toEqual(paramsOf(fromFlags));
      expect(fromFile.env.IXJOB_SPEC_SHA256).toBe(fromFlags.env.IXJOB_SPEC_SHA256);
      expect(fromFile.count).toBe(6);
    }
  });

  test('a spec file can rename variables', () => {
    const renamed = file(
      'renamed.yaml',
      'dimensions:\n  - values: { FRUIT: [apple] }\nrename: { FRUIT: F }\n',
    );
    expect(paramsOf(resolve(['--index', '0', '--spec', renamed]))).toEqual({ F: 'apple' });
  });
});

describe('errors name what and where, with their exit codes', () => {
  test.each<[string, string[], number, RegExp]>([
    [
      'an index past the list',
      ['--index', '12', '--per-completion-env', `F=@${list}`],
      65,
      /^ixjob: index 12 is outside the 3 items of \S+list\.txt \(\S+list\.txt\)\n$/,
    ],
    [
      'a missing file',
      ['--index', '0', '--per-completion-env', `F=@${dir}/none.txt`],
      66,
      /^ixjob: \S+none\.txt: no such file \(\S+none\.txt\)\n$/,
    ],
    [
      'unequal lists',
      ['--index', '0', '--per-completion-env', 'A=1 2', '--per-completion-env', 'B=1 2 3'],
      65,
      /^ixjob: zip needs lists of one length: A has 2 items, B has 3 \(A, B\)\n$/,
    ],
    [
      '--completions that disagrees',
      ['--index', '0', '--completions', '4', '--per-completion-env', 'A=1 2 3'],
      78,
      /^ixjob: two sources disagree on the count: --completions says 4, A says 3 \(--completions, A\)\n$/,
    ],
    [
      'a ragged CSV row',
      ['--index', '1', '--csv', file('ragged.csv', 'a,b\n1,2\n3\n')],
      65,
      /^ixjob: row has 1 fields?, the header has 2 \(\S+ragged\.csv:3\)\n$/,
    ],
    [
      'a ragged CSV row, found when counting',
      ['--index', '0', '--completions', '2', '--csv', file('ragged2.csv', 'a,b\n1,2\n3\n')],
      65,
      /^ixjob: row has 1 fields?, the header has 2 \(\S+ragged2\.csv:3\)\n$/,
    ],
    [
      'colliding CSV headers',
      ['--index', '0', '--csv', file('collide.csv', 'a b,a-b\n1,2\n')],
      65,
      /^ixjob: headers "a b" and "a-b" both become the variable a_b \(\S+collide\.csv:1\)\n$/,
    ],
    [
      'malformed JSON',
      ['--index', '0', '--json', file('bad.json', '[{"a": }]')],
      65,
      /^ixjob: malformed JSON: .+ \(\S+bad\.json:1\)\n$/,
    ],
    [
      'a spec file with an unknown key',
      [
        '--index',
        '0',
        '--spec',
        file('unknown.yaml', 'dimensions:\n  - values: { A: [x] }\nbogus: 1\n'),
      ],
      65,
      /^ixjob: invalid spec: .*bogus.* \(\S+unknown\.yaml:\d\)\n$/,
    ],
    [
      'flags and --spec together',
      ['--index', '0', '--spec', 'x.yaml', '--per-completion-env', 'A=1'],
      64,
      /^ixjob: give the work spec either as flags or as --spec FILE, not both \(--spec\)\n$/,
    ],
    [
      'a bad NAME=VALUES',
      ['--index', '0', '--per-completion-env', 'noequals'],
      64,
      /^ixjob: expected NAME=VALUES or NAME=@FILE, got "noequals" \(--per-completion-env\)\n$/,
    ],
    [
      'a chunk whose FRAME_LIST no variable can hold',
      ['--index', '0', '--frames', '0-400000:2', '--chunk', '200000'],
      64,
      /^ixjob: index 0's frames, as Blender's -f list \(FRAME_LIST\), are over the 131060 bytes one variable can hold \(Linux's 128 KiB\); use a smaller chunk \(--frames\)\n$/,
    ],
    [
      '--chunk without --frames',
      ['--index', '0', '--chunk', '2', '--per-completion-env', 'A=1'],
      64,
      /^ixjob: --chunk goes with --frames \(--chunk\)\n$/,
    ],
  ])('%s', (_name, args, code, line) => {
    const result = ixjobSync(['resolve', ...args]);
    expect(result.stderr).toMatch(line);
    expect(result.code).toBe(code);
  });
});

describe('ixjob index: the sidecar', () => {
  test('index a list, then any line comes through it, the count with it', () => {
    const path = file('indexed.txt', 'a\nb\nc\n');
    expect(resolve(['--index', '0', '--per-completion-env', `L=@${path}`]).count).toBeNull();
    const indexed = ixjobSync(['index', path]);
    expect(indexed).toMatchObject({ code: 0, stderr: '' });
    expect(indexed.stdout.toString()).toBe(`${path}.ixidx: 3 lines\n`);
    const through = resolve(['--index', '2', '--per-completion-env', `L=@${path}`]);
    expect(through).toMatchObject({ count: 3, env: { L: 'c', IXJOB_COUNT: '3' } });
  });

  test.each([
    ['table.csv', 'csv', 'a,b\n1,2\n3,4\n', '2 records after the header'],
    ['items.json', 'json', '[1, 2, 3]', '3 elements'],
    ['data.txt', 'tsv', 'a\tb\n1\t2\n', '1 record after the header'],
  ])('%s as %s', (name, format, content, told) => {
    const path = file(`idx-${name}`, content);
    const result = ixjobSync([
      'index',
      ...(name.endsWith('.txt') ? ['--format', format] : []),
      path,
    ]);
    expect(result.stdout.toString()).toBe(`${path}.ixidx: ${told}\n`);
  });

  test('without a file it is a usage error', () => {
    expect(ixjobSync(['index'])).toMatchObject({ code: 64 });
  });
});
