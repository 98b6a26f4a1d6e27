import { IxjobError } from '../failure/ixjob-error.ts';

/** One source's word on how many indexes the job has, and where it comes from. */
export interface CountClaim {
  readonly count: number;
  readonly where: string;
}

/**
 * The one place counts are reconciled: a flag, a spec's length, a spec file's `completions`,
 * another scheduler's count. All present must agree; the first present is the answer.
 */
export function agreeCount(claims: readonly (CountClaim | undefined)[]): CountClaim | undefined {
  let agreed: CountClaim | undefined;
  for (const claim of claims) {
    if (claim === undefined) continue;
    if (agreed && agreed.count !== claim.count) {
      throw new IxjobError(
        'config',
        `two sources disagree on the count: ${agreed.where} says ${agreed.count}, ${claim.where} says ${claim.count}`,
        `${agreed.where}, ${claim.where}`,
      );
    }
    agreed ??= claim;
  }
  return agreed;
}
