import { describe, expect, test } from 'vitest';
import { parseArgv } from '../../src/cli/parse-argv.ts';

describe('parseArgv', () => {
  test.each([
    [
      'default exec with --',
      ['--index', '3', '--', 'echo', '-n', 'hi'],
      { command: 'exec', flags: { index: '3' }, commandLine: ['echo', '-n', 'hi'] },
    ],
    [
      'explicit exec',
      ['exec', '--index=3', '--', 'true'],
      { command: 'exec', flags: { index: '3' }, commandLine: ['true'] },
    ],
    [
      'command starts at the first non-flag',
      ['--index', '3', 'echo', '--index', '9'],
      { command: 'exec', flags: { index: '3' }, commandLine: ['echo', '--index', '9'] },
    ],
    [
      'a later -- belongs to the command',
      ['--', 'sh', '-c', 'x', '--', 'y'],
      { commandLine: ['sh', '-c', 'x', '--', 'y'] },
    ],
    ['boolean flag', ['--supervise', '--', 'true'], { flags: { supervise: true } }],
    [
      'value that looks like a flag',
      ['--completion-index-var-name', 'I', '--', 'true'],
      { flags: { 'completion-index-var-name': 'I' } },
    ],
    [
      'resolve with -o',
      ['resolve', '-o', 'sh', '--index', '1'],
      { command: 'resolve', flags: { output: 'sh', index: '1' }, commandLine: [] },
    ],
    ['resolve with -osh', ['resolve', '-osh'], { flags: { output: 'sh' } }],
    [
      'a flag repeated with the same value is said once',
      ['--index', '1', '--index=1', 'true'],
      { flags: { index: '1' }, ordered: [{ name: 'index', value: '1' }] },
    ],
    [
      'a repeated dimension flag with the same value adds one dimension',
      ['--frames', '1-3', '--frames', '1-3', 'true'],
      { ordered: [{ name: 'frames', value: '1-3' }] },
    ],
    [
      'a repeatable flag keeps every value, equal ones too',
      ['--csv', 'a.csv', '--csv', 'a.csv', 'true'],
      { flags: { csv: ['a.csv', 'a.csv'] } },
    ],
    [
      'a boolean flag twice',
      ['--supervise', '--supervise', 'true'],
      { flags: { supervise: true } },
    ],
    ['an = inside a value', ['--podinfo=/a=b', 'true'], { flags: { podinfo: '/a=b' } }],
    ['a value of -', ['--podinfo', '-', 'true'], { flags: { podinfo: '-' } }],
    ['help', ['--help'], { command: 'exec', flags: { help: true }, commandLine: [] }],
    ['resolve help', ['resolve', '-h'], { command: 'resolve', flags: { help: true } }],
    ['a lone - is a command', ['-'], { commandLine: ['-'] }],
    [
      'a command named like a subcommand after --',
      ['--', 'resolve'],
      { command: 'exec', commandLine: ['resolve'] },
    ],
    ['help word', ['help'], { command: 'exec', flags: { help: true }, commandLine: [] }],
    ['help word with a command', ['help', 'run'], { command: 'run', flags: { help: true } }],
    ['help word before a flag', ['help', '--index'], { command: 'exec', flags: { help: true } }],
    ['a program named help after --', ['--', 'help'], { command: 'exec', commandLine: ['help'] }],
    ['a mistyped command is the program to run', ['rnu', '-x'], { commandLine: ['rnu', '-x'] }],
  ])('%s', (_name, argv, expected) => {
    expect(parseArgv(argv)).toMatchObject(expected);
  });

  test.each([
    [
      'a single-valued flag twice with two values',
      ['--index', '1', '--index', '2', 'true'],
      {
        kind: 'usage',
        message: '--index was given twice, as "1" and "2": give it once',
        where: '--index',
      },
    ],
    [
      'the same, with = and a short flag',
      ['resolve', '-o', 'json', '--output=sh'],
      { kind: 'usage', message: '--output was given twice, as "json" and "sh": give it once' },
    ],
    [
      'a spec flag twice',
      ['--combine', 'zip', '--combine=product', 'true'],
      { kind: 'usage', where: '--combine' },
    ],
    [
      'unknown flag',
      ['--nope', '--', 'true'],
      { kind: 'usage', message: "unknown option '--nope'", where: '--nope' },
    ],
    [
      'missing value',
      ['--index'],
      {
        kind: 'usage',
        message: 'option --index needs a value (write --index=VALUE for one starting with -)',
        where: '--index',
      },
    ],
    [
      'a flag where a value belongs',
      ['--index', '--supervise', '--', 'true'],
      { kind: 'usage', where: '--index' },
    ],
    ['unknown short flag', ['-x', '--', 'true'], { kind: 'usage', message: "unknown option '-x'" }],
    [
      'unknown flag with a value',
      ['--nope=1'],
      { kind: 'usage', message: "unknown option '--nope'", where: '--nope' },
    ],
    [
      'bad choice',
      ['resolve', '-o', 'yaml'],
      { kind: 'usage', message: '"yaml" is not one of json, env, sh', where: '--output' },
    ],
    [
      'exec-only flag on resolve',
      ['resolve', '--supervise'],
      { kind: 'usage', where: '--supervise' },
    ],
    [
      'resolve-only flag on exec',
      ['-o', 'sh', '--', 'true'],
      {
        kind: 'usage',
        message:
          "unknown option '-o' for 'ixjob exec'; it is an option of 'ixjob resolve', 'ixjob run' or 'ixjob manifest'",
        where: '-o',
      },
    ],
    [
      'resolve given a command',
      ['resolve', '--', 'true'],
      { kind: 'usage', message: 'resolve runs nothing, but a command was given: true' },
    ],
    [
      'boolean given a value',
      ['--supervise=yes', '--', 'true'],
      { kind: 'usage', message: 'option --supervise takes no value', where: '--supervise' },
    ],
  ])('rejects %s', (_name, argv, expected) => {
    expect(() => parseArgv(argv)).toThrow(expect.objectContaining(expected));
  });

  // One line each, the suggestion computed only once the flag is known to be wrong.
  test.each([
    [['run', '--paralelism', '2'], "unknown option '--paralelism'; did you mean '--parallelism'?"],
    [['run', '--paralellism=2'], "unknown option '--paralellism'; did you mean '--parallelism'?"],
    [['--idnex', '3', 'true'], "unknown option '--idnex'; did you mean '--index'?"],
    [['-index', '3', 'true'], "unknown option '-index'; did you mean '--index'?"],
    [['--superivse', 'true'], "unknown option '--superivse'; did you mean '--supervise'?"],
    [['resolve', '--ouput', 'sh'], "unknown option '--ouput'; did you mean '--output'?"],
    [
      ['run', '--backoff-limit-per-idx', '1'],
      "unknown option '--backoff-limit-per-idx'; did you mean '--backoff-limit-per-index'?",
    ],
    [
      ['run', '--per-completion', 'A=1'],
      "unknown option '--per-completion'; did you mean '--per-completion-env'?",
    ],
    [['run', '--stat', 'd'], "unknown option '--stat'; did you mean '--state'?"],
    [
      ['help', 'in'],
      "no help for 'in'; did you mean 'index' or 'install'? (the commands are exec, resolve, run, manifest, index, install)",
    ],
    [['--nope', 'true'], "unknown option '--nope'"],
    [['-x', 'true'], "unknown option '-x'"],
    [
      ['--parallelism', '2', '--', 'true'],
      "unknown option '--parallelism' for 'ixjob exec'; it is an option of 'ixjob run' or 'ixjob manifest'",
    ],
    [
      ['resolve', '--supervise'],
      "unknown option '--supervise' for 'ixjob resolve'; it is an option of 'ixjob exec'",
    ],
    [
      ['index', '--index', '1', 'f'],
      "unknown option '--index' for 'ixjob index'; it is an option of 'ixjob exec' or 'ixjob resolve'",
    ],
    [
      ['help', 'rnu'],
      "no help for 'rnu'; did you mean 'run'? (the commands are exec, resolve, run, manifest, index, install)",
    ],
    [
      ['help', 'zzz'],
      "no help for 'zzz' (the commands are exec, resolve, run, manifest, index, install)",
    ],
  ])('%j: %s', (argv, message) => {
    expect(() => parseArgv(argv)).toThrow(expect.objectContaining({ kind: 'usage', message }));
  });
});
