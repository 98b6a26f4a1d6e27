import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { JobDefinition } from '@ixjob/sdk/internal';
import { describe, expect, test } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { scratchDirs } from '../../../../test/support/scratch-dirs.ts';
import { manifestDocuments } from '../../src/manifest/manifest-documents.ts';
import { mergePatch } from '../../src/manifest/merge-patch.ts';
import { renderManifest } from '../../src/manifest/render-manifest.ts';

// biome-ignore lint/suspicious/noExplicitAny: a manifest is read here as the loose JSON kubectl sees
type Json = Record<string, any>;

const scratch = scratchDirs('manifest-documents');
const io = { cwd: '/', warn: () => {} };

function sayFruit(dir: string): JobDefinition {
  writeFileSync(join(dir, 'fruits.txt'), 'apple\nbanana\ncherry\n');
  return {
    name: 'say-fruit',
    command: ['sh', '-c', 'echo Have a nice $(FRUIT)'],
    work: {
      spec: {
        combine: 'zip',
        dimensions: [{ kind: 'values-file', name: 'FRUIT', file: 'fruits.txt' }],
        rename: {},
        base: dir,
      },
    },
  };
}

describe('manifestDocuments', () => {
  test('the work ConfigMap first, then the Job, with completions from the list', async () => {
    const docs = await manifestDocuments(
      { job: sayFruit(scratch()), image: 'busybox', shim: { image: 'ixjob-shim' } },
      io,
    );
    expect(docs.map((doc) => doc.kind)).toEqual(['ConfigMap', 'Job']);
    const [configMap, job] = docs as [Json, Json];
    expect(configMap.data['fruits.txt']).toBe('apple\nbanana\ncherry\n');
    expect(job.spec.completions).toBe(3);
    expect(job.spec.template.spec.volumes).toContainEqual({
      name: 'ixjob-work',
      configMap: { name: configMap.metadata.name },
    });
    expect(job.spec.template.spec.containers[0].args).toEqual([
      'sh',
      '-c',
      'echo Have a nice $$(FRUIT)',
    ]);
  });

  test('--peers adds the headless Service and the pods’ subdomain', async () => {
    const docs = await manifestDocuments(
      { job: sayFruit(scratch()), image: 'busybox', shim: { image: 'ixjob-shim' }, peers: true },
      io,
    );
    expect(docs.map((doc) => doc.kind)).toEqual(['ConfigMap', 'Service', 'Job']);
    const job = docs[2] as Json;
    expect(job.spec.template.spec.subdomain).toBe('say-fruit');
    expect(docs[1]).toMatchObject({ spec: { clusterIP: 'None', publishNotReadyAddresses: true } });
    expect(job.spec.template.spec.containers[0].env).toEqual([
      { name: 'IXJOB_NAMESPACE', valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } } },
      { name: 'IXJOB_JOB_NAME', value: 'say-fruit' },
      { name: 'IXJOB_SERVICE', value: 'say-fruit' },
    ]);
  });

  test('--peers refuses a name that cannot name a Service (DNS-1035: a letter first)', async () => {
    const job = { ...sayFruit(scratch()), name: '7-fruits' };
    await expect(
      manifestDocuments({ job, image: 'busybox', shim: { image: 'x' }, peers: true }, io),
    ).rejects.toThrow(/must start with a letter/);
    await expect(
      manifestDocuments({ job, image: 'busybox', shim: { image: 'x' } }, io),
    ).resolves.toHaveLength(2);
  });

  test('a commands list with no command needs no image config: the shim runs each line', async () => {
    const dir = scratch();
    writeFileSync(join(dir, 'lines.txt'), 'echo one\necho two\n');
    const job: JobDefinition = {
      name: 'lines',
      command: [],
      work: {
        spec: {
          combine: 'zip',
          dimensions: [{ kind: 'commands', file: 'lines.txt' }],
          rename: {},
          base: dir,
        },
      },
    } as JobDefinition;
    const docs = await manifestDocuments({ job, image: 'busybox', shim: { image: 'x' } }, io);
    const container = (docs[1] as Json).spec.template.spec.containers[0];
    expect(container.command.at(-1)).toBe('--');
    expect(container.args).toBeUndefined();
  });

  test('the variables the shim exports are left to it, the spec’s digest and names included', async () => {
    const job = {
      ...sayFruit(scratch()),
      command: ['echo', '$(IXJOB_SPEC_SHA256)', '$(IXJOB_PARAM_NAMES)', '$(IXJOB_INDEX_SOURCE)'],
    };
    const docs = await manifestDocuments({ job, image: 'busybox', shim: { image: 'x' } }, io);
    expect((docs[1] as Json).spec.template.spec.containers[0].args).toEqual([
      'echo',
      '$$(IXJOB_SPEC_SHA256)',
      '$$(IXJOB_PARAM_NAMES)',
      '$$(IXJOB_INDEX_SOURCE)',
    ]);
  });

  test('--overrides merges into the Job as kubectl run does', async () => {
    const docs = await manifestDocuments(
      {
        job: sayFruit(scratch()),
        image: 'busybox',
        shim: { image: 'ixjob-shim' },
        overrides: { spec: { template: { spec: { nodeSelector: { disk: 'ssd' } } } } },
      },
      io,
    );
    const job = docs[1] as Json;
    expect(job.spec.template.spec.nodeSelector).toEqual({ disk: 'ssd' });
    expect(job.spec.template.spec.restartPolicy).toBe('Never');
  });

  test('the YAML stream reads back as the objects, strings kept strings', async () => {
    const job = { ...sayFruit(scratch()), command: ['echo', 'yes', 'no', 'on', '0755', '1e3'] };
    const docs = await manifestDocuments({ job, image: 'busybox', shim: { image: 'x' } }, io);
    const text = renderManifest(docs, 'yaml');
    const read = parseAllDocuments(text, { version: '1.1' }).map((doc) => doc.toJS());
    expect(read).toEqual(docs);
    expect(JSON.parse(renderManifest(docs, 'json'))).toEqual({
      apiVersion: 'v1',
      kind: 'List',
      items: docs,
    });
  });
});

describe('mergePatch (RFC 7386)', () => {
  test.each([
    ['a key replaced', { a: 'b' }, { a: 'c' }, { a: 'c' }],
    ['a key added', { a: 'b' }, { b: 'c' }, { a: 'b', b: 'c' }],
    ['null removes', { a: 'b', b: 'c' }, { a: null }, { b: 'c' }],
    ['arrays replace', { a: [1, 2] }, { a: [3] }, { a: [3] }],
    ['nested', { a: { b: 'c', d: 'e' } }, { a: { d: null, f: 'g' } }, { a: { b: 'c', f: 'g' } }],
    ['a non-object patch replaces', { a: 'b' }, ['c'], ['c']],
  ])('%s', (_name, target, patch, result) => {
    expect(mergePatch(target, patch)).toEqual(result);
  });
});
