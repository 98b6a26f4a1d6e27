// Run by `ixjob run` and by the real Job controller alike; bodies see $I (index), $A (prior attempts), `end N`.
// Exit codes avoid ixjob's own (64-78, 126, 127), so its default rules cannot interfere.

export type Action = 'FailJob' | 'FailIndex' | 'Ignore' | 'Count';

export interface Rule {
  action: Action;
  operator: 'In' | 'NotIn';
  values: number[];
}

export interface Scenario {
  name: string;
  completions: number;
  parallelism: number;
  backoffLimit?: number;
  backoffLimitPerIndex?: number;
  maxFailedIndexes?: number;
  podFailurePolicy?: Rule[];
  successPolicy?: { succeededIndexes?: string; succeededCount?: number }[];
  activeDeadlineSeconds?: number;
  /** Compare the order in which indexes started (meaningful with parallelism 1). */
  startOrder?: boolean;
  /** Compare the most attempts running at once (elsewhere only checked to be ≤ parallelism). */
  maxRunning?: boolean;
  body: string;
}

/** Waits until index $1 has started: makes "the others are running" certain, not a race. */
const waitFor = (...indexes: number[]) =>
  indexes
    .map((i) => `until grep -qx 'start ${i}' "$SCRATCH/events"; do sleep 0.1; done;`)
    .join(' ');

export const SCENARIOS: Scenario[] = [
  { name: 'all-succeed', completions: 4, parallelism: 2, body: 'sleep 0.2; end 0' },
  {
    name: 'start-order',
    completions: 5,
    parallelism: 1,
    startOrder: true,
    body: 'end 0',
  },
  {
    name: 'backoff-limit',
    completions: 3,
    parallelism: 1,
    backoffLimit: 2,
    body: '[ "$I" = 1 ] && end 3; end 0',
  },
  {
    name: 'succeeds-after-retries',
    completions: 3,
    parallelism: 1,
    backoffLimit: 6,
    body: '[ "$I" = 1 ] && [ "$A" -lt 2 ] && end 3; end 0',
  },
  {
    name: 'backoff-limit-per-index',
    completions: 4,
    parallelism: 2,
    backoffLimitPerIndex: 1,
    body: '[ "$I" = 2 ] && end 3; end 0',
  },
  {
    name: 'max-failed-indexes',
    completions: 5,
    parallelism: 1,
    backoffLimitPerIndex: 0,
    maxFailedIndexes: 1,
    body: 'case "$I" in 1|2|3) end 3;; esac; end 0',
  },
  {
    name: 'failjob-in',
    completions: 3,
    parallelism: 1,
    backoffLimit: 6,
    podFailurePolicy: [{ action: 'FailJob', operator: 'In', values: [42] }],
    body: '[ "$I" = 1 ] && end 42; end 0',
  },
  {
    name: 'failjob-notin',
    completions: 3,
    parallelism: 1,
    backoffLimit: 6,
    podFailurePolicy: [{ action: 'FailJob', operator: 'NotIn', values: [1, 2] }],
    body: '[ "$I" = 0 ] && [ "$A" = 0 ] && end 1; [ "$I" = 1 ] && end 3; end 0',
  },
  {
    name: 'failindex-in',
    completions: 3,
    parallelism: 3,
    backoffLimitPerIndex: 3,
    podFailurePolicy: [{ action: 'FailIndex', operator: 'In', values: [42] }],
    body: '[ "$I" = 1 ] && end 42; end 0',
  },
  {
    name: 'failindex-notin',
    completions: 3,
    parallelism: 3,
    backoffLimitPerIndex: 2,
    podFailurePolicy: [{ action: 'FailIndex', operator: 'NotIn', values: [1] }],
    body: '[ "$I" = 0 ] && [ "$A" = 0 ] && end 1; [ "$I" = 2 ] && end 5; end 0',
  },
  {
    name: 'ignore-in',
    completions: 2,
    parallelism: 2,
    backoffLimit: 0,
    podFailurePolicy: [{ action: 'Ignore', operator: 'In', values: [42] }],
    body: '[ "$I" = 1 ] && [ "$A" -lt 2 ] && end 42; end 0',
  },
  {
    name: 'ignore-notin',
    completions: 2,
    parallelism: 2,
    backoffLimit: 0,
    podFailurePolicy: [{ action: 'Ignore', operator: 'NotIn', values: [1, 2, 3] }],
    body: '[ "$I" = 0 ] && [ "$A" = 0 ] && end 9; end 0',
  },
  {
    name: 'count-in',
    completions: 2,
    parallelism: 1,
    backoffLimit: 1,
    podFailurePolicy: [{ action: 'Count', operator: 'In', values: [42] }],
    body: '[ "$I" = 0 ] && end 42; end 0',
  },
  {
    name: 'count-notin',
    completions: 2,
    parallelism: 1,
    backoffLimit: 0,
    podFailurePolicy: [
      { action: 'Count', operator: 'NotIn', values: [7] },
      { action: 'FailJob', operator: 'In', values: [5] },
    ],
    body: '[ "$I" = 0 ] && end 5; end 0',
  },
  {
    name: 'first-match-wins',
    completions: 2,
    parallelism: 1,
    backoffLimit: 0,
    podFailurePolicy: [
      { action: 'Ignore', operator: 'In', values: [3] },
      { action: 'FailJob', operator: 'In', values: [3, 4] },
    ],
    body: '[ "$I" = 0 ] && [ "$A" = 0 ] && end 3; [ "$I" = 1 ] && end 4; end 0',
  },
  {
    name: 'success-policy-indexes',
    completions: 5,
    parallelism: 5,
    successPolicy: [{ succeededIndexes: '0,2-3' }],
    body: `case "$I" in 1|4) sleep 60; end 0;; esac; ${waitFor(1, 4)} end 0`,
  },
  {
    name: 'success-policy-count',
    completions: 4,
    parallelism: 4,
    successPolicy: [{ succeededCount: 2 }],
    body: `case "$I" in 0|1) sleep 60; end 0;; esac; ${waitFor(0, 1)} end 0`,
  },
  {
    // Long enough that the harness's pods surely start under load: the clock runs from the Job's start.
    name: 'active-deadline',
    completions: 2,
    parallelism: 2,
    activeDeadlineSeconds: 10,
    body: 'sleep 60; end 0',
  },
  {
    // A real segfault: the kernel's signal kills even a PID 1, as in a container.
    name: 'killed-by-signal',
    completions: 2,
    parallelism: 2,
    backoffLimitPerIndex: 2,
    podFailurePolicy: [{ action: 'FailIndex', operator: 'In', values: [139] }],
    body: `[ "$I" = 1 ] && { echo "end $I" >> "$SCRATCH/events"; exec python3 -c 'import ctypes; ctypes.string_at(0)'; }; end 0`,
  },
  {
    // PID 1 ignores a signal it has no handler for, even its own; $$$$ is $$ after $(VAR) expansion.
    name: 'pid1-ignores-signal',
    completions: 2,
    parallelism: 2,
    backoffLimitPerIndex: 0,
    podFailurePolicy: [{ action: 'FailJob', operator: 'In', values: [143] }],
    body: '[ "$I" = 1 ] && kill -TERM $$$$ && end 3; end 0',
  },
  {
    // 0 and 1 wait for each other, so two run at once for certain; never more.
    name: 'parallelism-cap',
    completions: 6,
    parallelism: 2,
    maxRunning: true,
    body: `[ "$I" = 0 ] && ${waitFor(1)} [ "$I" = 1 ] && ${waitFor(0)} sleep 0.3; end 0`,
  },
];

