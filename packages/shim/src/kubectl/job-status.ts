import { compactParams } from '../run/failed-indexes.ts';

/** What `kubectl get job -o json` and `kubectl get pods -o json` say, as far as status needs. */
export interface ClusterJob {
  metadata: { name: string; namespace?: string };
  spec: {
    completions?: number;
    parallelism?: number;
    template?: {
      spec?: {
        volumes?: { name: string; configMap?: { name: string } }[];
        containers?: { name: string }[];
      };
    };
  };
  status: {
    active?: number;
    succeeded?: number;
    failed?: number;
    completedIndexes?: string;
    failedIndexes?: string;
    startTime?: string;
    completionTime?: string;
    conditions?: { type: string; status: string; reason?: string; message?: string }[];
  };
}

export interface ClusterPod {
  metadata: { name: string; labels?: Record<string, string>; creationTimestamp?: string };
  status: {
    phase?: string;
    containerStatuses?: {
      name: string;
      state?: { terminated?: { exitCode: number; reason?: string } };
    }[];
  };
}

/** A failed index as the cluster shows it: its pods, its last exit, its parameters, its log's last line. */
export interface ClusterFailure {
  index: number;
  attempts: number;
  exitCode: number | undefined;
  params: Readonly<Record<string, string>> | undefined;
  lastLine: string | undefined;
}

const INDEX_LABEL = 'batch.kubernetes.io/job-completion-index';

/** The indexes whose every pod so far failed and none succeeded, with their last pod. */
export function failedPods(
  pods: readonly ClusterPod[],
): Map<number, { pods: ClusterPod[]; last: ClusterPod }> {
  const byIndex = new Map<number, ClusterPod[]>();
  for (const pod of pods) {
    const index = Number(pod.metadata.labels?.[INDEX_LABEL]);
    if (!Number.isInteger(index)) continue;
    byIndex.set(index, [...(byIndex.get(index) ?? []), pod]);
  }
  const failed = new Map<number, { pods: ClusterPod[]; last: ClusterPod }>();
  for (const [index, list] of byIndex) {
    if (list.some((pod) => pod.status.phase === 'Succeeded')) continue;
    const done = list.filter((pod) => pod.status.phase === 'Failed');
    const sorted = done.sort((a, b) =>
      (a.metadata.creationTimestamp ?? '').localeCompare(b.metadata.creationTimestamp ?? ''),
    );
    const last = sorted.at(-1);
    if (last !== undefined) failed.set(index, { pods: sorted, last });
  }
  return failed;
}

/** The main container's exit code: the first container that terminated with a failure. */
export function exitCodeOf(pod: ClusterPod): number | undefined {
  const ended = (pod.status.containerStatuses ?? []).map((c) => c.state?.terminated?.exitCode);
  return (
    ended.find((code) => code !== undefined && code !== 0) ??
    ended.find((code) => code !== undefined)
  );
}

/** The Job's state in the layout of `ixjob run`'s summary, from the cluster's own words. */
export function statusText(job: ClusterJob, failures: readonly ClusterFailure[]): string {
  const { status } = job;
  const rows: [string, string][] = [
    ['Name', job.metadata.name],
    ['Namespace', job.metadata.namespace ?? 'default'],
    ['Completion Mode', 'Indexed'],
    ['Completions', String(job.spec.completions ?? 1)],
    ['Parallelism', String(job.spec.parallelism ?? 1)],
    ['Start Time', status.startTime ?? '<none>'],
    ...(status.completionTime ? [['Completed At', status.completionTime] as [string, string]] : []),
    [
      'Pods Statuses',
      `${status.active ?? 0} Active / ${status.succeeded ?? 0} Succeeded / ${status.failed ?? 0} Failed`,
    ],
    ['Completed Indexes', status.completedIndexes || '<none>'],
    ...(status.failedIndexes !== undefined
      ? [['Failed Indexes', status.failedIndexes || '<none>'] as [string, string]]
      : []),
  ];
  const width = Math.max(...rows.map(([label]) => label.length)) + 2;
  const lines = rows.map(([label, value]) => `${`${label}:`.padEnd(width)}${value}`);
  const conditions = status.conditions ?? [];
  if (conditions.length > 0) {
    lines.push('Conditions:');
    for (const c of conditions)
      lines.push(`  ${[c.type, c.status, c.reason ?? '', c.message ?? ''].join('  ').trimEnd()}`);
  }
  if (failures.length > 0) {
    lines.push('Failures:');
    for (const f of failures) {
      const named =
        f.params && Object.keys(f.params).length > 0 ? ` (${compactParams(f.params)})` : '';
      const plural = f.attempts === 1 ? 'attempt' : 'attempts';
      const code = f.exitCode === undefined ? '' : `, last exit ${f.exitCode}`;
      lines.push(
        `  index ${f.index}${named}: ${f.attempts} ${plural}${code}${f.lastLine ? `: ${f.lastLine}` : ''}`,
      );
    }
  }
  return `${lines.join('\n')}\n`;
}
