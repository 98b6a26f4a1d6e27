import { lstatSync, mkdirSync, readFileSync, readlinkSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { BUNDLE } from '../support/build-once.ts';
import { type Cluster, harnessOrSkip, startCluster } from '../support/cluster.ts';
import { busyboxImage, installerImage } from '../support/k8s-images.ts';

const SAY_FRUIT = new URL('../../examples/say-fruit/', import.meta.url);
const fruits = readFileSync(new URL('fruits.txt', SAY_FRUIT), 'utf8');
const colors = readFileSync(new URL('colors.txt', SAY_FRUIT), 'utf8');
/** The portable bundle under test (IXJOB_TEST_BUNDLE points elsewhere while packages/ is in flux). */
const bundle = process.env.IXJOB_TEST_BUNDLE ?? BUNDLE;

/** The seed's say-fruit as a hand-written Indexed Job: the shim arrives by an init container. */
const manifest = `
apiVersion: v1
kind: ConfigMap
metadata: {name: say-fruit-work}
data:
  fruits.txt: ${JSON.stringify(fruits)}
  colors.txt: ${JSON.stringify(colors)}
---
apiVersion: batch/v1
kind: Job
metadata: {name: say-fruit}
spec:
  completions: 3
  parallelism: 3
  completionMode: Indexed
  template:
    spec:
      restartPolicy: Never
      automountServiceAccountToken: false
      terminationGracePeriodSeconds: 2
      volumes:
      - {name: shim, emptyDir: {}}
      - {name: work, configMap: {name: say-fruit-work}}
      - name: podinfo
        downwardAPI:
          items:
          - {path: annotations, fieldRef: {fieldPath: metadata.annotations}}
          - {path: labels, fieldRef: {fieldPath: metadata.labels}}
      initContainers:
      - name: install-shim
        image: ixjob/shim:test
        command: [/opt/ixjob/bin/ixjob, install, /shim]
        volumeMounts: [{name: shim, mountPath: /shim}]
      containers:
      - name: say
        image: busybox:test
        command:
        - /shim/bin/ixjob
        - --per-completion-env
        - FRUIT=@/work/fruits.txt
        - --per-completion-env
        - COLOR=@/work/colors.txt
        - --
        - sh
        - -c
        - echo Have a nice $(COLOR) $(FRUIT)
        volumeMounts:
        - {name: shim, mountPath: /shim}
        - {name: work, mountPath: /work}
        - {name: podinfo, mountPath: /etc/podinfo}
`;

describe.runIf(harnessOrSkip('say-fruit on the Kubernetes harness'))(
  'say-fruit in real pods',
  () => {
    let cluster: Cluster;
    const trees: string[] = [];

    beforeAll(async () => {
      const installer = installerImage(bundle);
      const busybox = busyboxImage();
      trees.push(installer, busybox);
      mkdirSync(join(busybox, 'work'), { recursive: true });
      cluster = await startCluster({
        images: { 'ixjob/shim:test': installer, 'busybox:test': busybox },
      });
    }, 300_000);

    afterAll(async () => {
      await cluster?.stop();
      for (const tree of trees) rmSync(tree, { recursive: true, force: true });
    });

    test('kubectl apply, the Job completes, and each index says its own line', () => {
      cluster.kubectlOk(['apply', '-f', '-'], manifest);
      const waited = cluster.kubectl([
        'wait',
        '--for=condition=complete',
        'job/say-fruit',
        '--timeout=120s',
      ]);
      if (waited.code !== 0) {
        const pods = cluster.kubectl(['get', 'pods', '-o', 'yaml']).stdout;
        throw new Error(`say-fruit did not complete: ${waited.stderr}\n${pods}`);
      }
      const lines = [0, 1, 2].map((index) => {
        const pod = cluster
          .kubectlOk([
            'get',
            'pods',
            '-l',
            `batch.kubernetes.io/job-completion-index=${index},job-name=say-fruit`,
            '-o',
            'jsonpath={.items[0].metadata.name}',
          ])
          .trim();
        return cluster.kubectlOk(['logs', pod, '-c', 'say']).trim().split('\n');
      });
      // The seed's one-line lists are split at whitespace, and the shim says so on stderr.
      for (const log of lines)
        expect(log.filter((line) => line.startsWith('ixjob: warning: '))).toHaveLength(2);
      expect(lines.map((log) => log.filter((line) => !line.startsWith('ixjob: ')))).toEqual(
        ['Have a nice green apple', 'Have a nice yellow banana', 'Have a nice red cherry'].map(
          (line) => [line],
        ),
      );
    }, 180_000);

    test('the downward-API volume is laid out by the kubelet’s AtomicWriter', () => {
      const pod = cluster
        .kubectlOk([
          'get',
          'pods',
          '-l',
          'job-name=say-fruit',
          '-o',
          'jsonpath={.items[0].metadata.namespace}_{.items[0].metadata.name}_{.items[0].metadata.uid}',
        ])
        .trim();
      const podinfo = join(cluster.podsDir, pod, 'volumes', 'podinfo');
      expect(readlinkSync(join(podinfo, 'annotations'))).toBe('..data/annotations');
      expect(lstatSync(join(podinfo, '..data')).isSymbolicLink()).toBe(true);
      const annotations = readFileSync(join(podinfo, 'annotations'), 'utf8');
      expect(annotations).toMatch(/^batch\.kubernetes\.io\/job-completion-index="\d"$/m);
      expect(annotations.endsWith('\n')).toBe(false);
    });
  },
);
