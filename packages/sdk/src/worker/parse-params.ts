import type * as z from 'zod';
import { IxjobError } from '../failure/ixjob-error.ts';
import type { Params } from '../spec/dimension.ts';

/**
 * The parameters parsed by the worker's zod schema; the first field that does not fit is a
 * `data` error naming it and its value: `parameter FRAME = "-4": Too small: …`.
 */
export function parseParams<Schema extends z.ZodType>(
  schema: Schema,
  values: Params,
): z.output<Schema> {
  const parsed = schema.safeParse(values);
  if (parsed.success) return parsed.data;
  const [issue] = parsed.error.issues;
  const field = issue?.path.join('.') ?? '';
  const value = field in values ? `= ${JSON.stringify(values[field])}: ` : ': ';
  throw new IxjobError(
    'data',
    `parameter ${field === '' ? '' : `${field} `}${value}${issue?.message ?? 'invalid'}`,
    field,
  );
}
