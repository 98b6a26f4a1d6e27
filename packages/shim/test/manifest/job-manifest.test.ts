import type { JobDefinition } from '@ixjob/sdk/internal';
import { describe, expect, test } from 'vitest';
import { jobManifest } from '../../src/manifest/job-manifest.ts';
import { checkManifest } from '../../src/manifest/manifest-checks.ts';

const job: JobDefinition = { name: 'fruit', command: ['sh', '-c', 'echo $(FRUIT) $(HOME)'] };
const base = {
  job,
  completions: 3,
  image: 'busybox',
  command: job.command,
  shim: { image: 'ixjob-shim' },
  work: { volume: { configMap: { name: 'fruit-work-0123456789' } }, specFile: 'spec.yaml' },
  shimVariables: new Set(['FRUIT']),
};

// biome-ignore lint/suspicious/noExplicitAny: a manifest is read here as the loose JSON kubectl sees
type Json = Record<string, any>;

describe('jobManifest', () => {
  const manifest = jobManifest(base) as Json;
  const pod = manifest.spec.template.spec;

  test('an Indexed Job, never restarted in place, with the default policy', () => {
    expect(manifest.spec).toMatchObject({ completionMode: 'Indexed', completions: 3 });
    expect(pod.restartPolicy).toBe('Never');
    expect(manifest.spec.podFailurePolicy.rules).toEqual([
      { action: 'FailJob', onExitCodes: { operator: 'In', values: [64, 65, 66, 78, 126, 127] } },
      { action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget', status: 'True' }] },
    ]);
  });

  test('the shim is installed by an init container and runs the command with its spec', () => {
    expect(pod.initContainers[0]).toMatchObject({
      image: 'ixjob-shim',
      command: ['/ixjob/bin/ixjob', 'install', '/ixjob-shim'],
    });
    expect(pod.containers[0].command).toEqual([
      '/ixjob-shim/bin/ixjob',
      '--spec',
      '/etc/ixjob-work/spec.yaml',
      '--',
    ]);
    // The shim's variable is left to the shim; the pod's own still expands.
    expect(pod.containers[0].args).toEqual(['sh', '-c', 'echo $$(FRUIT) $(HOME)']);
  });

  test.each<[string, Partial<Parameters<typeof jobManifest>[0]>, string[]]>([
    ['a spec: its length is the count', {}, ['--spec', '/etc/ixjob-work/spec.yaml']],
    ['no spec: the count is passed', { work: undefined }, ['--completions', '3']],
    [
      'a framework: the world size is passed with the spec',
      { job: { ...job, frameworks: ['jax'] } },
      ['--spec', '/etc/ixjob-work/spec.yaml', '--completions', '3', '--jax'],
    ],
  ])('the pod’s shim knows the count (IXJOB_COUNT): %s', (_name, change, flags) => {
    const command = (jobManifest({ ...base, ...change }) as Json).spec.template.spec.containers[0]
      .command;
    expect(command).toEqual(['/ixjob-shim/bin/ixjob', ...flags, '--']);
  });

  test('podinfo holds the annotations and labels where the shim looks', () => {
    const podinfo = pod.volumes.find((v: Json) => v.name === 'ixjob-podinfo');
    expect(podinfo.downwardAPI.items.map((i: Json) => i.path)).toEqual(['annotations', 'labels']);
    expect(pod.containers[0].volumeMounts).toContainEqual({
      name: 'ixjob-podinfo',
      mountPath: '/etc/podinfo',
      readOnly: true,
    });
  });

  test('a shim already in the image needs no init container', () => {
    const inImage = jobManifest({ ...base, shim: { path: '/ixjob/bin/ixjob' } }) as Json;
    expect(inImage.spec.template.spec.initContainers).toBeUndefined();
    expect(inImage.spec.template.spec.containers[0].command[0]).toBe('/ixjob/bin/ixjob');
  });

  test('policies, queue and per-index limits land where batch/v1 has them', () => {
    const limited = jobManifest({
      ...base,
      job: {
        ...job,
        backoffLimitPerIndex: 2,
        maxFailedIndexes: 1,
        successPolicy: [{ succeededCount: 2 }],
      },
      queue: 'team-a',
      ttlSecondsAfterFinished: 600,
    }) as Json;
    expect(limited.metadata.labels).toEqual({ 'kueue.x-k8s.io/queue-name': 'team-a' });
    expect(limited.spec).toMatchObject({
      backoffLimitPerIndex: 2,
      maxFailedIndexes: 1,
      ttlSecondsAfterFinished: 600,
      successPolicy: { rules: [{ succeededCount: 2 }] },
    });
    expect(limited.spec.podFailurePolicy.rules[0].action).toBe('FailIndex');
  });

  test('--pod-failure-policy none writes no policy', () => {
    const none = jobManifest({ ...base, job: { ...job, podFailurePolicy: [] } }) as Json;
    expect(none.spec.podFailurePolicy).toBeUndefined();
  });
});

describe('checkManifest refuses what the API server would', () => {
  test.each([
    ['a name that is not a DNS label', { ...job, name: 'Fruit_1' }, 3, 'Never', 'NAME'],
    ['a hostname past 63 characters', { ...job, name: 'a'.repeat(60) }, 1000, 'Never', 'NAME'],
    ['OnFailure with the default policy', job, 3, 'OnFailure', '--restart'],
    [
      'OnFailure with per-index retries',
      { ...job, podFailurePolicy: [], backoffLimitPerIndex: 1 },
      3,
      'OnFailure',
      '--restart',
    ],
    ['maxFailedIndexes alone', { ...job, maxFailedIndexes: 1 }, 3, 'Never', '--max-failed-indexes'],
    [
      'FailIndex without per-index retries',
      {
        ...job,
        podFailurePolicy: [{ action: 'FailIndex', onExitCodes: { operator: 'In', values: [3] } }],
      },
      3,
      'Never',
      '--pod-failure-policy',
    ],
    [
      'exit code 0 In a rule',
      {
        ...job,
        podFailurePolicy: [{ action: 'Ignore', onExitCodes: { operator: 'In', values: [0, 1] } }],
      },
      3,
      'Never',
      '--pod-failure-policy',
    ],
  ] as [string, JobDefinition, number, 'Never' | 'OnFailure', string][])(
    '%s',
    (_name, given, completions, restart, where) => {
      expect(() => checkManifest(given, completions, restart)).toThrow(
        expect.objectContaining({ kind: 'usage', where }),
      );
    },
  );

  test('a name of 59 characters for 1000 indexes fits exactly (the hostname is 63)', () => {
    expect(() => checkManifest({ ...job, name: 'a'.repeat(59) }, 1000, 'Never')).not.toThrow();
  });
});

describe('a checkpoints volume', () => {
  test('is mounted in the main container; IXJOB_CHECKPOINT_DIR names the Job’s folder', () => {
    const withVolume = jobManifest({
      ...base,
      checkpoints: { persistentVolumeClaim: { claimName: 'progress' } },
      env: [['OUT', '$(IXJOB_CHECKPOINT_DIR)/out']],
    }) as Json;
    const pod = withVolume.spec.template.spec;
    expect(pod.volumes).toContainEqual({
      name: 'ixjob-checkpoints',
      persistentVolumeClaim: { claimName: 'progress' },
    });
    expect(pod.containers[0].volumeMounts).toContainEqual({
      name: 'ixjob-checkpoints',
      mountPath: '/ixjob-checkpoints',
    });
    // The user's variables come after ixjob's: the kubelet expands $(VAR) only from earlier ones.
    expect(pod.containers[0].env).toEqual([
      { name: 'IXJOB_CHECKPOINT_DIR', value: '/ixjob-checkpoints/fruit' },
      { name: 'OUT', value: '$(IXJOB_CHECKPOINT_DIR)/out' },
    ]);
  });
});
