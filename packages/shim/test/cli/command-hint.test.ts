import { describe, expect, test } from 'vitest';
import { commandHint } from '../../src/cli/command-hint.ts';

/** A PATH of two directories whose files are `onPath`. */
const PATH = '/bin:/usr/local/bin';
const lookup = (onPath: string[]) => (file: string) =>
  onPath.some((name) => file === `/bin/${name}` || file === `/usr/local/bin/${name}`);

describe('commandHint', () => {
  test.each([
    [
      ['rnu'],
      "unknown command 'rnu'; did you mean 'ixjob run'? (to run a program named rnu, put it after --)",
    ],
    [['rnu', '--parallelism', '2', 'x'], "unknown command 'rnu'; did you mean 'ixjob run'?"],
    [['hlep'], "did you mean 'ixjob help'?"],
    [['instal', '/ixjob'], "did you mean 'ixjob install'?"],
    [['in'], "did you mean 'ixjob index' or 'ixjob install'?"],
  ])('%j: a usage error', (args, message) => {
    const hint = commandHint(args, PATH, '/', lookup([]));
    expect(hint).toMatchObject({ kind: 'usage', where: undefined });
    expect(hint?.message).toContain(message);
  });

  test.each([
    ['a program of that name on PATH', ['rnu'], ['rnu']],
    ['a subcommand itself', ['run'], []],
    ['far from every subcommand', ['no-such-thing'], []],
    ['a path', ['./rnu'], []],
    ['a flag', ['--rnu'], []],
    ['nothing', [], []],
    ['an empty word', [''], []],
  ])('none for %s', (_name, args, onPath) => {
    expect(commandHint(args, PATH, '/', lookup(onPath))).toBeUndefined();
  });

  test('an empty PATH entry is the working directory', () => {
    const inCwd = (file: string) => file === '/work/rnu';
    expect(commandHint(['rnu'], '/bin:', '/work', inCwd)).toBeUndefined();
    expect(commandHint(['rnu'], '/bin', '/work', inCwd)).toBeDefined();
  });
});
