import { JOB_FLAGS } from './job-flags.ts';
import { MANIFEST_FLAGS } from './manifest-flags.ts';

/** The subcommands. `exec` and `resolve` are the hot path; the others load lazily. */
export type Command = 'exec' | 'resolve' | 'run' | 'manifest' | 'index' | 'install';
export const COMMANDS: readonly Command[] = [
  'exec',
  'resolve',
  'run',
  'manifest',
  'index',
  'install',
];
/** Commands that find one index and its parameters. */
const RUNNERS: readonly Command[] = ['exec', 'resolve'];
/** Commands that take a work spec. */
const SPECS: readonly Command[] = ['exec', 'resolve', 'run', 'manifest'];

export interface FlagSpec {
  name: string;
  short?: string;
  type: 'string' | 'boolean';
  /** Repeatable: every value is kept, in order. */
  multiple?: boolean;
  /** Placeholder shown in help for a flag's value. */
  value?: string;
  choices?: readonly string[];
  description: string;
  commands: readonly Command[];
  /** Help groups flags by what they are for. */
  group?: 'index' | 'spec' | 'run' | 'job' | 'cluster';
}

/** Every flag, declared once: the argv parser and the help text are both built from this. */
export const FLAGS: readonly FlagSpec[] = [
  {
    name: 'index',
    type: 'string',
    value: 'N',
    description: 'the completion index; any other source present must agree',
    commands: RUNNERS,
    group: 'index',
  },
  {
    name: 'podinfo',
    type: 'string',
    value: 'PATH',
    description:
      'downward-API directory (holding annotations and/or labels) or file [default: $IXJOB_PODINFO or /etc/podinfo]',
    commands: RUNNERS,
    group: 'index',
  },
  {
    name: 'completion-index-var-name',
    type: 'string',
    value: 'NAME',
    description: 'also export the index as NAME',
    commands: SPECS,
    group: 'index',
  },
  {
    name: 'completions',
    type: 'string',
    value: 'N',
    description: 'the number of indexes; must agree with the work spec and every other source',
    commands: SPECS,
    group: 'index',
  },
  ...(
    [
      ['torch', 'MASTER_ADDR (index 0) MASTER_PORT RANK WORLD_SIZE LOCAL_RANK NODE_RANK PET_*'],
      ['jax', 'JAX_COORDINATOR_ADDRESS (index 0) JAX_NUM_PROCESSES JAX_PROCESS_ID'],
      ['tf', 'TF_CONFIG, every index a worker of one TensorFlow cluster'],
      ['rank-vars', 'RANK and WORLD_SIZE (WebDataset splits by them)'],
    ] as const
  ).map(
    ([name, description]): FlagSpec => ({
      name,
      type: 'boolean',
      description:
        name === 'rank-vars' ? `export ${description}` : `export ${description}; implies --peers`,
      commands: SPECS,
      group: 'job',
    }),
  ),
  {
    name: 'per-completion-env',
    type: 'string',
    multiple: true,
    value: 'NAME=VALUES',
    description:
      'a list: VALUES space-separated, or @FILE with one value per line (repeatable; lists zip)',
    commands: SPECS,
    group: 'spec',
  },
  {
    name: 'csv',
    type: 'string',
    multiple: true,
    value: 'FILE',
    description: 'a CSV table with a header row',
    commands: SPECS,
    group: 'spec',
  },
  {
    name: 'tsv',
    type: 'string',
    multiple: true,
    value: 'FILE',
    description: 'a TSV table with a header row',
    commands: SPECS,
    group: 'spec',
  },
  {
    name: 'json',
    type: 'string',
    multiple: true,
    value: 'FILE',
    description: 'a JSON array (objects: a variable per key; scalars: ITEM) or JSON Lines',
    commands: SPECS,
    group: 'spec',
  },
  {
    name: 'frames',
    type: 'string',
    value: 'RANGE',
    description:
      'frames (1-100, 1-100:5, 1,3,7-10, 1-100x5): START_FRAME END_FRAME FRAME_COUNT FRAMES FRAME_STEP (when evenly spaced) FRAME_LIST (for blender -f)',
    commands: SPECS,
    group: 'spec',
  },
  {
    name: 'chunk',
    type: 'string',
    value: 'N',
    description: 'frames per index [default: 1]',
    commands: SPECS,
    group: 'spec',
  },
  {
    name: 'grid',
    type: 'string',
    value: 'ROWSxCOLS',
    description:
      'matrix blocks, row-major: BLOCK_ROW BLOCK_COL START_ROW END_ROW START_COL END_COL',
    commands: SPECS,
    group: 'spec',
  },
  {
    name: 'block',
    type: 'string',
    value: 'RxC',
    description: 'block size for --grid',
    commands: SPECS,
    group: 'spec',
  },
  {
    name: 'files',
    type: 'string',
    value: 'GLOB',
    description: 'matched files, sorted, split into --shards: SHARD_FILES SHARD_FILE_COUNT',
    commands: SPECS,
    group: 'spec',
  },
  {
    name: 'shards',
    type: 'string',
    value: 'N',
    description: 'number of shards for --files',
    commands: SPECS,
    group: 'spec',
  },
  {
    name: 'strategy',
    type: 'string',
    value: 'S',
    choices: ['contiguous', 'strided', 'round-robin', 'balanced'],
    description: 'how --files are split [default: contiguous]',
    commands: SPECS,
    group: 'spec',
  },
  {
    name: 'commands',
    type: 'string',
    value: '@FILE',
    description: 'one command line per index as COMMAND_LINE; with no CMD, runs it with /bin/sh -c',
    commands: SPECS,
    group: 'spec',
  },
  {
    name: 'combine',
    type: 'string',
    value: 'HOW',
    choices: ['zip', 'product'],
    description:
      'zip (same lengths) or product (row-major, the last varies fastest) [default: zip]',
    commands: SPECS,
    group: 'spec',
  },
  {
    name: 'spec',
    type: 'string',
    value: 'FILE',
    description: 'the work spec as a YAML or JSON file, instead of the flags above',
    commands: SPECS,
    group: 'spec',
  },
  {
    name: 'allow-param',
    type: 'string',
    multiple: true,
    value: 'NAME',
    description:
      'let parameters set NAME, one of the variables that choose what runs (PATH, LD_PRELOAD, NODE_OPTIONS, …; repeatable)',
    commands: SPECS,
    group: 'spec',
  },
  {
    name: 'supervise',
    type: 'boolean',
    description:
      'stay as the parent: spawn the command in its own process group, forward signals, exit with its code or 128+signal',
    commands: ['exec'],
    group: 'run',
  },
  {
    name: 'output',
    short: 'o',
    type: 'string',
    value: 'FORMAT',
    choices: ['json', 'env', 'sh'],
    description: 'json (one object), env (NAME=value lines) or sh (export lines) [default: json]',
    commands: ['resolve'],
    group: 'run',
  },
  {
    name: 'from',
    type: 'string',
    value: 'BUNDLE',
    description: 'the bundle to copy [default: the one this shim runs from, or dist/ixjob]',
    commands: ['install'],
  },
  {
    name: 'format',
    type: 'string',
    value: 'FORMAT',
    choices: ['lines', 'csv', 'tsv', 'json'],
    description:
      'how the file splits into items [default: from its name: .csv, .tsv, .json, else lines]',
    commands: ['index'],
  },
  ...JOB_FLAGS,
  ...MANIFEST_FLAGS,
  { name: 'help', short: 'h', type: 'boolean', description: 'show help', commands: COMMANDS },
  { name: 'version', type: 'boolean', description: 'show the version', commands: COMMANDS },
];

export function flagsOf(command: Command): FlagSpec[] {
  return FLAGS.filter((flag) => flag.commands.includes(command));
}
