import { gangParallelism, type JobDefinition } from '@ixjob/sdk/internal';
import { escapeForKubelet } from './kubelet-escape.ts';
import { jobPodFailurePolicy } from './pod-failure-policy.ts';

/** Where the pod finds the shim's parts: the shim's emptyDir, the downward API, the work. */
export const SHIM_MOUNT = '/ixjob-shim';
export const PODINFO_MOUNT = '/etc/podinfo';
export const WORK_MOUNT = '/etc/ixjob-work';
/** Where the workers' checkpoints volume is mounted (IXJOB_CHECKPOINT_DIR). */
export const CHECKPOINT_MOUNT = '/ixjob-checkpoints';
/** Where a work volume of the user's is mounted, read-only. */
export const DATA_MOUNT = '/etc/ixjob-data';
/**
 * Where the shim image (Dockerfile.shim) holds the portable shim. The init container names it
 * as its command rather than relying on the image's entrypoint: runtimes that do not read
 * image configs (and the test harness) run it the same, and so does a shim image of the
 * user's built the same way.
 */
export const SHIM_IMAGE_BINARY = '/ixjob/bin/ixjob';
/** Kueue's queue label (`kueue.x-k8s.io/queue-name`). */
export const QUEUE_LABEL = 'kueue.x-k8s.io/queue-name';

/** The work as the pod sees it: a volume (the ConfigMap, or the user's) and the spec in it. */
export interface WorkMount {
  volume: Record<string, unknown>;
  /** The spec file's path inside the mount. */
  specFile: string;
  /** A volume of the user's holding the work files, mounted at `DATA_MOUNT`. */
  data?: Record<string, unknown> | undefined;
}

export interface JobManifestInput {
  job: JobDefinition;
  completions: number;
  image: string;
  /** What the shim runs: the command given, or the image's entrypoint and arguments. */
  command: readonly string[];
  /** The shim from an init container's image, or already in the image at `path`. */
  shim: { image: string } | { path: string };
  work: WorkMount | undefined;
  /** The variables the shim exports: left to the shim, not the kubelet. */
  shimVariables: ReadonlySet<string>;
  namespace?: string | undefined;
  env?: readonly (readonly [string, string])[] | undefined;
  labels?: Readonly<Record<string, string>> | undefined;
  annotations?: Readonly<Record<string, string>> | undefined;
  serviceAccount?: string | undefined;
  queue?: string | undefined;
  restart?: 'Never' | 'OnFailure' | undefined;
  ttlSecondsAfterFinished?: number | undefined;
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> } | undefined;
  /** The headless Service's name, when the pods reach each other by name. */
  subdomain?: string | undefined;
  /** A volume that outlives the pods, for the SDK's checkpoints and outputs. */
  checkpoints?: Record<string, unknown> | undefined;
}

const defined = (entries: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(entries).filter(([, value]) => value !== undefined));

const nonEmpty = <T extends object>(value: T | undefined) =>
  value !== undefined && Object.keys(value).length > 0 ? value : undefined;

/** The framework flags: each framework's variables, exported by the pod's shim. */
function frameworkFlags(input: JobManifestInput): string[] {
  return (input.job.frameworks ?? []).map((f) => (f === 'rank' ? '--rank-vars' : `--${f}`));
}

/** The shim's command line in the main container: its flags, `--`, then the user's command. */
function shimCommand(input: JobManifestInput): string[] {
  const shim = 'path' in input.shim ? input.shim.path : `${SHIM_MOUNT}/bin/ixjob`;
  const frameworks = frameworkFlags(input);
  // A pod has no other way to know the count (IXJOB_COUNT, world sizes) than a spec's length.
  const count = input.work === undefined || frameworks.length > 0;
  const flags = [
    ...(input.work ? ['--spec', `${WORK_MOUNT}/${input.work.specFile}`] : []),
    ...(count ? ['--completions', String(input.completions)] : []),
    ...(input.job.indexVarName ? ['--completion-index-var-name', input.job.indexVarName] : []),
    ...(input.job.allowParams ?? []).flatMap((name) => ['--allow-param', name]),
    ...frameworks,
  ];
  return [shim, ...flags, '--'];
}

