import { IxjobError } from '../failure/ixjob-error.ts';
import type { Files } from '../io/files.ts';
import { agreeCount } from '../job/agree-count.ts';
import { readPodinfo } from '../podinfo/read-podinfo.ts';
import { readArraySchedulers } from './array-schedulers.ts';
import { readKubernetesEnv } from './kubernetes-env.ts';
import { type IndexReading, parseDecimal, type SourceFacts } from './reading.ts';
import { readShimExports } from './shim-exports.ts';

/** This pod's place in the job. */
export interface IndexInfo {
  /** Dense, 0-based: `0 .. count-1`. */
  index: number;
  /** How many indexes the job has, where a source says so; Kubernetes itself never does. */
  count: number | null;
  /** Which source gave the index: `--index`, `JOB_COMPLETION_INDEX`, a podinfo file, … */
  source: string;
  /** How many times this index failed before, where a source says so. */
  attempt: number | null;
}

export interface FindIndexInput {
  env: Readonly<Record<string, string | undefined>>;
  files: Files;
  /** `--index N`: the highest-precedence source. */
  index?: string | undefined;
  /** `--podinfo PATH`: where the downward-API files are mounted. */
  podinfo?: string | undefined;
}

export const DEFAULT_PODINFO = '/etc/podinfo';
/** Set by `ixjob run` to each index's own podinfo directory. */
export const PODINFO_VARIABLE = 'IXJOB_PODINFO';

function podinfoLocation(input: FindIndexInput): { path: string; namedBy?: string } {
  if (input.podinfo !== undefined) return { path: input.podinfo, namedBy: '--podinfo' };
  const fromEnv = input.env[PODINFO_VARIABLE];
  if (fromEnv !== undefined && fromEnv !== '') return { path: fromEnv, namedBy: PODINFO_VARIABLE };
  return { path: DEFAULT_PODINFO };
}

function flagFacts(text: string | undefined): SourceFacts {
  if (text === undefined) return { indexes: [], attempts: [] };
  return {
    indexes: [
      { source: '--index', index: parseDecimal(text, '--index', 'usage'), where: '--index' },
    ],
    attempts: [],
  };
}

function disagreement(
  what: string,
  a: IndexReading,
  b: IndexReading,
  av: number,
  bv: number,
): IxjobError {
  return new IxjobError(
    'config',
    `two sources disagree on the ${what}: ${a.where} says ${av}, ${b.where} says ${bv}`,
    `${a.where}, ${b.where}`,
  );
}

/**
 * Finds the completion index from every source, highest first: `--index`, an earlier
 * shim's exports (`IXJOB_INDEX`, `IXJOB_COUNT`, …), `JOB_COMPLETION_INDEX`, the downward-API
 * files, then other schedulers' array variables.
 * Every source present must agree: a disagreement is an error, never a silent choice.
 */
export function findIndex(input: FindIndexInput): IndexInfo {
  const podinfo = podinfoLocation(input);
  const sources = [
    flagFacts(input.index),
    // A shim that ran before us: its exports keep the original source, the count and the attempt.
    readShimExports(input.env),
    readKubernetesEnv(input.env),
    readPodinfo(podinfo.path, podinfo.namedBy, input.files),
    readArraySchedulers(input.env),
  ];
  const indexes = sources.flatMap((facts) => facts.indexes);
  const attempts = sources.flatMap((facts) => facts.attempts);
  const [primary, ...others] = indexes;
  if (primary === undefined) {
    throw new IxjobError(
      'config',
      `no completion index found: set JOB_COMPLETION_INDEX, mount the downward API at ${podinfo.path}, or pass --index`,
    );
  }
  for (const other of others) {
    if (other.index !== primary.index)
      throw disagreement('index', primary, other, primary.index, other.index);
  }
  const countSource = agreeCount(
    indexes.map((r) => (r.count === undefined ? undefined : { count: r.count, where: r.where })),
  );
  const count = countSource?.count ?? null;
  if (countSource && primary.index >= countSource.count) {
    throw new IxjobError(
      'config',
      `index ${primary.index} is outside the ${countSource.count} indexes ${countSource.where} gives`,
      primary.where,
    );
  }
  return {
    index: primary.index,
    count,
    source: primary.source,
    attempt: attempts[0]?.attempt ?? null,
  };
}
