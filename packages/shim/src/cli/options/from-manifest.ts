import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import {
  expandKubelet,
  IxjobError,
  type JobDefinition,
  optional,
  type PodFailurePolicyRule,
} from '@ixjob/sdk/internal';
import { type ConfigMapData, writeConfigMapFiles } from '../../manifest/config-map-files.ts';
import { type KubeObject, readManifest } from '../../manifest/read-manifest.ts';
import { parseArgv } from '../parse-argv.ts';
import { expandContainerEnv } from './env-flags.ts';
import { execJobFromFlags } from './exec-options.ts';

type Json = Record<string, unknown>;
const obj = (value: unknown): Json =>
  typeof value === 'object' && value !== null ? (value as Json) : {};
const list = (value: unknown): Json[] => (Array.isArray(value) ? value.map(obj) : []);
const num = (value: unknown) => (typeof value === 'number' ? value : undefined);

/** A Job read from a manifest: the model, and the variables its container defines. */
export interface ManifestJob {
  job: JobDefinition;
  env: Record<string, string>;
  /** Where the ConfigMaps' files were written for this run; the caller removes them. */
  workDirs: string[];
}

/** The container's variables, each expanded against those before it, as the kubelet does. */
function containerEnv(container: Json, namespace: string, where: string): Record<string, string> {
  const entries = list(container.env).map((entry): [string, string] => {
    const name = String(entry.name);
    // The pod's namespace is known here: the Job's own, as the API server would default it.
    if (obj(obj(entry.valueFrom).fieldRef).fieldPath === 'metadata.namespace')
      return [name, namespace];
    if (entry.valueFrom !== undefined)
      throw new IxjobError(
        'usage',
        `the variable ${name} comes from the cluster (valueFrom), which a local run cannot read`,
        where,
      );
    return [name, String(entry.value ?? '')];
  });
  return expandContainerEnv(entries);
}

/** Writes the ConfigMap volumes' files where a local run reads them; returns mount path → folder. */
function mountConfigMaps(
  pod: Json,
  container: Json,
  configMaps: Map<string, KubeObject>,
  where: string,
) {
  const mounts = new Map<string, string>();
  for (const mount of list(container.volumeMounts)) {
    const volume = list(pod.volumes).find((v) => v.name === mount.name);
    const source = obj(volume?.configMap);
    if (source.name === undefined) continue;
    const configMap = configMaps.get(String(source.name));
    if (configMap === undefined)
      throw new IxjobError(
        'usage',
        `the ConfigMap ${String(source.name)} is not in the manifest`,
        where,
      );
    const dir = mkdtempSync(join(tmpdir(), 'ixjob-work-'));
    writeConfigMapFiles(configMap as ConfigMapData, dir);
    mounts.set(String(mount.mountPath).replace(/\/$/, ''), dir);
  }
  return mounts;
}

const policyRules = (spec: Json): PodFailurePolicyRule[] =>
  list(obj(spec.podFailurePolicy).rules).flatMap((rule) => {
    const codes = obj(rule.onExitCodes);
    // Rules on pod conditions (disruptions) have nothing to match on one machine.
    if (codes.operator === undefined) return [];
    return [
      {
        action: rule.action as PodFailurePolicyRule['action'],
        onExitCodes: {
          operator: codes.operator as 'In' | 'NotIn',
          values: (codes.values as number[]) ?? [],
        },
      },
    ];
  });

/**
 * `ixjob run -f FILE`: the manifest's Indexed Job as the one job model. Its container's
 * command and arguments are expanded as the kubelet would; when that runs the shim, the
 * shim's flags give the work (its ConfigMap from the same file), else the Job's own count.
 */
export function jobFromManifest(path: string, cwd: string): ManifestJob {
  const objects = readManifest(path);
  const jobs = objects.filter(({ object }) => object.kind === 'Job');
  if (jobs.length !== 1)
    throw new IxjobError(
      'usage',
      `the manifest must hold exactly one Job, it holds ${jobs.length}`,
      path,
    );
  const { object, where } = jobs[0] as { object: KubeObject; where: string };
  const spec = obj(object.spec);
  if (spec.completionMode !== 'Indexed')
    throw new IxjobError(
      'usage',
      'ixjob run runs Indexed Jobs: completionMode is not Indexed',
      where,
    );
  const pod = obj(obj(spec.template).spec);
  const [container] = list(pod.containers);
  if (container === undefined) throw new IxjobError('usage', 'the Job has no container', where);
  if (!Array.isArray(container.command))
    throw new IxjobError(
      'usage',
      "the container names no command: the image's entrypoint is not known here",
      where,
    );
  const words = [
    ...(container.command as unknown[]),
    ...(Array.isArray(container.args) ? container.args : []),
  ];
  const metadata = obj(object.metadata);
  const env = containerEnv(
    container,
    typeof metadata.namespace === 'string' ? metadata.namespace : 'default',
    where,
  );
  const configMaps = new Map(
    objects
      .filter(({ object: o }) => o.kind === 'ConfigMap')
      .map(({ object: o }) => [String(o.metadata?.name), o]),
  );
  const mounts = mountConfigMaps(pod, container, configMaps, where);
  const local = (word: string) => {
    for (const [mount, dir] of mounts)
      if (word.includes(`${mount}/`)) return word.replaceAll(`${mount}/`, `${dir}/`);
    return word;
  };
  const argv = words.map((word) => local(expandKubelet(String(word), (name) => env[name])));
  const shim = basename(argv[0] ?? '') === 'ixjob' && argv.includes('--');
  const exec = shim ? execJobFromFlags(parseArgv(argv.slice(1)), cwd) : { command: argv };
  const job: JobDefinition = {
    name: String(object.metadata?.name ?? 'job'),
    ...exec,
    ...optional('completions', num(spec.completions)),
    // Kubernetes' defaults, not ixjob run's: the same file behaves the same in both places.
    parallelism: num(spec.parallelism) ?? 1,
    podFailurePolicy: policyRules(spec),
    ...optional('backoffLimit', num(spec.backoffLimit)),
    ...optional('backoffLimitPerIndex', num(spec.backoffLimitPerIndex)),
    ...optional('maxFailedIndexes', num(spec.maxFailedIndexes)),
    ...optional(
      'successPolicy',
      spec.successPolicy ? list(obj(spec.successPolicy).rules) : undefined,
    ),
    ...optional('activeDeadlineSeconds', num(spec.activeDeadlineSeconds)),
    ...optional('attemptTimeoutSeconds', num(pod.activeDeadlineSeconds)),
    ...optional('gracePeriodSeconds', num(pod.terminationGracePeriodSeconds)),
  };
  return { job, env, workDirs: [...mounts.values()] };
}
