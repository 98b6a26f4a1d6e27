import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { IxjobError, loadWork, resolveIndex } from '@ixjob/sdk/internal';
import { execa } from 'execa';
import { type ConfigMapData, writeConfigMapFiles } from '../manifest/config-map-files.ts';
import { SPEC_KEY } from '../manifest/spec-for-pod.ts';
import type { ClusterJob, ClusterPod } from './job-status.ts';

/** Runs kubectl with the user's own configuration; its failure is one line and its code. */
export async function kubectl(args: readonly string[], input?: string): Promise<string> {
  const result = await execa('kubectl', args, {
    ...(input === undefined ? {} : { input }),
    reject: false,
    stripFinalNewline: false,
  });
  if (result.failed) {
    const why = String(result.stderr).trim().split('\n').at(-1) || `exit ${result.exitCode}`;
    if ((result as { code?: string }).code === 'ENOENT')
      throw new IxjobError('not-found', 'kubectl is not on PATH', 'kubectl');
    throw new IxjobError('config', `kubectl ${args.slice(0, 2).join(' ')}: ${why}`, 'kubectl');
  }
  return String(result.stdout);
}

const ns = (namespace: string | undefined) => (namespace === undefined ? [] : ['-n', namespace]);

export async function readJob(name: string, namespace?: string): Promise<ClusterJob> {
  return JSON.parse(
    await kubectl(['get', 'job', name, '-o', 'json', ...ns(namespace)]),
  ) as ClusterJob;
}

export async function readPods(name: string, namespace?: string): Promise<ClusterPod[]> {
  const text = await kubectl([
    'get',
    'pods',
    '-l',
    `batch.kubernetes.io/job-name=${name}`,
    '-o',
    'json',
    ...ns(namespace),
  ]);
  return (JSON.parse(text) as { items: ClusterPod[] }).items;
}

/** The last line of a pod's first container's log, or undefined when it has none. */
export async function lastLogLine(
  pod: string,
  container: string,
  namespace?: string,
): Promise<string | undefined> {
  try {
    const text = await kubectl(['logs', pod, '-c', container, '--tail', '1', ...ns(namespace)]);
    return text.trimEnd().split('\n').at(-1) || undefined;
  } catch {
    return undefined;
  }
}

/**
 * Each index's parameters, from the Job's work ConfigMap resolved by the same code the pods
 * run; an empty map for a Job without one.
 */
export async function indexParams(
  job: {
    spec?: { template?: { spec?: { volumes?: { name: string; configMap?: { name: string } }[] } } };
  },
  indexes: readonly number[],
  namespace?: string,
): Promise<Map<number, Record<string, string>>> {
  const params = new Map<number, Record<string, string>>();
  const volume = job.spec?.template?.spec?.volumes?.find((v) => v.name === 'ixjob-work');
  if (volume?.configMap === undefined || indexes.length === 0) return params;
  const configMap = JSON.parse(
    await kubectl(['get', 'configmap', volume.configMap.name, '-o', 'json', ...ns(namespace)]),
  ) as ConfigMapData;
  const dir = mkdtempSync(join(tmpdir(), 'ixjob-status-'));
  try {
    writeConfigMapFiles(configMap, dir);
    const spec = await loadWork({ file: join(dir, SPEC_KEY) }, undefined, {
      cwd: dir,
      warn: () => {},
    });
    for (const index of indexes) params.set(index, (await resolveIndex(spec, index)).params);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return params;
}
