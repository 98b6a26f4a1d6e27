import { basename } from 'node:path';
import { IxjobError, type JobDefinition } from '@ixjob/sdk';
import { parsePodFailurePolicy } from '../../run/policy/failure-policy.ts';
import { MAX_COMPLETIONS } from '../../run/policy/intervals.ts';
import { parseSuccessPolicy } from '../../run/policy/success-policy.ts';
import { checkJobName } from '../../run/state/job-name.ts';
import { flagList, flagNumber, flagSeconds, flagText } from '../flag-values.ts';
import type { ParsedArgv } from '../parse-argv.ts';
import { execJobFromFlags } from './exec-options.ts';

/** `ixjob run`: the job, and how this machine runs it. */
export interface RunOptions {
  job: JobDefinition;
  /** The state directory as given [default: `.ixjob/NAME`]. */
  state: string | undefined;
  resume: boolean;
  force: boolean;
  tag: boolean;
  output: 'text' | 'json';
  quiet: boolean;
}

/** `--pod-failure-policy none` drops every rule, ixjob's default included. */
const NO_RULES = 'none';

function podFailurePolicy(parsed: ParsedArgv): JobDefinition['podFailurePolicy'] {
  const texts = flagList(parsed, 'pod-failure-policy');
  if (texts.length === 0) return undefined;
  if (texts.includes(NO_RULES)) {
    if (texts.length > 1) {
      throw new IxjobError(
        'usage',
        `'${NO_RULES}' drops every rule, so it cannot be given with others`,
        '--pod-failure-policy',
      );
    }
    return [];
  }
  return parsePodFailurePolicy(texts);
}

function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}

export function runOptions(parsed: ParsedArgv, cwd: string): RunOptions {
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
  const successTexts = flagList(parsed, 'success-policy');
  const job: JobDefinition = {
    name,
    ...exec,
    ...optional('parallelism', flagNumber(parsed, 'parallelism', 1)),
    ...optional('backoffLimit', flagNumber(parsed, 'backoff-limit', 0)),
    ...optional('backoffLimitPerIndex', flagNumber(parsed, 'backoff-limit-per-index', 0)),
    ...optional('maxFailedIndexes', flagNumber(parsed, 'max-failed-indexes', 0)),
    ...optional('podFailurePolicy', podFailurePolicy(parsed)),
    // Checked against the real count once the work is known.
    ...optional(
      'successPolicy',
      successTexts.length === 0 ? undefined : parseSuccessPolicy(successTexts, MAX_COMPLETIONS),
    ),
    ...optional('activeDeadlineSeconds', flagSeconds(parsed, 'active-deadline')),
    ...optional('attemptTimeoutSeconds', flagSeconds(parsed, 'timeout')),
    ...optional('gracePeriodSeconds', flagSeconds(parsed, 'grace-period')),
  };
  return {
    job,
    state: flagText(parsed, 'state'),
    resume: parsed.flags.resume === true,
    force: parsed.flags.force === true,
    tag: parsed.flags.tag === true,
    output: flagText(parsed, 'output') === 'json' ? 'json' : 'text',
    quiet: parsed.flags.quiet === true,
  };
}
