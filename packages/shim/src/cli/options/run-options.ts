import { basename } from 'node:path';
import { IxjobError, type JobDefinition } from '@ixjob/sdk/internal';
import { checkJobName } from '../../run/state/job-name.ts';
import { flagText } from '../flag-values.ts';
import type { ParsedArgv } from '../parse-argv.ts';
import { envFromFlags } from './env-flags.ts';
import { execJobFromFlags } from './exec-options.ts';
import { jobFromManifest } from './from-manifest.ts';
import { policiesFromFlags } from './policy-flags.ts';

/** `ixjob run`: the job, and how this machine runs it. */
export interface RunOptions {
  job: JobDefinition;
  /** The state directory as given [default: `.ixjob/NAME`]. */
  state: string | undefined;
  /** Where the workers' checkpoints live, outside the state: `--force` keeps them. */
  checkpointDir: string | undefined;
  resume: boolean;
  force: boolean;
  tag: boolean;
  output: 'text' | 'json';
  quiet: boolean;
  /** From `-f FILE`: the container's own variables, on top of the runner's. */
  env?: Readonly<Record<string, string>> | undefined;
  /** Folders made for this run (a manifest's ConfigMaps), removed when it ends. */
  madeDirs?: readonly string[] | undefined;
}

/** How this machine runs the job, whatever describes it. */
function localOptions(parsed: ParsedArgv) {
  return {
    state: flagText(parsed, 'state'),
    checkpointDir: flagText(parsed, 'checkpoint-dir'),
    resume: parsed.flags.resume === true,
    force: parsed.flags.force === true,
    tag: parsed.flags.tag === true,
    output: flagText(parsed, 'output') === 'json' ? ('json' as const) : ('text' as const),
    quiet: parsed.flags.quiet === true,
  };
}

/** `ixjob run -f FILE`: the manifest is the whole job; flags say only how to run it here. */
function manifestRun(parsed: ParsedArgv, file: string, cwd: string): RunOptions {
  const exec = execJobFromFlags(parsed, cwd);
  const policies = policiesFromFlags(parsed);
  const given =
    exec.command.length > 0 || exec.work !== undefined || envFromFlags(parsed).length > 0;
  if (given || Object.keys(policies).length > 0) {
    throw new IxjobError(
      'usage',
      'the manifest holds the whole job: give a command, work, --env or policy flags, or -f, not both',
      '--filename',
    );
  }
  const read = jobFromManifest(file, cwd);
  const named = flagText(parsed, 'name');
  if (named !== undefined) checkJobName(named, '--name');
  const job = named === undefined ? read.job : { ...read.job, name: named };
  return { job, ...localOptions(parsed), env: read.env, madeDirs: read.workDirs };
}

export function runOptions(parsed: ParsedArgv, cwd: string): RunOptions {
  const file = flagText(parsed, 'filename');
  if (file !== undefined) return manifestRun(parsed, file, cwd);
  const exec = execJobFromFlags(parsed, cwd);
  // With no command, each index's COMMAND_LINE runs: a spec file may hold a commands dimension.
  if (exec.command.length === 0 && parsed.flags.commands === undefined && !parsed.flags.spec) {
    throw new IxjobError('usage', 'no command given: ixjob run [flags] -- CMD [ARG...]');
  }
  const named = flagText(parsed, 'name');
  if (named !== undefined) checkJobName(named, '--name');
  // A command named `..` or `/` still gets a name that is one path segment.
  const derived = basename(exec.command[0] ?? '');
  const name = named ?? (['', '.', '..'].includes(derived) ? 'job' : derived);
  const env = envFromFlags(parsed);
  const job: JobDefinition = {
    name,
    ...exec,
    ...policiesFromFlags(parsed),
    ...(env.length > 0 ? { env } : {}),
  };
  return { job, ...localOptions(parsed) };
}