function volumes(input: JobManifestInput) {
  return [
    ...('image' in input.shim ? [{ name: 'ixjob-shim', emptyDir: {} }] : []),
    {
      name: 'ixjob-podinfo',
      downwardAPI: {
        items: [
          { path: 'annotations', fieldRef: { fieldPath: 'metadata.annotations' } },
          { path: 'labels', fieldRef: { fieldPath: 'metadata.labels' } },
        ],
      },
    },
    ...(input.work ? [{ name: 'ixjob-work', ...input.work.volume }] : []),
    ...(input.work?.data ? [{ name: 'ixjob-data', ...input.work.data }] : []),
    ...(input.checkpoints ? [{ name: 'ixjob-checkpoints', ...input.checkpoints }] : []),
  ];
}

function mainContainer(input: JobManifestInput) {
  const mounts = [
    ...('image' in input.shim ? [{ name: 'ixjob-shim', mountPath: SHIM_MOUNT }] : []),
    { name: 'ixjob-podinfo', mountPath: PODINFO_MOUNT, readOnly: true },
    ...(input.work ? [{ name: 'ixjob-work', mountPath: WORK_MOUNT, readOnly: true }] : []),
    ...(input.work?.data ? [{ name: 'ixjob-data', mountPath: DATA_MOUNT, readOnly: true }] : []),
    ...(input.checkpoints ? [{ name: 'ixjob-checkpoints', mountPath: CHECKPOINT_MOUNT }] : []),
  ];
  // ixjob's variables first: the user's --env may name them as $(VAR), and overrides them.
  const env: Record<string, unknown>[] = [];
  // One folder per Job: two Jobs sharing a volume never share an index's checkpoint.
  if (input.checkpoints !== undefined)
    env.push({ name: 'IXJOB_CHECKPOINT_DIR', value: `${CHECKPOINT_MOUNT}/${input.job.name}` });
  // Peers address each other as NAME-INDEX.SERVICE[.NAMESPACE]: the namespace is the pod's own.
  if (input.subdomain !== undefined)
    env.push({
      name: 'IXJOB_NAMESPACE',
      valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } },
    });
  env.push(...(input.env ?? []).map(([name, value]) => ({ name, value })));
  return defined({
    name: input.job.name,
    image: input.image,
    command: shimCommand(input),
    args:
      input.command.length > 0
        ? input.command.map((word) => escapeForKubelet(word, input.shimVariables))
        : undefined,
    env: env.length > 0 ? env : undefined,
    resources: nonEmpty(input.resources),
    volumeMounts: mounts,
  });
}

/** The batch/v1 Indexed Job that runs `input.job` on a cluster. */
export function jobManifest(input: JobManifestInput): Record<string, unknown> {
  const { job } = input;
  const labels = defined({
    ...input.labels,
    ...(input.queue === undefined ? {} : { [QUEUE_LABEL]: input.queue }),
  });
  const init =
    'image' in input.shim
      ? [
          {
            name: 'ixjob-install',
            image: input.shim.image,
            command: [SHIM_IMAGE_BINARY, 'install', SHIM_MOUNT],
            volumeMounts: [{ name: 'ixjob-shim', mountPath: SHIM_MOUNT }],
          },
        ]
      : undefined;
  const successRules = job.successPolicy?.map((rule) => defined({ ...rule }));
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: defined({
      name: job.name,
      namespace: input.namespace,
      labels: nonEmpty(labels),
      annotations: nonEmpty(input.annotations),
    }),
    spec: defined({
      completionMode: 'Indexed',
      completions: input.completions,
      parallelism: gangParallelism(job, input.completions),
      backoffLimit: job.backoffLimit,
      backoffLimitPerIndex: job.backoffLimitPerIndex,
      maxFailedIndexes: job.maxFailedIndexes,
      activeDeadlineSeconds: job.activeDeadlineSeconds,
      ttlSecondsAfterFinished: input.ttlSecondsAfterFinished,
      podFailurePolicy: jobPodFailurePolicy(job),
      successPolicy: successRules && successRules.length > 0 ? { rules: successRules } : undefined,
      template: defined({
        metadata: nonEmpty(
          defined({ labels: nonEmpty(labels), annotations: nonEmpty(input.annotations) }),
        ),
        spec: defined({
          restartPolicy: input.restart ?? 'Never',
          subdomain: input.subdomain,
          serviceAccountName: input.serviceAccount,
          activeDeadlineSeconds: job.attemptTimeoutSeconds,
          terminationGracePeriodSeconds: job.gracePeriodSeconds,
          initContainers: init,
          containers: [mainContainer(input)],
          volumes: volumes(input),
        }),
      }),
    }),
  };
}
