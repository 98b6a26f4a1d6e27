import { IxjobError, type JobDefinition, optional } from '@ixjob/sdk/internal';
import { parsePodFailurePolicy } from '../../run/policy/failure-policy.ts';
import { MAX_COMPLETIONS } from '../../run/policy/intervals.ts';
import { parseSuccessPolicy } from '../../run/policy/success-policy.ts';
import { flagList, flagNumber, flagSeconds } from '../flag-values.ts';
import type { ParsedArgv } from '../parse-argv.ts';

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

/** The Job's policies, as `ixjob run` and `ixjob manifest` take them. */
export type JobPolicies = Omit<
  JobDefinition,
  'name' | 'work' | 'command' | 'indexVarName' | 'completions' | 'allowParams' | 'frameworks'
>;

export function policiesFromFlags(parsed: ParsedArgv): JobPolicies {
  const successTexts = flagList(parsed, 'success-policy');
  return {
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
}
