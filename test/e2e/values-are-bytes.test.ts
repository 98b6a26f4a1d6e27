import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, test } from 'vitest';
import { BASE_ENV, IXJOB } from '../support/ixjob-process.ts';
import { scratchDirs } from '../support/scratch-dirs.ts';

/**
 * Issue 11, values from work files: every value reaches the command byte for byte through
 * `resolve`, exec and `run`, or the file is refused with one line naming file:line (65);
 * never a replaced, cut or re-printed value. Compared as bytes, as `cmp` would.
 */
const scratch = scratchDirs('values-bytes');
const dir = scratch();
const write = (name: string, content: string | Uint8Array) => {
  const path = join(dir, name);
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, content);
  return path;
};

function ixjob(args: string[], cwd = dir) {
  const result = spawnSync(IXJOB, args, { env: BASE_ENV, input: '', cwd, timeout: 60_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr.toString() };
}
/** What `resolve -o json` says variable `name` of index `index` is. */
function resolved(args: string[], index: number, name: string): string | undefined {
  const result = ixjob(['resolve', '--index', String(index), ...args]);
  expect(result.stderr).toBe('');
  return (JSON.parse(result.stdout.toString()) as { env: Record<string, string> }).env[name];
}
/** The bytes of `$name` as the exec'd command sees them. */
function execed(args: string[], index: number, name: string): Buffer {
  const result = ixjob([
    '--index',
    String(index),
    ...args,
    '--',
    'sh',
    '-c',
    `printf %s "$${name}"`,
  ]);
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  return result.stdout;
}
/** The bytes of `$name` each index of `ixjob run` sees, by index. */
function ran(args: string[], name: string, count: number): Buffer[] {
  const out = scratch();
  const state = scratch();
  const script = `printf %s "$${name}" > ${out}/$JOB_COMPLETION_INDEX`;
  const result = ixjob(['run', '-q', '--state', state, ...args, '--', 'sh', '-c', script]);
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  return Array.from({ length: count }, (_, i) => readFileSync(join(out, String(i))));
}

const VALUES: [string, string][] = [
  ['UTF-8 text', 'café ☕ 😀 日本'],
  ['spaces inside and around', '  two  spaces  '],
  ['shell and kubelet syntax', `$(HOME) $HOME \`id\` "dq" 'sq' \\ *`],
  ['a tab and a lone CR', 'a\tb\rc'],
  ['U+FFFD written in the file', 'x\uFFFDy'],
  ['a BOM character past the first line', '\uFEFFz'],
  ['100 KiB, under the 128 KiB a variable may hold', 'v'.repeat(100 * 1024)],
];
const values = VALUES.map(([, value]) => value);
const csvField = (value: string) => `"${value.replaceAll('"', '""')}"`;

describe('values are passed byte for byte: resolve, exec, run', () => {
  const files: [string, string[], string][] = [
    [
      'a list file',
      ['--per-completion-env', `F=@${write('list.txt', `${values.join('\n')}\n`)}`],
      'F',
    ],
    [
      'a gzipped list file',
      ['--per-completion-env', `F=@${write('list.txt.gz', gzipSync(values.join('\r\n')))}`],
      'F',
    ],
    [
      'a CSV file',
      ['--csv', write('table.csv', `v\r\n${values.map(csvField).join('\r\n')}\r\n`)],
      'v',
    ],
    ['a TSV file', ['--tsv', write('table.tsv', `v\n${values.map(csvField).join('\n')}\n`)], 'v'],
    [
      'a JSON array',
      ['--json', write('items.json', JSON.stringify(values.map((v) => ({ v }))))],
      'v',
    ],
    [
      'JSON Lines of strings',
      ['--json', write('items.jsonl', values.map((v) => JSON.stringify(v)).join('\n'))],
      'ITEM',
    ],
  ];
  test.each(files)('%s', (_name, args, name) => {
    const byRun = ran(args, name, values.length);
    values.forEach((value, index) => {
      const bytes = Buffer.from(value, 'utf8');
      expect(resolved(args, index, name)).toBe(value);
      expect(execed(args, index, name).equals(bytes)).toBe(true);
      expect(byRun[index]?.equals(bytes)).toBe(true);
    });
  });

  test('multi-line values from CSV and JSON', () => {
    const value = 'two\r\nlines\nand a "quote"';
    for (const args of [
      ['--csv', write('multi.csv', `v\n${csvField(value)}\n`)],
      ['--json', write('multi.json', JSON.stringify([{ v: value }]))],
    ]) {
      expect(execed(args, 0, 'v').equals(Buffer.from(value))).toBe(true);
      expect(ran(args, 'v', 1)[0]?.equals(Buffer.from(value))).toBe(true);
    }
  });

  test('JSON numbers are their source text', () => {
    const numbers = [
      '9007199254740993',
      '12345678901234567890',
      '1e400',
      '-0',
      '1.50E+3',
      '0.1000000000000000055511151231257827',
    ];
    const args = [
      '--json',
      write(
        'numbers.json',
        `[${numbers.join(', ')}, {"n": {"x": 1e400, "y": [12345678901234567890]}}]`,
      ),
    ];
    const byRun = ran(args, 'ITEM', numbers.length);
    numbers.forEach((number, index) => {
      expect(resolved(args, index, 'ITEM')).toBe(number);
      expect(execed(args, index, 'ITEM').toString()).toBe(number);
      expect(byRun[index]?.toString()).toBe(number);
    });
    expect(resolved(args, numbers.length, 'n')).toBe('{"x":1e400,"y":[12345678901234567890]}');
  });

  test('command lines run byte for byte', () => {
    const lines = ["printf '%s' 'café ☕'", "printf '%s' '  $(HOME)  '"];
    const args = ['--commands', `@${write('commands.txt', `${lines.join('\n')}\n`)}`];
    expect(ixjob(['--index', '0', ...args]).stdout.toString()).toBe('café ☕');
    expect(ixjob(['--index', '1', ...args]).stdout.toString()).toBe('  $(HOME)  ');
  });
});

const latin1 = (text: string) => Buffer.from(text, 'latin1');
/** Refused: name, the flags (given the file), the file's bytes, the bad index, the one line. */
const REFUSALS: [string, (file: string) => string[], string | Buffer, number, RegExp][] = [
  [
    'a NUL in a list value',
    (f) => ['--per-completion-env', `F=@${f}`],
    Buffer.from('ok\nx\0y\nz\n'),
    1,
    /^ixjob: a NUL byte at column 2: .*\(\S+:2\)$/,
  ],
  [
    'Latin-1 in a list value',
    (f) => ['--per-completion-env', `F=@${f}`],
    latin1('ok\ncaf\xe9\nz\n'),
    1,
    /^ixjob: not valid UTF-8: byte 0xE9 at column 4; .*\(\S+:2\)$/,
  ],
  [
    'a NUL in a CSV field',
    (f) => ['--csv', f],
    Buffer.from('a,b\nx,1\ny\0z,2\n'),
    1,
    /^ixjob: a NUL byte at column 2: .*\(\S+:3\)$/,
  ],
  [
    'Latin-1 in a CSV header',
    (f) => ['--csv', f],
    latin1('caf\xe9,b\n1,2\n'),
    0,
    /^ixjob: not valid UTF-8: byte 0xE9 .*\(\S+:1\)$/,
  ],
  [
    'Latin-1 in a quoted CSV field, on its own line',
    (f) => ['--csv', f],
    latin1('a\n"x\ny\xff"\n'),
    0,
    /^ixjob: not valid UTF-8: byte 0xFF at column 2; .*\(\S+:3\)$/,
  ],
  [
    '\\u0000 in a JSON string',
    (f) => ['--json', f],
    '[{"a": "x"},\n{"a": "x\\u0000y"}]',
    1,
    /^ixjob: a string holds \\u0000: .*\(\S+:2\)$/,
  ],
  [
    'a lone surrogate in a JSON string',
    (f) => ['--json', f],
    '["ok", "\\udce9"]',
    1,
    /^ixjob: a string holds half of a UTF-16 surrogate pair .*\(\S+:1\)$/,
  ],
  [
    'Latin-1 in a JSON string',
    (f) => ['--json', f],
    latin1('["ok",\n "caf\xe9"]'),
    1,
    /^ixjob: not valid UTF-8: byte 0xE9 \(byte 5 of the element\); .*\(\S+:2\)$/,
  ],
  [
    'a duplicate JSON key',
    (f) => ['--json', f],
    '[{"a": 1},\n{"a": 1,\n "a": 2}]',
    1,
    /^ixjob: the key "a" is given twice in one object \(\S+:3\)$/,
  ],
  [
    'a NUL in a command line',
    (f) => ['--commands', `@${f}`],
    Buffer.from('true\necho x\0y\n'),
    1,
    /^ixjob: a NUL byte at column 7: .*\(\S+:2\)$/,
  ],
  [
    'Latin-1 in a command line',
    (f) => ['--commands', `@${f}`],
    latin1('true\ncat caf\xe9.txt\n'),
    1,
    /^ixjob: not valid UTF-8: byte 0xE9 at column 8; .*\(\S+:2\)$/,
  ],
  [
    'a line over the 1 MiB item cap',
    (f) => ['--per-completion-env', `F=@${f}`],
    `ok\n${'x'.repeat((1 << 20) + 1)}\nz\n`,
    1,
    /^ixjob: line longer than 1 MiB, the most one item of a work file may hold: .*\(\S+:2\)$/,
  ],
  [
    'a NUL in a spec file value (YAML "\\0")',
    (f) => ['--spec', f],
    'dimensions:\n  - values: { F: ["ok", "a\\0b"] }\n',
    1,
    /^ixjob: value 1 of F holds a NUL: no environment variable or argument can hold one \(F\)$/,
  ],
  [
    'an empty CSV file',
    (f) => ['--csv', f],
    '',
    3,
    /^ixjob: \S+ has no header row to name the variables: the file is empty or blank \(\S+\)$/,
  ],
];

describe('refused with one line naming file:line (65): resolve, exec, run', () => {
  test.each(REFUSALS)('%s', (name, flags, content, index, line) => {
    const extensions: Record<string, string> = {
      '--csv': 'csv',
      '--json': 'json',
      '--spec': 'yaml',
    };
    const ext = extensions[flags('x')[0] ?? ''] ?? 'txt';
    const args = flags(write(`refuse/${name.replaceAll(/\W+/g, '-')}.${ext}`, content));
    const oneLine = (stderr: string) => {
      expect(stderr.endsWith('\n')).toBe(true);
      expect(stderr.trimEnd().split('\n')).toHaveLength(1);
      expect(stderr.trimEnd()).toMatch(line);
    };

    const resolve = ixjob(['resolve', '--index', String(index), ...args]);
    oneLine(resolve.stderr);
    expect(resolve.code).toBe(65);
    expect(resolve.stdout.length).toBe(0);

    const marker = join(scratch(), 'ran');
    const exec = ixjob(['--index', String(index), ...args, '--', 'sh', '-c', `touch ${marker}`]);
    oneLine(exec.stderr);
    expect(exec.code).toBe(65);
    expect(existsSync(marker)).toBe(false);

    const run = ixjob(['run', '-q', '-o', 'json', '--state', scratch(), ...args, '--', 'true']);
    if (run.code === 65) oneLine(run.stderr);
    else {
      // The index's own pod failed with 65, its one line the last of its log.
      expect(run.code).toBe(1);
      const failure = (
        JSON.parse(run.stdout.toString()) as {
          failures: { index: number; exitCode: number; lastLine: string }[];
        }
      ).failures.find((f) => f.index === index);
      expect(failure?.exitCode).toBe(65);
      // The summary shortens a long line with an ellipsis: the same line, as far as it goes.
      const shown = failure?.lastLine.replace(/…$/, '') ?? '';
      expect(shown.length).toBeGreaterThan(40);
      expect(resolve.stderr.startsWith(shown)).toBe(true);
    }
  });
});
