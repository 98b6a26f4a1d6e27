import { assertEnvName, type ExecJob, type Framework, type Locate } from '@ixjob/sdk/internal';
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

/** Each framework flag and the model's name for it, in the order variables are exported. */
export const FRAMEWORK_FLAGS: readonly (readonly [string, Framework])[] = [
  ['rank-vars', 'rank'],
  ['torch', 'torch'],
  ['jax', 'jax'],
  ['tf', 'tf'],
];

/** The part of one index's job that exec, resolve and run all describe with the same flags. */
export function execJobFromFlags(parsed: ParsedArgv, cwd: string): ExecJob {
  const work = workFromFlags(parsed, cwd);
  const indexVarName = flagText(parsed, 'completion-index-var-name');
  const completions = flagNumber(parsed, 'completions', 0);
  const allowParams = flagList(parsed, 'allow-param');
  for (const name of allowParams) assertEnvName(name, '--allow-param');
  const frameworks = FRAMEWORK_FLAGS.filter(([flag]) => parsed.flags[flag] === true).map(
    ([, framework]) => framework,
  );
  return {
    command: parsed.commandLine,
    ...(work === undefined ? {} : { work }),
    ...(indexVarName === undefined ? {} : { indexVarName }),
    ...(completions === undefined ? {} : { completions }),
    ...(allowParams.length === 0 ? {} : { allowParams }),
    ...(frameworks.length === 0 ? {} : { frameworks }),
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
