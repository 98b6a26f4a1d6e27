import * as z from 'zod';
import { FRAMEWORKS } from '../env/framework-variables.ts';
import { MAX_DURATION_SECONDS } from './job-definition.ts';

/**
 * The one model of an indexed job, as a zod schema: flags, spec files and (later) Job
 * manifests are views of it. Loaded only where a definition comes from outside typed code
 * (a file, a manifest); the exec path builds definitions from typed flags and never pays for zod.
 */

const envName = z
  .string()
  .regex(
    /^[A-Za-z_][A-Za-z0-9_]*$/,
    'must be a variable name: letters, digits and _, not starting with a digit',
  );
const count = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);
const seconds = z.number().int().nonnegative().max(MAX_DURATION_SECONDS);

export const dimensionSpecSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('values'),
    name: envName,
    values: z.union([z.string(), z.array(z.string()).readonly()]),
  }),
  z.object({ kind: z.literal('values-file'), name: envName, file: z.string() }),
  z.object({ kind: z.literal('csv'), file: z.string(), delimiter: z.enum([',', '\t']) }),
  z.object({ kind: z.literal('json'), file: z.string() }),
  z.object({ kind: z.literal('frames'), range: z.string(), chunk: z.number().int().positive() }),
  z.object({ kind: z.literal('grid'), size: z.string(), block: z.string() }),
  z.object({
    kind: z.literal('files'),
    pattern: z.string(),
    shards: z.number().int().positive(),
    strategy: z.enum(['contiguous', 'strided', 'round-robin', 'balanced']),
  }),
  z.object({ kind: z.literal('commands'), file: z.string() }),
]);

export const specDefinitionSchema = z.object({
  combine: z.enum(['zip', 'product']),
  dimensions: z.array(dimensionSpecSchema).readonly(),
  rename: z.record(z.string(), envName).readonly(),
  completions: count.optional(),
  base: z.string(),
  source: z.string().optional(),
});

/** The work: a spec given inline (flags, a manifest's ConfigMap) or a spec file to read. */
export const workSourceSchema = z.union([
  z.object({ spec: specDefinitionSchema }),
  z.object({ file: z.string() }),
]);

/** batch/v1 `PodFailurePolicyRule`, on exit codes (the only part a local run can observe). */
export const podFailurePolicyRuleSchema = z.object({
  action: z.enum(['FailJob', 'FailIndex', 'Ignore', 'Count']),
  onExitCodes: z.object({
    operator: z.enum(['In', 'NotIn']),
    values: z.array(z.number().int().min(0).max(255)).min(1).max(255).readonly(),
  }),
});

/** batch/v1 `SuccessPolicyRule`. */
export const successPolicyRuleSchema = z.object({
  succeededIndexes: z.string().optional(),
  succeededCount: z.number().int().positive().optional(),
});

export const jobDefinitionSchema = z.object({
  /** The Job's name: pods are `NAME-INDEX`; locally the state directory's default name. */
  name: z.string().min(1),
  work: workSourceSchema.optional(),
  /** The command and its arguments as written, before `$(VAR)` expansion; empty to run COMMAND_LINE. */
  command: z.array(z.string()).readonly(),
  /** `--completion-index-var-name`: the index again, under this name. */
  indexVarName: envName.optional(),
  /** An explicit count: it must agree with the work spec's length. */
  completions: count.optional(),
  /** `--allow-param NAME`: variables parameters may set though they choose the command's code (env/command-variables.ts). */
  allowParams: z.array(envName).readonly().optional(),
  /** `--env NAME=VALUE`: the container's own variables, in order; a value may name an earlier one as $(VAR). */
  env: z
    .array(z.tuple([envName, z.string()]))
    .readonly()
    .optional(),
  /** `--torch`, `--jax`, `--tf`, `--rank-vars`: export what each framework reads (env/framework-variables.ts). */
  frameworks: z.array(z.enum(FRAMEWORKS)).readonly().optional(),
  parallelism: z.number().int().min(1).max(100_000).optional(),
  backoffLimit: count.optional(),
  backoffLimitPerIndex: count.optional(),
  maxFailedIndexes: count.optional(),
  /** Absent: ixjob's default policy (`defaultPodFailurePolicy`); empty: no rules at all. */
  podFailurePolicy: z.array(podFailurePolicyRuleSchema).max(20).readonly().optional(),
  successPolicy: z.array(successPolicyRuleSchema).max(20).readonly().optional(),
  activeDeadlineSeconds: seconds.optional(),
  /** Per attempt (a pod's own `activeDeadlineSeconds`): SIGTERM, then SIGKILL after the grace period. */
  attemptTimeoutSeconds: seconds.optional(),
  /** `terminationGracePeriodSeconds` [default: 30]. */
  gracePeriodSeconds: seconds.optional(),
});
