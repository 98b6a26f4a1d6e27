/** The subcommands that run on the hot start-up path; the rest load lazily. */
export type Command = 'exec' | 'resolve';
export const COMMANDS: readonly Command[] = ['exec', 'resolve'];

export interface FlagSpec {
  name: string;
  short?: string;
  type: 'string' | 'boolean';
  /** Placeholder shown in help for a flag's value. */
  value?: string;
  choices?: readonly string[];
  description: string;
  commands: readonly Command[];
}

/** Every flag, declared once: the argv parser and the help text are both built from this. */
export const FLAGS: readonly FlagSpec[] = [
  {
    name: 'index',
    type: 'string',
    value: 'N',
    description: 'the completion index; any other source present must agree',
    commands: COMMANDS,
  },
  {
    name: 'podinfo',
    type: 'string',
    value: 'PATH',
    description:
      'downward-API directory (holding annotations and/or labels) or file [default: $IXJOB_PODINFO or /etc/podinfo]',
    commands: COMMANDS,
  },
  {
    name: 'completion-index-var-name',
    type: 'string',
    value: 'NAME',
    description: 'also export the index as NAME',
    commands: COMMANDS,
  },
  {
    name: 'supervise',
    type: 'boolean',
    description:
      'stay as the parent: spawn the command in its own process group, forward signals, exit with its code or 128+signal',
    commands: ['exec'],
  },
  {
    name: 'output',
    short: 'o',
    type: 'string',
    value: 'FORMAT',
    choices: ['json', 'env', 'sh'],
    description: 'json (one object), env (NAME=value lines) or sh (export lines) [default: json]',
    commands: ['resolve'],
  },
  { name: 'help', short: 'h', type: 'boolean', description: 'show help', commands: COMMANDS },
  { name: 'version', type: 'boolean', description: 'show the version', commands: COMMANDS },
];

export function flagsOf(command: Command): FlagSpec[] {
  return FLAGS.filter((flag) => flag.commands.includes(command));
}
