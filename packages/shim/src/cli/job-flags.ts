import type { Command, FlagSpec } from './flags.ts';

const RUN: readonly Command[] = ['run'];
/** The Job's policies: the same for a local run and a generated manifest. */
const POLICY: readonly Command[] = ['run', 'manifest'];

/** The flags of `ixjob run`'s job: its policies, where its state lives, and how it reports. */
export const JOB_FLAGS: readonly FlagSpec[] = [
  {
    name: 'filename',
    short: 'f',
    type: 'string',
    value: 'FILE',
    description:
      "run a Job manifest's Indexed Job (its command, env, work ConfigMap and policies) instead of flags",
    commands: RUN,
    group: 'job',
  },
  {
    name: 'parallelism',
    type: 'string',
    value: 'P',
    description: 'indexes running at once [default: the number of CPUs]',
    commands: POLICY,
    group: 'job',
  },
  {
    name: 'backoff-limit-per-index',
    type: 'string',
    value: 'K',
    description: 'retries of each index before it fails (the job goes on)',
    commands: POLICY,
    group: 'job',
  },
  {
    name: 'max-failed-indexes',
    type: 'string',
    value: 'M',
    description:
      'fail the job once more than M indexes have failed (with --backoff-limit-per-index)',
    commands: POLICY,
    group: 'job',
  },
  {
    name: 'backoff-limit',
    type: 'string',
    value: 'B',
    description:
      'fail the job once more than B attempts have failed [default: 6, none with --backoff-limit-per-index]',
    commands: POLICY,
    group: 'job',
  },
  {
    name: 'pod-failure-policy',
    type: 'string',
    multiple: true,
    value: 'RULE',
    description:
      'ACTION:[In|NotIn:]CODES, first match wins: FailJob, FailIndex, Ignore, Count (e.g. FailIndex:65,66,78)',
    commands: POLICY,
    group: 'job',
  },
  {
    name: 'success-policy',
    type: 'string',
    multiple: true,
    value: 'RULE',
    description: 'end the job as succeeded once the rule holds: indexes=0-3, count=N, or both',
    commands: POLICY,
    group: 'job',
  },
  {
    name: 'active-deadline',
    type: 'string',
    value: 'SECONDS',
    description: 'fail the job after this long',
    commands: POLICY,
    group: 'job',
  },
  {
    name: 'timeout',
    type: 'string',
    value: 'SECONDS',
    description: 'stop an attempt after this long: SIGTERM, then SIGKILL after --grace-period',
    commands: POLICY,
    group: 'job',
  },
  {
    name: 'grace-period',
    type: 'string',
    value: 'SECONDS',
    description: 'between SIGTERM and SIGKILL when stopping an attempt [default: 30]',
    commands: POLICY,
    group: 'job',
  },
  {
    name: 'name',
    type: 'string',
    value: 'NAME',
    description: "the job name [default: the command's name]",
    commands: RUN,
    group: 'job',
  },
  {
    name: 'state',
    type: 'string',
    value: 'DIR',
    description: 'logs and journal [default: .ixjob/NAME]',
    commands: RUN,
    group: 'job',
  },
  {
    name: 'env',
    type: 'string',
    multiple: true,
    value: 'NAME=VALUE',
    description: "a variable of the container (each index's process under run)",
    commands: POLICY,
    group: 'job',
  },
  {
    name: 'checkpoint-dir',
    type: 'string',
    value: 'DIR',
    description:
      "the workers' checkpoints and outputs in DIR/NAME, kept by --force (manifest's --checkpoint-volume, here) [default: the state's checkpoints/]",
    commands: RUN,
    group: 'job',
  },
  {
    name: 'resume',
    type: 'boolean',
    description: 'run only what has not succeeded in the journal',
    commands: RUN,
    group: 'job',
  },
  {
    name: 'force',
    type: 'boolean',
    description: 'start over on an existing journal, or resume one whose spec changed',
    commands: RUN,
    group: 'job',
  },
  {
    name: 'tag',
    type: 'boolean',
    description: 'stream every line of output, prefixed with its index',
    commands: RUN,
    group: 'job',
  },
  {
    name: 'output',
    short: 'o',
    type: 'string',
    value: 'FORMAT',
    choices: ['text', 'json'],
    description:
      'the summary as text (like kubectl describe job) or one JSON object [default: text]',
    commands: RUN,
    group: 'job',
  },
  {
    name: 'quiet',
    short: 'q',
    type: 'boolean',
    description: 'print nothing but the summary',
    commands: RUN,
    group: 'job',
  },
];
