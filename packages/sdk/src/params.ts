import type * as z from 'zod';
import { IxjobError } from './failure/ixjob-error.ts';
import { nodeFiles } from './io/files.ts';
import { planExec } from './job/exec-plan.ts';
import type { Params } from './spec/dimension.ts';

/** Exported by the shim: which variables are this index's parameters. */
export const PARAM_NAMES_VARIABLE = 'IXJOB_PARAM_NAMES';
/** Names a spec file to resolve in-process when no shim ran. */
export const SPEC_VARIABLE = 'IXJOB_SPEC';

export interface ParamsOptions {
  /** A spec file to resolve in-process when no shim ran (default: `$IXJOB_SPEC`). */
  spec?: string;
  /** Where the downward-API files are, when resolving in-process. */
  podinfo?: string;
  /** The environment to read (default: `process.env`). */
  env?: Readonly<Record<string, string | undefined>>;
  /** Where warnings go when resolving in-process (default: stderr). */
  warn?: (message: string) => void;
}

async function record(options: ParamsOptions): Promise<Params> {
  const env = options.env ?? process.env;
  const names = env[PARAM_NAMES_VARIABLE];
  if (names !== undefined) {
    const list = names === '' ? [] : names.split(',');
    return Object.fromEntries(list.map((name) => [name, env[name] ?? '']));
  }
  const spec = options.spec ?? env[SPEC_VARIABLE];
  if (spec === undefined) {
    throw new IxjobError(
      'config',
      `no parameters: run under the ixjob shim, or name a spec file (params({ spec }) or $${SPEC_VARIABLE})`,
      PARAM_NAMES_VARIABLE,
    );
  }
  const warn =
    options.warn ?? ((message: string) => process.stderr.write(`ixjob: warning: ${message}\n`));
  const inherited = Object.fromEntries(
    Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined),
  );
  // No shim ran: the same exec plan the shim uses, in-process.
  const plan = await planExec({
    job: { work: { file: spec }, command: [] },
    env: inherited,
    io: { files: nodeFiles, cwd: process.cwd(), warn },
    locate: { podinfo: options.podinfo },
  });
  return plan.params;
}

/**
 * This index's parameters: what the shim exported, or, when no shim ran, the same spec
 * resolved in-process. With a zod schema, they are parsed into typed values, and a field
 * that does not fit is an `IxjobError` naming it.
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
  const values = await record(options);
  if (!schema) return values;
  const parsed = schema.safeParse(values);
  if (parsed.success) return parsed.data;
  const [issue] = parsed.error.issues;
  const field = issue?.path.join('.') ?? '';
  throw new IxjobError(
    'data',
    `parameter ${field === '' ? '' : `${field} `}${field in values ? `= ${JSON.stringify(values[field])}: ` : ': '}${issue?.message ?? 'invalid'}`,
    field,
  );
}
