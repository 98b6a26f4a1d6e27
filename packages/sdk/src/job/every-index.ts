/**
 * Marks a failure that any index would meet the same way (a work list that sets PATH, a rename
 * of a name no dimension sets), though it is found in one index's records: `ixjob run`, which
 * plans index 0 first, then refuses the whole run up front instead of failing every attempt.
 * A plain property, not a class: each lazily loaded bundle has its own copy of the SDK.
 */
const MARK = 'failsEveryIndex';

export function failsEveryIndex<E extends Error>(error: E): E {
  return Object.assign(error, { [MARK]: true });
}

export function isEveryIndexFailure(error: unknown): boolean {
  return (error as Record<string, unknown> | null)?.[MARK] === true;
}
