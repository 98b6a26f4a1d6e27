import { assertEnvName, type ExecJob, type Locate } from '@ixjob/sdk';
import type { OutputFormat } from '../../resolve/render-resolution.ts';
import { flagList, flagNumber, flagText } from '../flag-values.ts';
import type { ParsedArgv } from '../parse-argv.ts';
import { workFromFlags } from './work-flags.ts';

/** `ixjob [exec]` and `ixjob resolve`: one index's job, and where its index comes from. */
export interface ExecOptions {
  job: ExecJob;
  locate: Locate;
  /** Stay as the parent instead of exec. */
  supervise: boolean;
}

export interface ResolveOptions extends Omit<ExecOptions, 'supervise'> {
  output: OutputFormat;
}

/** The part of one index's job that exec, resolve and run all describe with the same flags. */
export function execJobFromFlags(parsed: ParsedArgv, cwd: string): ExecJob {
  const work = workFromFlags(parsed, cwd);
  const indexVarName = flagText(parsed, 'completion-index-var-name');
  const completions = flagNumber(parsed, 'completions', 0);
  const allowParams = flagList(parsed, 'allow-param');
  for (const name of allowParams) assertEnvName(name, '--allow-param');
  return {
    command: parsed.commandLine,
    ...(work === undefined ? {} : { work }),
    ...(indexVarName === undefined ? {} : { indexVarName }),
    ...(completions === undefined ? {} : { completions }),
    ...(allowParams.length === 0 ? {} : { allowParams }),
  };
}

export function execOptions(parsed: ParsedArgv, cwd: string): ExecOptions {
  return {
    job: execJobFromFlags(parsed, cwd),
    locate: { index: flagText(parsed, 'index'), podinfo: flagText(parsed, 'podinfo') },
    supervise: parsed.flags.supervise === true,
  };
}

export function resolveOptions(parsed: ParsedArgv, cwd: string): ResolveOptions {
  const { supervise: _, ...rest } = execOptions(parsed, cwd);
  return { ...rest, output: (flagText(parsed, 'output') ?? 'json') as OutputFormat };
}