/** What every attempt runs first: count the attempt, log its start, define `end`. */
const PRELUDE = [
  'I=$JOB_COMPLETION_INDEX',
  'A=$(cat "$SCRATCH/attempts.$I" 2>/dev/null | wc -l)',
  'echo "$A" >> "$SCRATCH/attempts.$I"',
  'echo "start $I" >> "$SCRATCH/events"',
  'end() { echo "end $I" >> "$SCRATCH/events"; exit "$1"; }',
].join('\n');

export const script = (s: Scenario) => `${PRELUDE}\n${s.body}\n`;

/** The scenario as `ixjob run` flags (before `--`). */
export function runFlags(s: Scenario): string[] {
  const flags = ['--completions', `${s.completions}`, '--parallelism', `${s.parallelism}`];
  const add = (flag: string, value: number | undefined) => {
    if (value !== undefined) flags.push(flag, `${value}`);
  };
  add('--backoff-limit', s.backoffLimit);
  add('--backoff-limit-per-index', s.backoffLimitPerIndex);
  add('--max-failed-indexes', s.maxFailedIndexes);
  add('--active-deadline', s.activeDeadlineSeconds);
  // No rules means Kubernetes' default, not ixjob's own default rules.
  const rules = s.podFailurePolicy ?? [];
  if (rules.length === 0) flags.push('--pod-failure-policy', 'none');
  for (const r of rules)
    flags.push('--pod-failure-policy', `${r.action}:${r.operator}:${r.values}`);
  for (const p of s.successPolicy ?? []) {
    const fields = [];
    if (p.succeededIndexes !== undefined) fields.push(`indexes=${p.succeededIndexes}`);
    if (p.succeededCount !== undefined) fields.push(`count=${p.succeededCount}`);
    flags.push('--success-policy', fields.join(';'));
  }
  return [...flags, '--grace-period', '1'];
}

/** The scenario as a batch/v1 Job (JSON is YAML) that runs the same script on the host image. */
export function jobManifest(s: Scenario, name: string, scratch: string, path: string): object {
  const rules = s.podFailurePolicy?.map((r) => ({
    action: r.action,
    onExitCodes: { operator: r.operator, values: r.values },
  }));
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name },
    spec: {
      completionMode: 'Indexed',
      completions: s.completions,
      parallelism: s.parallelism,
      backoffLimit: s.backoffLimit,
      backoffLimitPerIndex: s.backoffLimitPerIndex,
      maxFailedIndexes: s.maxFailedIndexes,
      activeDeadlineSeconds: s.activeDeadlineSeconds,
      podFailurePolicy: rules ? { rules } : undefined,
      successPolicy: s.successPolicy ? { rules: s.successPolicy } : undefined,
      template: {
        spec: {
          restartPolicy: 'Never',
          automountServiceAccountToken: false,
          terminationGracePeriodSeconds: 1,
          volumes: [{ name: 'scratch', hostPath: { path: scratch } }],
          containers: [
            {
              name: 'work',
              image: 'host',
              command: ['sh', '-c', script(s)],
              env: [
                { name: 'SCRATCH', value: scratch },
                { name: 'PATH', value: path },
              ],
              volumeMounts: [{ name: 'scratch', mountPath: scratch }],
            },
          ],
        },
      },
    },
  };
}
