import { intervalsHave } from './intervals.ts';
import { compileSuccessRule, type SuccessPolicyRule, successRuleHolds } from './success-policy.ts';

/** The success policy's rules, kept up to date as indexes succeed. */
export interface SuccessTracker {
  succeeded(index: number): void;
  /** The position of the first rule that holds with `total` indexes succeeded, or -1. */
  firstHolding(total: number): number;
}

export function createSuccessTracker(
  rules: readonly SuccessPolicyRule[],
  completions: number,
): SuccessTracker {
  const compiled = rules.map((rule) => compileSuccessRule(rule, completions));
  // hits[r]: succeeded indexes among those rule r names.
  const hits = compiled.map(() => 0);
  return {
    succeeded(index) {
      compiled.forEach((rule, r) => {
        if (rule.indexes !== undefined && intervalsHave(rule.indexes, index))
          hits[r] = (hits[r] as number) + 1;
      });
    },
    firstHolding: (total) =>
      compiled.findIndex((rule, r) => successRuleHolds(rule, hits[r] as number, total)),
  };
}
