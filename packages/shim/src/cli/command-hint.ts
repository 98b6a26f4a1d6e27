import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { IxjobError } from '@ixjob/sdk/internal';
import { DEFAULT_PATH } from '../exec/find-command.ts';
import { closest, orList } from './did-you-mean.ts';
import { COMMANDS } from './flags.ts';
import { HELP_COMMAND } from './parse-argv.ts';

const WORDS: readonly string[] = [...COMMANDS, HELP_COMMAND];

/**
 * The usage error for `ixjob rnu`: a first word that names no program on PATH but is close to
 * a subcommand. Undefined for anything else, whose own failure stands. Only a word near a
 * subcommand costs a PATH walk, so exec of any other command pays for a few comparisons.
 */
export function commandHint(
  args: readonly string[],
  path: string | undefined,
  cwd: string,
  exists: (file: string) => boolean = existsSync,
): IxjobError | undefined {
  const word = args[0];
  if (word === undefined || word === '' || word.startsWith('-') || word.includes('/')) return;
  if (WORDS.includes(word)) return;
  const near = closest(word, WORDS);
  if (near.length === 0) return;
  // Any file of that name on PATH may be the program meant, even one that cannot run.
  const dirs = (path ?? DEFAULT_PATH).split(':');
  if (dirs.some((dir) => exists(resolve(cwd, dir || '.', word)))) return;
  const meant = orList(near.map((command) => `ixjob ${command}`));
  return new IxjobError(
    'usage',
    `unknown command '${word}'; did you mean ${meant}? (to run a program named ${word}, put it after --)`,
  );
}
