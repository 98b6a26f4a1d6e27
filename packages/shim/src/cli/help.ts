import { EXIT_CODES } from '@ixjob/sdk';
import yargs from 'yargs';
import { type Command, flagsOf } from './flags.ts';

const USAGE: Record<Command, string> = {
  exec: "$0 [exec] [flags] [--] CMD [ARG...]\n\nFind this pod's completion index and its parameters, export them, expand $(VAR) in CMD and ARGs as the kubelet does, then replace this process with CMD.",
  resolve: '$0 resolve [flags] [-o json|env|sh]\n\nPrint what exec would export, and run nothing.',
  run: "$0 run [flags] [--] CMD [ARG...]\n\nRun every index of the job on this machine, as its pods would run under the shim, with the Job controller's retries, failure and success policies; logs and a journal in the state directory.",
  install:
    '$0 install [--from BUNDLE] DIR\n\nCopy the portable shim into DIR (an emptyDir shared with the main container), atomically and idempotently, and print the prefix to put before the original command.',
  index:
    '$0 index [--format lines|csv|tsv|json] FILE...\n\nWrite FILE.ixidx beside each file, so that any line, record or element is found in O(1).',
};
const GROUPS = {
  index: 'Finding the index:',
  spec: 'The work spec (one dimension per flag, in the order given):',
  run: 'Running:',
  job: 'The local job:',
} as const;

const EXIT_TABLE = Object.entries(EXIT_CODES)
  .sort(([, a], [, b]) => a - b)
  .map(([kind, code]) => `  ${String(code).padEnd(4)} ${kind}`)
  .join('\n');

/** Help text rendered by yargs from the same flag table the parser uses. */
export async function renderHelp(command: Command): Promise<string> {
  const parser = yargs([])
    .scriptName('ixjob')
    .usage(USAGE[command])
    .version(false)
    .help(false)
    .wrap(Math.min(100, process.stdout.columns || 100))
    .epilog(
      `Exit codes: the command's own; 128+n when signal n killed it (--supervise); and\n${EXIT_TABLE}`,
    );
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
