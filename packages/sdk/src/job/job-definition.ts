import type * as z from 'zod';
import type {
  jobDefinitionSchema,
  podFailurePolicyRuleSchema,
  successPolicyRuleSchema,
  workSourceSchema,
} from './job-schema.ts';

/** An indexed job: the one typed model every view (flags, spec file, manifest) fills. */
export type JobDefinition = z.infer<typeof jobDefinitionSchema>;
export type WorkSource = z.infer<typeof workSourceSchema>;
export type PodFailurePolicyRule = z.infer<typeof podFailurePolicyRuleSchema>;
export type SuccessPolicyRule = z.infer<typeof successPolicyRuleSchema>;

/** What one index's pod needs of the job to work out what it runs. */
export type ExecJob = Pick<
  JobDefinition,
  'work' | 'command' | 'indexVarName' | 'completions' | 'allowParams' | 'frameworks'
>;

/** `terminationGracePeriodSeconds` when the job leaves it out, as Kubernetes defaults it. */
export const DEFAULT_GRACE_PERIOD_SECONDS = 30;

/** Kubernetes keeps durations in int64 seconds; past ~68 years no job needs them, and ms stay exact. */
export const MAX_DURATION_SECONDS = 2 ** 31 - 1;
