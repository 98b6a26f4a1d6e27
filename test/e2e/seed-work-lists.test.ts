import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { fields, ixjobSync } from '../support/ixjob-process.ts';

const seeds = fileURLToPath(new URL('../fixtures/seeds/', import.meta.url));
const at = (file: string) => `${seeds}${file}`;

/** Runs the command for every index, as the Job's pods would, and collects what each prints. */
function everyIndex(count: number, args: string[], command: string[], stderr = ''): string[] {
  return Array.from({ length: count }, (_, index) => {
    const result = ixjobSync(['--index', String(index), ...args, '--', ...command]);
    expect(result.stderr).toBe(stderr);
    expect(result.code).toBe(0);
    return result.stdout.toString();
  });
}

const SAY_FRUIT = ['sh', '-c', 'echo "Have a nice $COLOR $FRUIT"'];

describe('the seed’s kubectl examples, verbatim', () => {
  // A one-line file is split at whitespace, as the seed needs, and says so (issue 11).
  const split = (file: string, name: string) =>
    `ixjob: warning: ${file} has a single line, split at whitespace into 3 values as $(cat ${file}) would be; a file of several lines keeps each line whole, and one value with spaces needs --csv (a header line ${name}, then the value)\n`;
  test.each([
    [
      'inline lists',
      [
        '--per-completion-env=FRUIT=apple banana cherry',
        '--per-completion-env=COLOR=green yellow red',
      ],
      '',
    ],
    [
      '@files made by echo "apple banana cherry" > fruits.txt',
      [
        `--per-completion-env=FRUIT=@${at('fruits.txt')}`,
        `--per-completion-env=COLOR=@${at('colors.txt')}`,
      ],
      split(at('fruits.txt'), 'FRUIT') + split(at('colors.txt'), 'COLOR'),
    ],
  ])('say-fruit with %s', (_name, args, stderr) => {
    expect(everyIndex(3, args, SAY_FRUIT, stderr)).toEqual([
      'Have a nice green apple\n',
      'Have a nice yellow banana\n',
      'Have a nice red cherry\n',
    ]);
  });

  test('say-number with --completions and --completion-index-var-name', () => {
    const out = everyIndex(
      3,
      ['--completions=3', '--completion-index-var-name=I'],
      ['sh', '-c', 'echo "My index is $I"'],
    );
    expect(out).toEqual(['My index is 0\n', 'My index is 1\n', 'My index is 2\n']);
  });

  test('work list 1: process_file $F with F=@files-to-process.txt', () => {
    const out = everyIndex(
      3,
      ['--per-completion-env', `F=@${at('files-to-process.txt')}`],
      ['show', '/usr/local/bin/process_file', '$(F)'],
    );
    expect(out.map((o) => fields(Buffer.from(o)))).toEqual([
      ['/usr/local/bin/process_file', '12342.dat'],
      ['/usr/local/bin/process_file', '97283.dat'],
      ['/usr/local/bin/process_file', '38732.dat'],
    ]);
  });

  test('work list 2 with four --per-completion-env lists (the seed’s multiple-parameter form)', () => {
    const out = everyIndex(
      4,
      [
        '--per-completion-env=SR=0 16 0 16',
        '--per-completion-env=ER=15 31 15 31',
        '--per-completion-env=SC=0 0 16 16',
        '--per-completion-env=EC=15 15 31 31',
      ],
      [
        'show',
        '-start_row',
        '$(SR)',
        '-end_row',
        '$(ER)',
        '-start_col',
        '$(SC)',
        '--end_col',
        '$(EC)',
      ],
    );
    expect(out.map((o) => fields(Buffer.from(o)).join(' '))).toEqual([
      '-start_row 0 -end_row 15 -start_col 0 --end_col 15',
      '-start_row 16 -end_row 31 -start_col 0 --end_col 15',
      '-start_row 0 -end_row 15 -start_col 16 --end_col 31',
      '-start_row 16 -end_row 31 -start_col 16 --end_col 31',
    ]);
  });

  test('work list 2 as four blocks of a 32x32 matrix, row-major', () => {
    const out = everyIndex(
      4,
      ['--grid', '32x32', '--block', '16x16'],
      ['sh', '-c', 'echo $START_ROW $END_ROW $START_COL $END_COL'],
    );
    expect(out).toEqual(['0 15 0 15\n', '0 15 16 31\n', '16 31 0 15\n', '16 31 16 31\n']);
  });

  test('work list 2 as whole command lines: COMMAND_LINE is each line exactly', () => {
    const lines = readFileSync(at('matrix-commandlines.txt'), 'utf8').trimEnd().split('\n');
    const resolved = lines.map((_, index) => {
      const result = ixjobSync([
        'resolve',
        '--index',
        String(index),
        '--commands',
        `@${at('matrix-commandlines.txt')}`,
      ]);
      return (JSON.parse(result.stdout.toString()) as { env: Record<string, string> }).env
        .COMMAND_LINE;
    });
    expect(resolved).toEqual(lines);
  });

  test('with --commands and no command, the line runs under /bin/sh -c', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ixjob-commands-'));
    writeFileSync(
      join(dir, 'commands.txt'),
      'echo "first $((20 + 1))"\necho second; echo "index $IXJOB_INDEX" >&2\n',
    );
    expect(ixjobSync(['--index', '0', '--commands', `@${dir}/commands.txt`])).toMatchObject({
      code: 0,
      stderr: '',
    });
    expect(
      ixjobSync(['--index', '0', '--commands', `@${dir}/commands.txt`]).stdout.toString(),
    ).toBe('first 21\n');
    expect(ixjobSync(['--index', '1', '--commands', `@${dir}/commands.txt`])).toMatchObject({
      code: 0,
      stderr: 'index 1\n',
    });
  });

  test('work list 4: one frame per index', () => {
    const out = everyIndex(3, ['--frames', '1-3'], ['sh', '-c', 'echo blender -f $START_FRAME']);
    expect(out).toEqual(['blender -f 1\n', 'blender -f 2\n', 'blender -f 3\n']);
  });

  test('work list 5: blocks of 100 frames', () => {
    const out = everyIndex(
      3,
      ['--frames', '1-300', '--chunk', '100'],
      ['sh', '-c', 'echo --frame-start $START_FRAME --frame-end $END_FRAME $FRAMES'],
    );
    expect(out).toEqual([
      '--frame-start 1 --frame-end 100 1-100\n',
      '--frame-start 101 --frame-end 200 101-200\n',
      '--frame-start 201 --frame-end 300 201-300\n',
    ]);
  });
});
