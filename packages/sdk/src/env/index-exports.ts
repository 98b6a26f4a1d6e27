import { IxjobError } from '../failure/ixjob-error.ts';
import type { IndexInfo } from '../locate/find-index.ts';

/** The spec's digest, the same for every index: a job can tell its work list changed. */
export const SPEC_DIGEST_VARIABLE = 'IXJOB_SPEC_SHA256';
/** The parameters' names, comma-separated: what the SDK reads them back by. */
export const PARAM_NAMES_VARIABLE = 'IXJOB_PARAM_NAMES';

/** The names of the variables the shim exports for an index (with `indexVarName`), whatever their values. */
export function indexExportNames(indexVarName?: string): string[] {
  return Object.keys(indexExports({ index: 0, count: 1, attempt: 0, source: '' }, indexVarName));
}

/** A name a POSIX shell can `export`, so `-o sh` output is always sourceable. */
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export function assertEnvName(name: string, where: string): void {
  if (!ENV_NAME.test(name)) {
    throw new IxjobError(
      'usage',
      `${JSON.stringify(name)} is not a valid variable name (letters, digits and _, not starting with a digit)`,
      where,
    );
  }
}

/**
 * The variables the shim adds for the command, in a stable order: the index under
 * Kubernetes' own name and ixjob's, where it came from, and the count and attempt when known.
 */
export function indexExports(info: IndexInfo, indexVarName?: string): Record<string, string> {
  const exports: Record<string, string> = {
    JOB_COMPLETION_INDEX: String(info.index),
    IXJOB_INDEX: String(info.index),
    IXJOB_INDEX_SOURCE: info.source,
  };
  if (info.count !== null) exports.IXJOB_COUNT = String(info.count);
  if (info.attempt !== null) exports.IXJOB_ATTEMPT = String(info.attempt);
  if (indexVarName !== undefined) {
    assertEnvName(indexVarName, '--completion-index-var-name');
    exports[indexVarName] = String(info.index);
  }
  return exports;
}
