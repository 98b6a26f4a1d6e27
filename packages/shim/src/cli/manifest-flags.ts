import type { Command, FlagSpec } from './flags.ts';

const MANIFEST: readonly Command[] = ['manifest'];

const flag = (
  name: string,
  value: string | undefined,
  description: string,
  extra: Partial<FlagSpec> = {},
): FlagSpec => ({
  name,
  type: value === undefined ? 'boolean' : 'string',
  ...(value === undefined ? {} : { value }),
  description,
  commands: MANIFEST,
  group: 'cluster',
  ...extra,
});

/** The flags of `ixjob manifest`: kubectl run's words for what only a cluster has. */
export const MANIFEST_FLAGS: readonly FlagSpec[] = [
  flag('image', 'IMAGE', "the container's image"),
  flag(
    'shim-image',
    'IMAGE',
    'an image holding the portable shim at /ixjob (Dockerfile.shim): an init container installs it',
  ),
  flag('shim-path', 'PATH', 'the shim is in the image already, at PATH (/ixjob/bin/ixjob)'),
  flag(
    'image-config',
    'FILE',
    "with no command: the image's config (docker inspect, crane config), whose Entrypoint and Cmd run",
  ),
  flag('namespace', 'NS', 'the namespace of every object', { short: 'n' }),
  flag('labels', 'K=V,...', "labels of the Job and its pods (kubectl run's --labels)"),
  flag('annotations', 'K=V', 'an annotation of the Job and its pods', { multiple: true }),
  flag('requests', 'R=Q,...', 'resource requests: cpu=500m,memory=1Gi'),
  flag('limits', 'R=Q,...', 'resource limits: cpu=1,memory=2Gi'),
  flag('service-account', 'NAME', "the pods' service account"),
  flag('queue', 'NAME', "Kueue's LocalQueue: the kueue.x-k8s.io/queue-name label"),
  flag('restart', 'POLICY', "the pods' restartPolicy [default: Never]", {
    choices: ['Never', 'OnFailure'],
  }),
  flag('ttl', 'SECONDS', 'ttlSecondsAfterFinished: delete the finished Job after SECONDS'),
  flag('peers', undefined, 'a headless Service, so each pod reaches the others as NAME-INDEX.NAME'),
  flag(
    'overrides',
    'JSON',
    "a JSON merge patch into the generated Job (kubectl run's --overrides)",
  ),
  flag(
    'work-volume',
    'JSON',
    'work files too big for a ConfigMap: a volume source holding them ({"persistentVolumeClaim":{"claimName":"data"}})',
  ),
  flag(
    'checkpoint-volume',
    'JSON',
    "a volume source for the workers' checkpoints and outputs (IXJOB_CHECKPOINT_DIR), e.g. a PVC",
  ),
  flag('work-path', 'DIR', 'with --work-volume: the folder in it that holds the work files'),
  flag('output', 'FORMAT', 'yaml (a stream for kubectl apply -f -) or json (a v1 List)', {
    short: 'o',
    choices: ['yaml', 'json'],
  }),
];
