import { EXIT_CODES, RUN_EXIT_CODES } from '@ixjob/sdk/internal';
import yargs from 'yargs';
import { COMMANDS, type Command, flagsOf } from './flags.ts';
import { HELP_COMMAND } from './parse-argv.ts';

interface CommandHelp {
  /** How it is called; `$0` is `ixjob`. */
  synopsis: string;
  /** One line in the list of commands. */
  summary: string;
  about: string;
  /** What its own exit codes mean, before the table of ixjob's. */
  exits: string;
}

const CHILD_EXITS = "the command's own; 128+n when signal n killed it (--supervise); and";
const RUN_EXITS = Object.entries(RUN_EXIT_CODES)
  .map(([outcome, code]) => `${code} ${outcome}`)
  .join(', ');

/** Keyed by every command, so a new command cannot be left out of help. */
const HELP: Record<Command, CommandHelp> = {
  exec: {
    synopsis: '$0 [exec] [flags] [--] CMD [ARG...]',
    summary: 'find the index, export it and its parameters, then become CMD (the default)',
    about:
      "Find this pod's completion index and its parameters, export them, expand $(VAR) in CMD and ARGs as the kubelet does, then replace this process with CMD. CMD starts after -- or at the first argument that is not a flag; a program named like a command goes after --.",
    exits: CHILD_EXITS,
  },
  resolve: {
    synopsis: '$0 resolve [flags] [-o json|env|sh]',
    summary: 'print what exec would export, and run nothing',
    about: 'Print what exec would export, and run nothing.',
    exits: '0, or for a failure',
  },
  run: {
    synopsis: '$0 run [flags] [--] CMD [ARG...]',
    summary: 'run every index of the job on this machine, as a local Indexed Job',
    about:
      "Run every index of the job on this machine, as its pods would run under the shim, with the Job controller's retries, failure and success policies; logs and a journal in the state directory.",
    exits: `${RUN_EXITS} (interrupted: --resume goes on); and for bad input`,
  },
  manifest: {
    synopsis:
      '$0 manifest NAME --image IMAGE (--shim-image IMAGE | --shim-path PATH) [flags] [-- CMD [ARG...]]',
    summary: 'print the Indexed Job (and its work ConfigMap) for kubectl apply -f -',
    about:
      "Print what kubectl apply -f - takes to run the job on a cluster: an immutable ConfigMap holding the work, the Indexed Job with ixjob's pod failure policy, the shim in each pod, and with --peers a headless Service.",
    exits: '0, or for a failure',
  },
  index: {
    synopsis: '$0 index [--format lines|csv|tsv|json] FILE...',
    summary: 'write sidecar indexes, so any item of a huge list is found at once',
    about:
      'Write FILE.ixidx beside each file, so that any line, record or element is found in O(1).',
    exits: '0, or for a failure',
  },
  install: {
    synopsis: '$0 install [--from BUNDLE] DIR',
    summary: 'copy the portable shim into DIR (an init container)',
    about:
      'Copy the portable shim into DIR (an emptyDir shared with the main container), atomically and idempotently, and print the prefix to put before the original command.',
    exits: '0, or for a failure',
  },
};
const GROUPS = {
  index: 'Finding the index:',
  spec: 'The work spec (one dimension per flag, in the order given):',
  run: 'Running:',
  job: 'The job:',
  cluster: 'On the cluster:',
} as const;

/** The one exit-code table, as help shows it. */
const EXIT_TABLE = Object.entries(EXIT_CODES)
  .sort(([, a], [, b]) => a - b)
  .map(([kind, code]) => `  ${String(code).padEnd(4)} ${kind}`)
  .join('\n');

/** One line per command, for the commands list. */
export function commandSummaries(): [name: string, summary: string][] {
  return [
    ...COMMANDS.map((command): [string, string] => [command, HELP[command].summary]),
    [`${HELP_COMMAND} [COMMAND]`, 'show the help of a command, as COMMAND --help does'],
  ];
}

/** Help text rendered by yargs from the same flag table the parser uses. */
export async function renderHelp(command: Command): Promise<string> {
  const help = HELP[command];
  const parser = yargs([])
    .scriptName('ixjob')
    .usage(`${help.synopsis}\n\n${help.about}`)
    .version(false)
    .help(false)
    .wrap(Math.min(100, process.stdout.columns || 100))
    .epilog(`Exit codes: ${help.exits}\n${EXIT_TABLE}`);
  // exec is the default command, so its help is the one that names them all.
  if (command === 'exec') {
    for (const [name, summary] of commandSummaries()) parser.command(name, summary);
  }
  for (const flag of flagsOf(command)) {
    if (flag.group) parser.group(flag.name, GROUPS[flag.group]);
    parser.option(flag.name, {
      type: flag.type,
      describe: flag.description,
      ...(flag.short === undefined ? {} : { alias: flag.short }),
      ...(flag.choices === undefined ? {} : { choices: [...flag.choices] }),
      ...(flag.value === undefined ? {} : { requiresArg: true, nargs: 1 }),
      ...(flag.multiple ? { array: true } : {}),
    });
  }
  return `${await parser.getHelp()}\n`;
}
