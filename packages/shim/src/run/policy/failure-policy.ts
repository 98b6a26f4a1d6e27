import { IxjobError, quoteInput } from '@ixjob/sdk/internal';

/**
 * `podFailurePolicy` rules on exit codes, from `--pod-failure-policy RULE` (one rule per flag,
 * in order): `ACTION:CODES`, `ACTION:In:CODES` or `ACTION:NotIn:CODES`, CODES a comma list of
 * codes and ranges (`1,64-66,126`). A process killed by signal n reports 128+n (143 SIGTERM,
 * 137 SIGKILL), as containerd does.
 */

export type PodFailurePolicyAction = 'FailJob' | 'FailIndex' | 'Ignore' | 'Count';
export type ExitCodeOperator = 'In' | 'NotIn';

/** One rule, shaped as batch/v1 `PodFailurePolicyRule` (exit codes only, every container). */
export interface PodFailurePolicyRule {
  readonly action: PodFailurePolicyAction;
  readonly onExitCodes: {
    readonly operator: ExitCodeOperator;
    /** Sorted, without repeats, as Kubernetes requires. */
    readonly values: readonly number[];
  };
}

export const POD_FAILURE_POLICY_ACTIONS: readonly PodFailurePolicyAction[] = [
  'FailJob',
  'FailIndex',
  'Ignore',
  'Count',
];

/** Kubernetes' caps: rules per policy, values per `onExitCodes`. */
export const MAX_POD_FAILURE_POLICY_RULES = 20;
export const MAX_EXIT_CODE_VALUES = 255;

/** The highest exit status a process can report. */
const MAX_EXIT_CODE = 255;

const FORM = 'write ACTION:CODES or ACTION:NotIn:CODES, e.g. FailIndex:65,66,78 or Ignore:137,143';

/** Parses one `--pod-failure-policy` value; a bad rule throws `IxjobError('usage', …, where)`. */
export function parsePodFailurePolicyRule(
  text: string,
  where = '--pod-failure-policy',
): PodFailurePolicyRule {
  const bad = (reason: string) =>
    new IxjobError('usage', `bad pod failure policy rule ${quoteInput(text)}: ${reason}`, where);
  const parts = text.split(':');
  if (parts.length < 2 || parts.length > 3) throw bad(FORM);
  const [actionText = '', ...rest] = parts;
  const action = POD_FAILURE_POLICY_ACTIONS.find(
    (known) => known.toLowerCase() === actionText.trim().toLowerCase(),
  );
  if (action === undefined) {
    throw bad(
      `unknown action ${quoteInput(actionText)}; use ${POD_FAILURE_POLICY_ACTIONS.join(', ')}`,
    );
  }
  const operatorText = rest.length === 2 ? (rest[0] as string).trim() : 'In';
  const operator = (['In', 'NotIn'] as const).find(
    (known) => known.toLowerCase() === operatorText.toLowerCase(),
  );
  if (operator === undefined)
    throw bad(`unknown operator ${quoteInput(operatorText)}; use In or NotIn`);
  const values = exitCodes(rest.at(-1) as string, bad);
  // Exit code 0 is success: Kubernetes never matches it, and refuses it with In.
  if (operator === 'In' && values[0] === 0) {
    throw bad('exit code 0 is success and cannot be listed with In (NotIn may list it)');
  }
  if (values.length > MAX_EXIT_CODE_VALUES) {
    throw bad(`${values.length} exit codes, more than the ${MAX_EXIT_CODE_VALUES} a rule may hold`);
  }
  return { action, onExitCodes: { operator, values } };
}

/** Parses every `--pod-failure-policy` value, in order; Kubernetes allows at most 20 rules. */
export function parsePodFailurePolicy(
  texts: readonly string[],
  where = '--pod-failure-policy',
): PodFailurePolicyRule[] {
  checkPodFailurePolicySize(texts.length, where);
  return texts.map((text) => parsePodFailurePolicyRule(text, where));
}

export function checkPodFailurePolicySize(count: number, where = '--pod-failure-policy'): void {
  if (count > MAX_POD_FAILURE_POLICY_RULES) {
    throw new IxjobError(
      'usage',
      `${count} pod failure policy rules, more than the ${MAX_POD_FAILURE_POLICY_RULES} Kubernetes allows`,
      where,
    );
  }
}

/** The position of the first rule matching a failed attempt's exit code, or -1: first match wins. */
export function findFailurePolicyRule(
  rules: readonly PodFailurePolicyRule[],
  exitCode: number,
): number {
  // Kubernetes only matches containers that exited non-zero.
  if (exitCode === 0) return -1;
  return rules.findIndex(({ onExitCodes: { operator, values } }) =>
    operator === 'In' ? values.includes(exitCode) : !values.includes(exitCode),
  );
}

/** The action of the first rule matching `exitCode`; `undefined` means no rule matched (Count). */
export function matchFailurePolicy(
  rules: readonly PodFailurePolicyRule[],
  exitCode: number,
): PodFailurePolicyAction | undefined {
  return rules[findFailurePolicyRule(rules, exitCode)]?.action;
}

/** Writes a rule back in the flag's syntax, ranges of three or more folded: `FailIndex:65-66,78`. */
export function formatPodFailurePolicyRule({
  action,
  onExitCodes: { operator, values },
}: PodFailurePolicyRule): string {
  const runs: string[] = [];
  for (let i = 0; i < values.length; ) {
    let j = i;
    while (j + 1 < values.length && (values[j + 1] as number) === (values[j] as number) + 1) j++;
    const [first, last] = [values[i] as number, values[j] as number];
    runs.push(j - i >= 2 ? `${first}-${last}` : values.slice(i, j + 1).join(','));
    i = j + 1;
  }
  return `${action}:${operator === 'NotIn' ? 'NotIn:' : ''}${runs.join(',')}`;
}

/** A comma list of codes and `A-B` ranges, sorted and without repeats. */
function exitCodes(text: string, bad: (reason: string) => IxjobError): number[] {
  if (text.trim() === '') throw bad(`no exit codes; ${FORM}`);
  const codes = new Set<number>();
  for (const item of text.split(',')) {
    const trimmed = item.trim();
    const range = /^([0-9]+)(?:\s*-\s*([0-9]+))?$/.exec(trimmed);
    if (range === null) {
      throw bad(
        trimmed === ''
          ? `an empty item in the exit codes; ${FORM}`
          : `${quoteInput(trimmed)} is not an exit code or a range like 64-66`,
      );
    }
    const first = code(range[1] as string, bad);
    const last = range[2] === undefined ? first : code(range[2], bad);
    if (first > last)
      throw bad(`the range ${quoteInput(trimmed)} goes down; write ${last}-${first}`);
    for (let value = first; value <= last; value++) codes.add(value);
  }
  return [...codes].sort((a, b) => a - b);
}

function code(digits: string, bad: (reason: string) => IxjobError): number {
  const value = Number(digits);
  if (value > MAX_EXIT_CODE) {
    throw bad(`exit code ${digits} is out of range: a process exits with 0-${MAX_EXIT_CODE}`);
  }
  return value;
}
