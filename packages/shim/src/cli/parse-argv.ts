import { IxjobError } from '@ixjob/sdk/internal';
import { closest, orList } from './did-you-mean.ts';
import { COMMANDS, type Command, FLAGS, type FlagSpec, flagsOf } from './flags.ts';

export type FlagValues = Record<string, string | boolean | string[] | undefined>;

export interface ParsedArgv {
  command: Command;
  flags: FlagValues;
  /** Every string flag in the order given: the order of dimensions matters for product. */
  ordered: { name: string; value: string }[];
  /** The command to run and its arguments, as given (before `$(VAR)` expansion). */
  commandLine: string[];
  /** `ixjob manifest NAME`: the Job's name, the one word before the flags. */
  name?: string | undefined;
}

/** The word that shows help, as `ixjob help [COMMAND]`. */
export const HELP_COMMAND = 'help';

/** Finds the flag a token names: `--name`, `--name=value`, `-x` or `-xvalue`. */
function lookup(
  token: string,
  flags: readonly FlagSpec[],
  command: Command,
): { flag: FlagSpec; inline?: string } {
  if (token.startsWith('--')) {
    const equals = token.indexOf('=');
    const name = token.slice(2, equals === -1 ? undefined : equals);
    const flag = flags.find((f) => f.name === name);
    if (flag) return equals === -1 ? { flag } : { flag, inline: token.slice(equals + 1) };
  } else {
    const flag = flags.find((f) => f.short === token[1]);
    if (flag) return token.length === 2 ? { flag } : { flag, inline: token.slice(2) };
  }
  throw unknownOption(token.split('=')[0] ?? token, flags, command);
}

/** The error for an unknown option, with the flag it was probably meant to be. */
function unknownOption(given: string, flags: readonly FlagSpec[], command: Command): IxjobError {
  const name = given.replace(/^--?/, '');
  const short = !given.startsWith('--') && name.length === 1;
  const owners = FLAGS.filter((flag) => (short ? flag.short : flag.name) === name).flatMap((flag) =>
    flag.commands.map((other) => `ixjob ${other}`),
  );
  if (owners.length > 0 && (short || given.startsWith('--'))) {
    return new IxjobError(
      'usage',
      `unknown option '${given}' for 'ixjob ${command}'; it is an option of ${orList(owners)}`,
      given,
    );
  }
  // `-index` is the long name with one dash too few, so it is matched like `--index`.
  const names = flags.map((flag) => flag.name);
  const near = short ? [] : closest(name, names);
  const hint = near.length === 0 ? '' : `; did you mean ${orList(near.map((n) => `--${n}`))}?`;
  return new IxjobError('usage', `unknown option '${given}'${hint}`, given);
}

/** `ixjob help [COMMAND]`: the same as `ixjob [COMMAND] --help`. */
function helpFor(word: string | undefined): ParsedArgv {
  const command =
    word === undefined || word.startsWith('-') ? 'exec' : COMMANDS.find((c) => c === word);
  if (command === undefined) {
    const near = closest(word ?? '', COMMANDS);
    const hint = near.length === 0 ? '' : `; did you mean ${orList(near)}?`;
    throw new IxjobError(
      'usage',
      `no help for '${word}'${hint} (the commands are ${COMMANDS.join(', ')})`,
    );
  }
  return { command, flags: { help: true }, ordered: [], commandLine: [] };
}

/**
 * Parses `[exec|resolve] [flags] [--] CMD [ARG...]`: the command starts after `--` or at the
 * first token that is not a flag, so the command's own flags are never taken for ixjob's.
 * Hand-rolled over the flag table because this runs in every pod before the command starts,
 * and loading `util.parseArgs` alone costs more than all of this.
 */
function parseFlags(
  args: readonly string[],
  flags: readonly FlagSpec[],
  ordered: ParsedArgv['ordered'],
  command: Command,
): [FlagValues, string[]] {
  const values: FlagValues = {};
  for (let i = 0; i < args.length; i++) {
    const token = args[i] ?? '';
    if (token === '--') return [values, args.slice(i + 1)];
    if (!token.startsWith('-') || token === '-') return [values, args.slice(i)];
    const { flag, inline } = lookup(token, flags, command);
    const where = `--${flag.name}`;
    if (flag.type === 'boolean') {
      if (inline !== undefined)
        throw new IxjobError('usage', `option ${where} takes no value`, where);
      values[flag.name] = true;
      continue;
    }
    const value = inline ?? args[++i];
    // `--index --supervise` is a forgotten value, not an index named "--supervise".
    if (value === undefined || (inline === undefined && value.startsWith('-') && value !== '-')) {
      throw new IxjobError(
        'usage',
        `option ${where} needs a value (write ${where}=VALUE for one starting with -)`,
        where,
      );
    }
    const earlier = values[flag.name];
    // `--index 1 --index 2` is ambiguous, never "the last wins"; the same value twice says one thing.
    if (!flag.multiple && typeof earlier === 'string' && earlier !== value) {
      throw new IxjobError(
        'usage',
        `${where} was given twice, as ${JSON.stringify(earlier)} and ${JSON.stringify(value)}: give it once`,
        where,
      );
    }
    // Said once: a dimension flag repeated must not add a second dimension.
    if (!flag.multiple && earlier === value) continue;
    values[flag.name] = flag.multiple ? [...(Array.isArray(earlier) ? earlier : []), value] : value;
    ordered.push({ name: flag.name, value });
  }
  return [values, []];
}

export function parseArgv(argv: readonly string[]): ParsedArgv {
  if (argv[0] === HELP_COMMAND) return helpFor(argv[1]);
  const named = COMMANDS.find((command) => command === argv[0]);
  const command: Command = named ?? 'exec';
  const flagSpecs = flagsOf(command);
  const ordered: ParsedArgv['ordered'] = [];
  let args = named ? argv.slice(1) : argv;
  // `ixjob manifest NAME …`, as `kubectl run NAME …`: the name comes before the flags.
  const name =
    command === 'manifest' && args[0] !== undefined && !args[0].startsWith('-')
      ? args[0]
      : undefined;
  if (name !== undefined) args = args.slice(1);
  const [values, commandLine] = parseFlags(args, flagSpecs, ordered, command);
  for (const flag of flagSpecs) {
    const value = values[flag.name];
    if (flag.choices && typeof value === 'string' && !flag.choices.includes(value)) {
      throw new IxjobError(
        'usage',
        `${JSON.stringify(value)} is not one of ${flag.choices.join(', ')}`,
        `--${flag.name}`,
      );
    }
  }
  if (command === 'resolve' && commandLine.length > 0) {
    throw new IxjobError(
      'usage',
      `resolve runs nothing, but a command was given: ${commandLine[0]}`,
    );
  }
  return { command, flags: values, ordered, commandLine, ...(name === undefined ? {} : { name }) };
}
