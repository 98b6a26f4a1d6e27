import * as z from 'zod';

const envName = z
  .string()
  .regex(
    /^[A-Za-z_][A-Za-z0-9_]*$/,
    'must be a variable name: letters, digits and _, not starting with a digit',
  );
const file = z.string().min(1, 'must name a file');
const positive = z.number().int().positive();

const KINDS = ['values', 'csv', 'tsv', 'json', 'frames', 'grid', 'files', 'commands'] as const;

/**
 * One dimension is an object with exactly one of these keys. Written as one object with
 * optional keys rather than a union, so a mistake inside a dimension is reported where it is.
 */
const dimension = z
  .strictObject({
    values: z.record(envName, z.union([z.string(), z.array(z.string())])).optional(),
    csv: file.optional(),
    tsv: file.optional(),
    json: file.optional(),
    frames: z
      .union([z.string(), z.strictObject({ range: z.string(), chunk: positive.default(1) })])
      .optional(),
    grid: z.strictObject({ size: z.string(), block: z.string() }).optional(),
    files: z
      .strictObject({
        glob: z.string(),
        shards: positive,
        strategy: z
          .enum(['contiguous', 'strided', 'round-robin', 'balanced'])
          .default('contiguous'),
        // `workdir`: the glob names files where the command runs (a pod's image), not beside the spec.
        relativeTo: z.enum(['spec', 'workdir']).default('spec'),
      })
      .optional(),
    commands: file.optional(),
  })
  .refine((entry) => KINDS.filter((kind) => entry[kind] !== undefined).length === 1, {
    message: `a dimension has exactly one of ${KINDS.join(', ')}`,
  });

/** A spec file says everything the flags say, plus renames. Every key is checked; unknown keys are errors. */
export const specFileSchema = z.strictObject({
  combine: z.enum(['zip', 'product']).default('zip'),
  completions: z.number().int().nonnegative().optional(),
  dimensions: z.array(dimension).min(1, 'needs at least one dimension'),
  rename: z.record(z.string(), envName).default({}),
});

export type SpecFile = z.infer<typeof specFileSchema>;
