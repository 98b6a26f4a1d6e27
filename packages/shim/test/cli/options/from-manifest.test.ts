import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { scratchDirs } from '../../../../../test/support/scratch-dirs.ts';
import { jobFromManifest } from '../../../src/cli/options/from-manifest.ts';
import { manifestDocuments } from '../../../src/manifest/manifest-documents.ts';
import { renderManifest } from '../../../src/manifest/render-manifest.ts';

const scratch = scratchDirs('from-manifest');
const io = { cwd: '/', warn: () => {} };

function write(content: string): string {
  const path = join(scratch(), 'job.yaml');
  writeFileSync(path, content);
  return path;
}

describe('jobFromManifest', () => {
  test('a generated manifest reads back as the job it was made from', async () => {
    const dir = scratch();
    writeFileSync(join(dir, 'fruits.txt'), 'apple\nbanana\n');
    const docs = await manifestDocuments(
      {
        job: {
          name: 'say-fruit',
          command: ['sh', '-c', 'echo $(FRUIT) $(GREETING)'],
          backoffLimitPerIndex: 1,
          env: [['GREETING', 'hello']],
          work: {
            spec: {
              combine: 'zip',
              dimensions: [{ kind: 'values-file', name: 'FRUIT', file: 'fruits.txt' }],
              rename: {},
              base: dir,
            },
          },
        },
        image: 'busybox',
        shim: { image: 'ixjob-shim' },
      },
      io,
    );
    const read = jobFromManifest(write(renderManifest(docs, 'yaml')), '/');
    // The kubelet's expansion: the pod's variable is in, the shim's left for the shim.
    expect(read.job.command).toEqual(['sh', '-c', 'echo $(FRUIT) hello']);
    expect(read.env).toEqual({ GREETING: 'hello' });
    expect(read.job).toMatchObject({ name: 'say-fruit', backoffLimitPerIndex: 1, parallelism: 1 });
    expect(read.job.podFailurePolicy?.map((rule) => rule.action)).toEqual(['FailIndex']);
    const work = read.job.work as { file: string };
    expect(readFileSync(join(work.file, '..', 'fruits.txt'), 'utf8')).toBe('apple\nbanana\n');
  });

  test('a plain Indexed Job: its command, its count, no policy unless written', () => {
    const read = jobFromManifest(
      write(`apiVersion: batch/v1
kind: Job
metadata: {name: plain}
spec:
  completionMode: Indexed
  completions: 4
  template:
    spec:
      restartPolicy: Never
      containers:
        - name: main
          image: busybox
          command: [sh, -c, 'echo $(JOB_COMPLETION_INDEX)']
`),
      '/',
    );
    expect(read.job).toMatchObject({ name: 'plain', completions: 4, podFailurePolicy: [] });
    expect(read.job.command).toEqual(['sh', '-c', 'echo $(JOB_COMPLETION_INDEX)']);
  });

  test.each([
    ['no Job', 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n', 'exactly one Job'],
    [
      'a NonIndexed Job',
      'kind: Job\nmetadata: {name: x}\nspec: {completions: 2, template: {spec: {containers: [{name: a, command: [x]}]}}}\n',
      'Indexed',
    ],
    [
      'no command',
      'kind: Job\nmetadata: {name: x}\nspec: {completionMode: Indexed, completions: 2, template: {spec: {containers: [{name: a, image: x}]}}}\n',
      'entrypoint',
    ],
    [
      'a variable from the cluster',
      'kind: Job\nmetadata: {name: x}\nspec: {completionMode: Indexed, completions: 2, template: {spec: {containers: [{name: a, command: [x], env: [{name: N, valueFrom: {fieldRef: {fieldPath: spec.nodeName}}}]}]}}}\n',
      'valueFrom',
    ],
  ])('refuses %s in one line', (_name, content, message) => {
    expect(() => jobFromManifest(write(content), '/')).toThrow(
      expect.objectContaining({ kind: 'usage', message: expect.stringContaining(message) }),
    );
  });
});

const job = (namespace?: string) => ({
  apiVersion: 'batch/v1',
  kind: 'Job',
  metadata: { name: 'mesh', ...(namespace === undefined ? {} : { namespace }) },
  spec: {
    completionMode: 'Indexed',
    completions: 2,
    template: {
      spec: {
        containers: [
          {
            name: 'mesh',
            image: 'busybox',
            command: ['echo', '$(IXJOB_NAMESPACE)'],
            env: [
              {
                name: 'IXJOB_NAMESPACE',
                valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } },
              },
            ],
          },
        ],
      },
    },
  },
});

describe('jobFromManifest: variables from the cluster', () => {
  test.each([
    ['the Job’s namespace', 'team-a', 'team-a'],
    ['default, as the API server would put it', undefined, 'default'],
  ])('a variable from metadata.namespace is %s', (_name, namespace, expected) => {
    const file = join(scratch(), 'job.json');
    writeFileSync(file, JSON.stringify(job(namespace)));
    const read = jobFromManifest(file, '/');
    for (const dir of read.workDirs) rmSync(dir, { recursive: true, force: true });
    expect(read.env).toEqual({ IXJOB_NAMESPACE: expected });
    expect(read.job.command).toEqual(['echo', expected]);
  });

  test('any other variable from the cluster is refused: a local run cannot read it', () => {
    const secret = { name: 'TOKEN', valueFrom: { secretKeyRef: { name: 's', key: 'k' } } };
    const file = join(scratch(), 'job.json');
    writeFileSync(
      file,
      JSON.stringify(job()).replace(/\{"name":"IXJOB_NAMESPACE".*?\}\}\}/, JSON.stringify(secret)),
    );
    expect(() => jobFromManifest(file, '/')).toThrow(/TOKEN comes from the cluster/);
  });
});
