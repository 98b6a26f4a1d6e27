import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type Cluster, harnessOrSkip, startCluster } from '../support/cluster.ts';
import { EXAMPLES_DIR, WITH_MANIFEST } from '../support/examples.ts';
import { busyboxImage, shimImage } from '../support/k8s-images.ts';
import { harnessStatuses } from '../support/k8s-outcome.ts';

/** The examples' checked-in Jobs, as a user applies them, on the pinned release's control plane. */
const jobFile = (name: string) => join(EXAMPLES_DIR, name, 'job.yaml');

/** Examples whose images the harness has: the seed's jobs run busybox with the shim image's init container. */
const RUNS = [
  {
    name: 'say-fruit',
    logs: ['Have a nice green apple', 'Have a nice yellow banana', 'Have a nice red cherry'],
  },
  {
    name: 'say-number',
    logs: [0, 1, 2].map((i) => `My index is ${i} (from JOB_COMPLETION_INDEX)`),
  },
];

describe.runIf(harnessOrSkip('the examples on the Kubernetes harness'))(
  'the examples’ job.yaml on the Kubernetes harness',
  () => {
    let cluster: Cluster;
    const trees: string[] = [];

    beforeAll(async () => {
      const images = {
        'busybox:1.37': busyboxImage('busybox-1.37'),
        'ghcr.io/ixjob/shim:0.1.0': shimImage(),
      };
      trees.push(...Object.values(images));
      cluster = await startCluster({ images });
      for (const { name } of RUNS) cluster.kubectlOk(['apply', '-f', jobFile(name)]);
      await harnessStatuses(
        cluster,
        RUNS.map((r) => r.name),
        100_000,
      );
    }, 180_000);

    afterAll(async () => {
      await cluster?.stop();
      for (const tree of trees) rmSync(tree, { recursive: true, force: true });
    });

    test.each(RUNS)('$name: applied as checked in, every index says its line', ({ name, logs }) => {
      const status = JSON.parse(cluster.kubectlOk(['get', 'job', name, '-o', 'json'])).status;
      expect(status.completedIndexes).toBe(`0-${logs.length - 1}`);
      const said = logs.map((_, index) =>
        cluster
          .kubectlOk([
            'logs',
            '-l',
            `batch.kubernetes.io/job-completion-index=${index},job-name=${name}`,
          ])
          .split('\n')
          .filter((line) => line !== '' && !line.startsWith('ixjob: warning:')),
      );
      expect(said).toEqual(logs.map((line) => [line]));
    });

    test.each(WITH_MANIFEST)(
      '%s: job.yaml passes the API server’s schema and validation (--dry-run=server, strict)',
      (name) => {
        // A namespace of their own: the seed's jobs of the same names run in the default one.
        if (cluster.kubectl(['get', 'namespace', 'dry']).code !== 0)
          cluster.kubectlOk(['create', 'namespace', 'dry']);
        const dry = cluster.kubectl([
          'apply',
          '--dry-run=server',
          '--validate=strict',
          '-n',
          'dry',
          '-f',
          jobFile(name),
        ]);
        expect(dry.stderr).toBe('');
        expect(dry.code).toBe(0);
        const kinds = [...readFileSync(jobFile(name), 'utf8').matchAll(/^kind: (\w+)$/gm)];
        expect(dry.stdout.match(/\(server dry run\)$/gm)).toHaveLength(kinds.length);
      },
    );
  },
);
