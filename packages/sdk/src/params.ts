import type * as z from 'zod';
import type { Params } from './spec/dimension.ts';
import { exportedParams, findJob, type JobOptions, noParams, specToResolve } from './worker/job.ts';
import { parseParams } from './worker/parse-params.ts';

export { PARAM_NAMES_VARIABLE, SPEC_VARIABLE } from './worker/job.ts';

/** Where {@link params} looks: the same options as `job()`. */
export type ParamsOptions = JobOptions;

/**
 * This index's parameters: what the shim exported, or, when no shim ran, the same spec
 * resolved in-process. With a zod schema, they are parsed into typed values, and a field
 * that does not fit is an `IxjobError` naming it. `job()` gives the same with the index.
 */
export async function params(options?: ParamsOptions): Promise<Params>;
export async function params<Schema extends z.ZodType>(
  schema: Schema,
  options?: ParamsOptions,
): Promise<z.output<Schema>>;
export async function params(
  first?: z.ZodType | ParamsOptions,
  second: ParamsOptions = {},
): Promise<unknown> {
  const schema = first !== undefined && 'safeParse' in first ? first : undefined;
  const options = schema ? second : ((first as ParamsOptions | undefined) ?? {});
  // Parameters the shim exported need no index: only resolving a spec looks for one.
  const values =
    exportedParams(options.env ?? process.env) ??
    (specToResolve(options) === undefined ? undefined : (await findJob(options)).params);
  if (values === undefined) throw noParams();
  return schema ? parseParams(schema, values) : values;
}
