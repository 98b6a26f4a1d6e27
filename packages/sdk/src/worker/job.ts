// Start-up is the hot path: zod, YAML and the exec plan load only when a spec is resolved here.
import type * as z from 'zod';
import { IxjobError } from '../failure/ixjob-error.ts';
import { nodeFiles } from '../io/files.ts';
import { findIndex, type IndexInfo } from '../locate/find-index.ts';
import type { Params } from '../spec/dimension.ts';
import { parseParams } from './parse-params.ts';

/** Exported by the shim: which variables are this index's parameters. */
export { PARAM_NAMES_VARIABLE } from '../env/index-exports.ts';

import { PARAM_NAMES_VARIABLE } from '../env/index-exports.ts';
/** Names a spec file to resolve in-process when no shim ran. */
export const SPEC_VARIABLE = 'IXJOB_SPEC';

/** Where {@link job} looks; every field is optional, and the defaults are what a pod has. */
export interface JobOptions {
  /** A spec file to resolve in-process when no shim ran (default: `$IXJOB_SPEC`). */
  spec?: string | undefined;
  /** Where the downward-API files are mounted (default: `$IXJOB_PODINFO`, then `/etc/podinfo`). */
  podinfo?: string | undefined;
  /** This process's index, as the shim's `--index` gives it: for running a worker by hand. */
  index?: number | undefined;
  /** The environment to read (default: `process.env`). */
  env?: Readonly<Record<string, string | undefined>> | undefined;
  /** Where warnings go when resolving in-process (default: stderr). */
  warn?: ((message: string) => void) | undefined;
}

/** This process's place in an Indexed Job and the work its index was given. */
export interface Job<P = Params> {
  /** Dense, 0-based: `0 .. count-1`. */
  readonly index: number;
  /** How many indexes the job has, where the shim, the spec or a scheduler says so. */
  readonly count: number | null;
  /** How many times this index failed before, where known (Kubernetes: `backoffLimitPerIndex`). */
  readonly attempt: number | null;
  /** Where the index came from: `--index`, `JOB_COMPLETION_INDEX`, a podinfo file, `AWS_BATCH_JOB_ARRAY_INDEX`, … */
  readonly source: string;
  /** This index's parameters: strings, or what the zod schema made of them. */
  readonly params: P;
}

/** The index and, when there are any, the parameters: before any schema. */
export interface FoundJob {
  info: IndexInfo;
  params: Params | undefined;
}

/** The error for a schema with nothing to parse: says how to give the worker its parameters. */
export function noParams(): IxjobError {
  return new IxjobError(
    'config',
    `no parameters: run under the ixjob shim, or name a spec file ({ spec } or $${SPEC_VARIABLE})`,
    PARAM_NAMES_VARIABLE,
  );
}

/** The parameters the shim exported (named by `IXJOB_PARAM_NAMES`), or `undefined` if none ran with a spec. */
export function exportedParams(
  env: Readonly<Record<string, string | undefined>>,
): Params | undefined {
  const names = env[PARAM_NAMES_VARIABLE];
  if (names === undefined) return undefined;
  const list = names === '' ? [] : names.split(',');
  return Object.fromEntries(list.map((name) => [name, env[name] ?? '']));
}

/** The spec file to resolve in-process, when no shim exported parameters. */
export function specToResolve(options: JobOptions): string | undefined {
  const env = options.env ?? process.env;
  if (env[PARAM_NAMES_VARIABLE] !== undefined) return undefined;
  const spec = options.spec ?? env[SPEC_VARIABLE];
  return spec === '' ? undefined : spec;
}

/**
 * What the shim exported (the index with its original source, count, attempt and the
 * parameters named by `IXJOB_PARAM_NAMES`), or with no shim and a spec, the very exec plan the
 * shim runs, in-process. With neither, the index alone, found as the shim finds it.
 */
export async function findJob(options: JobOptions = {}): Promise<FoundJob> {
  const env = options.env ?? process.env;
  const index = options.index === undefined ? undefined : String(options.index);
  const spec = specToResolve(options);
  if (spec === undefined) {
    const info = findIndex({ env, files: nodeFiles, index, podinfo: options.podinfo });
    return { info, params: exportedParams(env) };
  }
  const warn =
    options.warn ?? ((message: string) => process.stderr.write(`ixjob: warning: ${message}\n`));
  const inherited = Object.fromEntries(
    Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined),
  );
  const { planExec } = await import('../job/exec-plan.ts');
  const plan = await planExec({
    job: { work: { file: spec }, command: [] },
    env: inherited,
    io: { files: nodeFiles, cwd: process.cwd(), warn },
    locate: { index, podinfo: options.podinfo },
  });
  return { info: plan.info, params: plan.params };
}

/**
 * This process's job: its index, the count, the attempt, where the index came from, and its
 * parameters — parsed by a zod schema when one is given (a field that does not fit is an
 * `IxjobError` of kind `data`, exit 65 under {@link main}, naming the field).
 *
 * Under the shim it reads what the shim exported; with no shim it resolves the spec named by
 * `spec` or `$IXJOB_SPEC` in-process, through the same exec plan. With neither, `params` is
 * `{}`, or with a schema, an error saying how to give the worker its parameters.
 *
 * @example
 * const { index, count, params } = await job(z.object({ FRAME: z.coerce.number() }));
 */
export async function job(options?: JobOptions): Promise<Job>;
export async function job<Schema extends z.ZodType>(
  schema: Schema,
  options?: JobOptions,
): Promise<Job<z.output<Schema>>>;
export async function job(
  first?: z.ZodType | JobOptions,
  second: JobOptions = {},
): Promise<Job<unknown>> {
  const schema = first !== undefined && 'safeParse' in first ? first : undefined;
  const options = schema ? second : ((first as JobOptions | undefined) ?? {});
  const { info, params } = await findJob(options);
  if (schema && params === undefined) throw noParams();
  return {
    index: info.index,
    count: info.count,
    attempt: info.attempt,
    source: info.source,
    params: schema ? parseParams(schema, params ?? {}) : (params ?? {}),
  };
}
