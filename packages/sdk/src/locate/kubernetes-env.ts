import type { SourceFacts } from './reading.ts';
import { parseDecimal } from './reading.ts';

export const JOB_COMPLETION_INDEX = 'JOB_COMPLETION_INDEX';

/** Set non-empty by the Job controller in every container of an Indexed Job's pod. */
export function readKubernetesEnv(env: Readonly<Record<string, string | undefined>>): SourceFacts {
  const text = env[JOB_COMPLETION_INDEX];
  if (text === undefined || text === '') return { indexes: [], attempts: [] };
  const index = parseDecimal(text, JOB_COMPLETION_INDEX, 'config');
  return {
    indexes: [{ source: JOB_COMPLETION_INDEX, index, where: JOB_COMPLETION_INDEX }],
    attempts: [],
  };
}
