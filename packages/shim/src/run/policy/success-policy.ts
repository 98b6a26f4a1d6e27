import { IxjobError, quoteInput } from '@ixjob/sdk/internal';
import {
  type IndexInterval,
  intervalsHave,
  intervalsTotal,
  MAX_COMPLETIONS,
  parseIntervalList,
} from './intervals.ts';

/**
 * `successPolicy` rules, from `--success-policy RULE` (one rule per flag): `indexes=LIST`,
 * `count=N`, or both, separated by `;` (`indexes=0-9;count=5`). LIST is a Kubernetes interval
 * string, which has commas of its own, so a `,` also separates fields when a field name
 * follows it (`indexes=0-9,count=5`). Any rule met ends the job as succeeded.
 */

/** One rule, shaped as batch/v1 `SuccessPolicyRule`. */
export interface SuccessPolicyRule {
  /** The interval string as the user wrote it (Kubernetes keeps it so, too). */
  readonly succeededIndexes?: string | undefined;
  readonly succeededCount?: number | undefined;
}

/** Kubernetes' caps: rules per policy, characters of `succeededIndexes`. */
export const MAX_SUCCESS_POLICY_RULES = 20;
export const MAX_SUCCEEDED_INDEXES_LENGTH = 64 * 1024;

const FORM = 'write indexes=0-3, count=N or indexes=0-9;count=5';

/** Field names: ours, and Kubernetes' own. */
const FIELDS: Readonly<Record<string, 'indexes' | 'count'>> = {
  indexes: 'indexes',
  succeededindexes: 'indexes',
  count: 'count',
  succeededcount: 'count',
};

/**
 * Parses one `--success-policy` value for a job of `completions` indexes, validated as
 * Kubernetes validates the rule; a bad rule throws `IxjobError('usage', …, where)`.
 */
export function parseSuccessPolicyRule(
  text: string,
  completions: number,
  where = '--success-policy',
): SuccessPolicyRule {
  const bad = (reason: string) =>
    new IxjobError('usage', `bad success policy rule ${quoteInput(text)}: ${reason}`, where);
  if (text.trim() === '')
    throw new IxjobError('usage', `the success policy rule is empty; ${FORM}`, where);
  const values: { indexes?: string; count?: string } = {};
  for (const field of text.split(/;|,(?=\s*[A-Za-z])/)) {
    const equals = field.indexOf('=');
    if (equals < 0) throw bad(`${quoteInput(field)} is not NAME=VALUE; ${FORM}`);
    const name = FIELDS[field.slice(0, equals).trim().toLowerCase()];
    if (name === undefined) {
      throw bad(`unknown field ${quoteInput(field.slice(0, equals))}; use indexes= and count=`);
    }
    if (values[name] !== undefined) throw bad(`${name}= is given twice`);
    values[name] = field.slice(equals + 1);
  }
  let named: readonly IndexInterval[] | undefined;
  if (values.indexes !== undefined) {
    if (values.indexes.length > MAX_SUCCEEDED_INDEXES_LENGTH) {
      throw bad(`the index list is longer than ${MAX_SUCCEEDED_INDEXES_LENGTH} characters`);
    }
    named = parseIntervalList(values.indexes, where, completions);
  }
  let count: number | undefined;
  if (values.count !== undefined) {
    count = /^[0-9]+$/.test(values.count.trim()) ? Number(values.count.trim()) : Number.NaN;
    if (!Number.isSafeInteger(count) || count < 1) {
      throw bad(`count must be a whole number of at least 1, not ${quoteInput(values.count)}`);
    }
    if (count > completions) {
      throw bad(`count=${count} is more than the ${completions} completions`);
    }
    if (named !== undefined && count > intervalsTotal(named)) {
      throw bad(`count=${count} is more than the ${intervalsTotal(named)} indexes it names`);
    }
  }
  return {
    ...(values.indexes === undefined ? {} : { succeededIndexes: values.indexes }),
    ...(count === undefined ? {} : { succeededCount: count }),
  };
}

/** Parses every `--success-policy` value; Kubernetes allows at most 20 rules. */
export function parseSuccessPolicy(
  texts: readonly string[],
  completions: number,
  where = '--success-policy',
): SuccessPolicyRule[] {
  checkSuccessPolicySize(texts.length, where);
  return texts.map((text) => parseSuccessPolicyRule(text, completions, where));
}

export function checkSuccessPolicySize(count: number, where = '--success-policy'): void {
  if (count > MAX_SUCCESS_POLICY_RULES) {
    throw new IxjobError(
      'usage',
      `${count} success policy rules, more than the ${MAX_SUCCESS_POLICY_RULES} Kubernetes allows`,
      where,
    );
  }
}

/** A rule ready to match: its indexes parsed once. */
export interface CompiledSuccessRule {
  readonly indexes: readonly IndexInterval[] | undefined;
  /** How many indexes `indexes` holds. */
  readonly total: number;
  readonly count: number | undefined;
}

export function compileSuccessRule(
  rule: SuccessPolicyRule,
  completions: number = MAX_COMPLETIONS,
  where = '--success-policy',
): CompiledSuccessRule {
  const indexes =
    rule.succeededIndexes === undefined
      ? undefined
      : parseIntervalList(rule.succeededIndexes, where, completions);
  return {
    indexes,
    total: indexes === undefined ? 0 : intervalsTotal(indexes),
    count: rule.succeededCount,
  };
}

/**
 * Whether a rule holds, given how many of its indexes succeeded (`hits`) and how many
 * succeeded in all, as `matchSucceededIndexesRule` decides: every named index, or `count` of
 * them; with no indexes named, `count` of all.
 */
export function successRuleHolds(
  rule: CompiledSuccessRule,
  hits: number,
  succeeded: number,
): boolean {
  // Kubernetes matches nothing before the first success.
  if (succeeded === 0) return false;
  if (rule.indexes === undefined) return rule.count !== undefined && succeeded >= rule.count;
  return hits === rule.total || (rule.count !== undefined && hits >= rule.count);
}

/** The position of the first rule met by the succeeded indexes, or -1: rules are tried in order. */
export function findSuccessPolicyRule(
  rules: readonly SuccessPolicyRule[],
  succeeded: ReadonlySet<number>,
): number {
  return rules.findIndex((rule) => {
    const compiled = compileSuccessRule(rule);
    let hits = 0;
    if (compiled.indexes !== undefined) {
      for (const index of succeeded) if (intervalsHave(compiled.indexes, index)) hits++;
    }
    return successRuleHolds(compiled, hits, succeeded.size);
  });
}

/** Whether any rule is met: the job then succeeds at once and its running indexes stop. */
export function successPolicyMet(
  rules: readonly SuccessPolicyRule[],
  succeeded: ReadonlySet<number>,
): boolean {
  return findSuccessPolicyRule(rules, succeeded) >= 0;
}
