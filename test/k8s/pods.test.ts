import {
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readlinkSync,
  rmSync,
  statSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expandKubelet } from '@ixjob/sdk/internal';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type Cluster, harnessOrSkip, startCluster } from '../support/cluster.ts';

/** A pod's whole spec around one shell script, on the host image, with a scratch hostPath. */
function podSpec(scratch: string, script: string, extra: Record<string, unknown> = {}) {
  return {
    restartPolicy: 'Never',
    automountServiceAccountToken: false,
    terminationGracePeriodSeconds: 2,
    volumes: [{ name: 'scratch', hostPath: { path: scratch } }],
    containers: [
      {
        name: 'main',
        image: 'host',
        command: ['sh', '-c', script],
        env: [{ name: 'S', value: scratch }],
        volumeMounts: [{ name: 'scratch', mountPath: scratch }],
      },
    ],
    ...extra,
  };
}

const job = (name: string, completions: number, spec: object) => ({
  apiVersion: 'batch/v1',
  kind: 'Job',
  metadata: { name },
  spec: { completionMode: 'Indexed', completions, parallelism: completions, template: { spec } },
});

describe.runIf(harnessOrSkip('pods on the Kubernetes harness'))(
  'pods as the kubelet runs them',
  () => {
    let cluster: Cluster;
    // Made in beforeAll: a skipped suite still runs this callback, but never its afterAll.
    let scratch: string;
    const read = (name: string) => readFileSync(join(scratch, name), 'utf8');
    const apply = (...objects: object[]) =>
      cluster.kubectlOk(
        ['apply', '-f', '-'],
        JSON.stringify({ apiVersion: 'v1', kind: 'List', items: objects }),
      );
    const waitJob = (name: string) =>
      cluster.kubectlOk(['wait', '--for=condition=complete', `job/${name}`, '--timeout=90s']);

    beforeAll(async () => {
      scratch = mkdtempSync(join(tmpdir(), 'ixjob-k8s-pods-'));
      cluster = await startCluster({ images: { '*': 'host' } });
    }, 300_000);

    afterAll(async () => {
      await cluster?.stop();
      if (scratch) rmSync(scratch, { recursive: true, force: true });
    });

    test('deleting a pod: SIGTERM to a PID 1 that handles it, SIGKILL after the grace period otherwise', () => {
      const handles = `trap 'echo TERM > "$S/handled"; exit 0' TERM; echo up > "$S/up-handles"; while :; do sleep 0.1; done`;
      const ignores = `echo up > "$S/up-ignores"; while :; do sleep 0.1; done`;
      const pod = (name: string, script: string) => ({
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name },
        spec: podSpec(scratch, script),
      });
      apply(pod('handles', handles), pod('ignores', ignores));
      cluster.kubectlOk([
        'wait',
        '--for=jsonpath={.status.phase}=Running',
        'pod/handles',
        'pod/ignores',
        '--timeout=60s',
      ]);
      const timed = (name: string) => {
        const started = Date.now();
        cluster.kubectlOk(['delete', 'pod', name, '--wait=true', '--timeout=60s']);
        return (Date.now() - started) / 1000;
      };
      expect(timed('handles')).toBeLessThan(2);
      expect(read('handled')).toBe('TERM\n');
      // A PID 1 without a handler ignores SIGTERM, as in any container: only SIGKILL ends it.
      expect(timed('ignores')).toBeGreaterThanOrEqual(2);
    }, 120_000);

    test('$(VAR) in env and command: the kubelet’s expansion, and the index appended last', () => {
      const args = [
        '$(A)',
        '$$(A)',
        '$(B)',
        '$(UNDEFINED)',
        '$(JOB_COMPLETION_INDEX)',
        'cost $5',
        '$(A',
      ];
      apply(
        {
          apiVersion: 'v1',
          kind: 'ConfigMap',
          metadata: { name: 'env-from' },
          data: { A: 'from-map', Z: 'z' },
        },
        job('expand', 1, {
          ...podSpec(scratch, ''),
          containers: [
            {
              name: 'main',
              image: 'host',
              command: [
                'sh',
                '-c',
                'printf "%s\\n" "$@" > "$S/args"; env > "$S/env"',
                'sh',
                ...args,
              ],
              envFrom: [{ configMapRef: { name: 'env-from' } }],
              env: [
                { name: 'S', value: scratch },
                { name: 'A', value: 'alpha' },
                { name: 'B', value: '$(A)-$(Z)' },
                { name: 'C', value: 'shard-$(JOB_COMPLETION_INDEX)' },
                { name: 'D', value: '$$(A)' },
              ],
              volumeMounts: [{ name: 'scratch', mountPath: scratch }],
            },
          ],
        }),
      );
      waitJob('expand');
      const env = new Map(
        read('env')
          .trim()
          .split('\n')
          .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)] as const),
      );
      expect(env.get('B')).toBe('alpha-z');
      // kubernetes#121523: the controller's variable comes last, so it is not there to expand.
      expect(env.get('C')).toBe('shard-$(JOB_COMPLETION_INDEX)');
      expect(env.get('D')).toBe('$(A)');
      expect(env.get('JOB_COMPLETION_INDEX')).toBe('0');
      // The shim's expansion over the same environment gives the kubelet's arguments.
      const printed = read('args').trimEnd().split('\n');
      expect(printed).toEqual(args.map((a) => expandKubelet(a, (name) => env.get(name))));
    }, 120_000);

    test('peers find each other as <hostname>.<subdomain> through a headless Service', () => {
      // Each stays until all have looked: a finished pod leaves the Service, as in a cluster.
      const script = `
      for i in 0 1 2; do until getent hosts peers-$i.mesh >/dev/null; do sleep 0.2; done; done
      I=$JOB_COMPLETION_INDEX
      { hostname; for i in 0 1 2; do getent hosts peers-$i.mesh | cut -f1 -d' '; done; } > "$S/view.$I"
      mv "$S/view.$I" "$S/peers.$I"
      until [ -e "$S/peers.0" ] && [ -e "$S/peers.1" ] && [ -e "$S/peers.2" ]; do sleep 0.2; done`;
      apply(
        {
          apiVersion: 'v1',
          kind: 'Service',
          metadata: { name: 'mesh' },
          spec: { clusterIP: 'None', selector: { 'job-name': 'peers' } },
        },
        job('peers', 3, podSpec(scratch, script, { subdomain: 'mesh' })),
      );
      waitJob('peers');
      const views = [0, 1, 2].map((i) => read(`peers.${i}`).trim().split('\n'));
      expect(views.map((view) => view[0])).toEqual(['peers-0', 'peers-1', 'peers-2']);
      // Every pod sees the same three distinct addresses.
      const addresses = views.map((v) => v.slice(1).join(' '));
      expect(new Set(addresses).size, JSON.stringify(views)).toBe(1);
      expect(new Set(views[0]?.slice(1)).size).toBe(3);
    }, 120_000);

    test('ConfigMap items, modes and binaryData; an emptyDir shared by init and app containers', () => {
      // The host image's mount points must exist: the agent makes none on the host.
      for (const dir of ['shared', 'files']) mkdirSync(join(scratch, dir));
      apply(
        {
          apiVersion: 'v1',
          kind: 'ConfigMap',
          metadata: { name: 'files' },
          data: { 'a.txt': 'first', 'b.txt': 'second' },
          binaryData: { 'blob.bin': Buffer.from([0, 255, 10, 13]).toString('base64') },
        },
        job('volumes', 1, {
          ...podSpec(scratch, ''),
          volumes: [
            { name: 'scratch', hostPath: { path: scratch } },
            { name: 'shared', emptyDir: {} },
            {
              name: 'files',
              configMap: {
                name: 'files',
                defaultMode: 0o640,
                items: [
                  { key: 'a.txt', path: 'dir/renamed.txt', mode: 0o600 },
                  { key: 'blob.bin', path: 'blob.bin' },
                ],
              },
            },
          ],
          initContainers: [
            {
              name: 'init',
              image: 'host',
              command: ['sh', '-c', `echo from-init > ${scratch}/shared/handoff`],
              volumeMounts: [{ name: 'shared', mountPath: `${scratch}/shared` }],
            },
          ],
          containers: [
            {
              name: 'main',
              image: 'host',
              command: [
                'sh',
                '-c',
                'cat "$S/shared/handoff" > "$S/handoff"; ls -A "$S/files" > "$S/ls"',
              ],
              env: [{ name: 'S', value: scratch }],
              volumeMounts: [
                { name: 'scratch', mountPath: scratch },
                { name: 'shared', mountPath: `${scratch}/shared` },
                { name: 'files', mountPath: `${scratch}/files` },
              ],
            },
          ],
        }),
      );
      waitJob('volumes');
      expect(read('handoff')).toBe('from-init\n');
      // Only the listed items, beside the AtomicWriter's ..data link and its timestamped dir.
      const listed = read('ls').trim().split('\n');
      expect(listed.filter((f) => !f.startsWith('..'))).toEqual(['blob.bin', 'dir']);
      expect(listed.some((f) => /^\.\.\d{4}_/.test(f))).toBe(true);
      const pod = cluster
        .kubectlOk([
          'get',
          'pods',
          '-l',
          'job-name=volumes',
          '-o',
          'jsonpath={.items[0].metadata.namespace}_{.items[0].metadata.name}_{.items[0].metadata.uid}',
        ])
        .trim();
      const files = join(cluster.podsDir, pod, 'volumes', 'files');
      expect(readlinkSync(join(files, 'dir'))).toBe('..data/dir');
      expect(lstatSync(join(files, '..data')).isSymbolicLink()).toBe(true);
      expect(readFileSync(join(files, 'dir', 'renamed.txt'), 'utf8')).toBe('first');
      expect(statSync(join(files, 'dir', 'renamed.txt')).mode & 0o777).toBe(0o600);
      expect(statSync(join(files, 'blob.bin')).mode & 0o777).toBe(0o640);
      expect([...readFileSync(join(files, 'blob.bin'))]).toEqual([0, 255, 10, 13]);
    }, 120_000);
  },
);
