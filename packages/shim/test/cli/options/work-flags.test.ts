import { describe, expect, test } from 'vitest';
import { execJobFromFlags } from '../../../src/cli/options/exec-options.ts';
import { parseArgv } from '../../../src/cli/parse-argv.ts';

const jobFromFlags = (args: string[]) =>
  execJobFromFlags(parseArgv([...args, '--', 'true']), '/work');
const fromFlags = (args: string[]) => {
  const work = jobFromFlags(args).work;
  return work !== undefined && 'spec' in work ? work.spec : undefined;
};

describe('execJobFromFlags', () => {
  test('no dimension flags, no spec', () => {
    expect(fromFlags(['--index', '1'])).toBeUndefined();
  });

  test('dimensions keep the order of the flags, whatever their kind', () => {
    const spec = fromFlags([
      '--frames',
      '1-10',
      '--chunk',
      '5',
      '--per-completion-env',
      'A=x y',
      '--csv',
      't.csv',
      '--per-completion-env',
      'B=@b.txt',
      '--grid',
      '4x4',
      '--block',
      '2x2',
      '--files',
      'd/*',
      '--shards',
      '3',
      '--strategy',
      'balanced',
      '--tsv',
      't.tsv',
      '--json',
      'j.json',
      '--commands',
      '@c.txt',
      '--combine',
      'product',
      '--completions',
      '9',
    ]);
    expect(jobFromFlags(['--completions', '9']).completions).toBe(9);
    expect(spec).toEqual({
      combine: 'product',
      rename: {},
      base: '/work',
      dimensions: [
        { kind: 'frames', range: '1-10', chunk: 5 },
        { kind: 'values', name: 'A', values: 'x y' },
        { kind: 'csv', file: 't.csv', delimiter: ',' },
        { kind: 'values-file', name: 'B', file: 'b.txt' },
        { kind: 'grid', size: '4x4', block: '2x2' },
        { kind: 'files', pattern: 'd/*', shards: 3, strategy: 'balanced' },
        { kind: 'csv', file: 't.tsv', delimiter: '\t' },
        { kind: 'json', file: 'j.json' },
        { kind: 'commands', file: 'c.txt' },
      ],
    });
  });

  test.each([
    [
      'an empty value list is a list of nothing',
      ['--per-completion-env', 'A='],
      { kind: 'values', name: 'A', values: '' },
    ],
    [
      'an = inside the values',
      ['--per-completion-env', 'A=k=v'],
      { kind: 'values', name: 'A', values: 'k=v' },
    ],
    ['--commands without the @', ['--commands', 'c.txt'], { kind: 'commands', file: 'c.txt' }],
    [
      'frames default to one per index',
      ['--frames', '1-3'],
      { kind: 'frames', range: '1-3', chunk: 1 },
    ],
    [
      'files default to contiguous',
      ['--files', '*', '--shards', '2'],
      { kind: 'files', pattern: '*', shards: 2, strategy: 'contiguous' },
    ],
  ])('%s', (_name, args, dimension) => {
    expect(fromFlags(args)?.dimensions).toEqual([dimension]);
  });

  test.each([
    [
      'NAME=VALUES without =',
      ['--per-completion-env', 'AB'],
      'expected NAME=VALUES or NAME=@FILE, got "AB"',
      '--per-completion-env',
    ],
    [
      'a name that is not a variable',
      ['--per-completion-env', '1A=x'],
      '"1A" is not a valid variable name (letters, digits and _, not starting with a digit)',
      '--per-completion-env',
    ],
    ['--grid without --block', ['--grid', '4x4'], '--grid needs --block RxC', '--grid'],
    ['--files without --shards', ['--files', '*'], '--files needs --shards N', '--files'],
    [
      '--block alone',
      ['--block', '2x2', '--per-completion-env', 'A=1'],
      '--block goes with --grid',
      '--block',
    ],
    [
      '--strategy alone',
      ['--strategy', 'balanced', '--per-completion-env', 'A=1'],
      '--strategy goes with --files',
      '--strategy',
    ],
    [
      '--chunk that is not a number',
      ['--frames', '1-3', '--chunk', 'x'],
      '--chunk must be a positive whole number: "x"',
      '--chunk',
    ],
    [
      '--shards of zero',
      ['--files', '*', '--shards', '0'],
      '--shards must be a positive whole number: "0"',
      '--shards',
    ],
    [
      '--completions that is not a number',
      ['--completions', 'many', '--per-completion-env', 'A=1'],
      '--completions must be a whole number: "many"',
      '--completions',
    ],
    [
      'flags and --spec',
      ['--spec', 's.yaml', '--csv', 't.csv'],
      'give the work spec either as flags or as --spec FILE, not both',
      '--spec',
    ],
  ])('refuses %s', (_name, args, message, where) => {
    expect(() => jobFromFlags(args)).toThrow(
      expect.objectContaining({ kind: 'usage', message, where }),
    );
  });
});
