import type { SourceFacts } from './reading.ts';
import { parseDecimal } from './reading.ts';

/** The index the shim exported for its command (`indexExports`). */
export const SHIM_INDEX = 'IXJOB_INDEX';
/** Which source the shim found the index in: `--index`, `JOB_COMPLETION_INDEX`, a podinfo file, … */
export const SHIM_INDEX_SOURCE = 'IXJOB_INDEX_SOURCE';
/** The count the shim agreed on (spec, flag, scheduler); Kubernetes itself gives none. */
export const SHIM_COUNT = 'IXJOB_COUNT';
/** How many times this index failed before, as the shim found it. */
export const SHIM_ATTEMPT = 'IXJOB_ATTEMPT';

/**
 * What a shim that ran before this process found: the index with its original source, the
 * count and the attempt. A worker (or a nested shim) reading only `JOB_COMPLETION_INDEX`
 * would lose the count and report the wrong source (`--index` becomes `JOB_COMPLETION_INDEX`).
 */
export function readShimExports(env: Readonly<Record<string, string | undefined>>): SourceFacts {
  const text = env[SHIM_INDEX];
  if (text === undefined || text === '') return { indexes: [], attempts: [] };
  const index = parseDecimal(text, SHIM_INDEX, 'config');
  const read = (name: string) => {
    const value = env[name];
    return value === undefined || value === '' ? undefined : parseDecimal(value, name, 'config');
  };
  const count = read(SHIM_COUNT);
  const attempt = read(SHIM_ATTEMPT);
  const source = env[SHIM_INDEX_SOURCE];
  return {
    indexes: [
      {
        source: source === undefined || source === '' ? SHIM_INDEX : source,
        index,
        where: SHIM_INDEX,
        ...(count === undefined ? {} : { count }),
      },
    ],
    attempts: attempt === undefined ? [] : [{ attempt, where: SHIM_ATTEMPT }],
  };
}
