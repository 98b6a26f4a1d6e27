import { IxjobError, type JobDefinition, needsPeers, optional } from '@ixjob/sdk/internal';
import type { ManifestOptions } from '../../manifest/manifest-documents.ts';
import { flagList, flagNumber, flagText, pair } from '../flag-values.ts';
import type { ParsedArgv } from '../parse-argv.ts';
import { envFromFlags } from './env-flags.ts';
import { execJobFromFlags } from './exec-options.ts';
import { policiesFromFlags } from './policy-flags.ts';

/** `a=1,b=2`, as kubectl's `--labels`, `--requests` and `--limits` take them. */
function pairs(text: string | undefined, where: string): Record<string, string> | undefined {
  if (text === undefined) return undefined;
  return Object.fromEntries(text.split(',').map((each) => pair(each, where)));
}

function json(text: string | undefined, where: string): unknown {
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new IxjobError('usage', `not JSON: ${(error as Error).message}`, where);
  }
}

function shim(parsed: ParsedArgv): ManifestOptions['shim'] {
  const image = flagText(parsed, 'shim-image');
  const path = flagText(parsed, 'shim-path');
  if ((image === undefined) === (path === undefined)) {
    throw new IxjobError(
      'usage',
      'say where the pods get the shim: --shim-image IMAGE (an image built by Dockerfile.shim) or --shim-path PATH (already in the image), one of them',
      '--shim-image',
    );
  }
  return image === undefined ? { path: path as string } : { image };
}

function volumeSource(parsed: ParsedArgv, flag: string): Record<string, unknown> | undefined {
  const source = json(flagText(parsed, flag), `--${flag}`);
  if (source === undefined) return undefined;
  if (typeof source !== 'object' || source === null || Array.isArray(source))
    throw new IxjobError('usage', 'a volume source is a JSON object', `--${flag}`);
  return source as Record<string, unknown>;
}

function workVolume(parsed: ParsedArgv): ManifestOptions['workVolume'] {
  const source = volumeSource(parsed, 'work-volume');
  const path = flagText(parsed, 'work-path');
  if (source === undefined && path !== undefined)
    throw new IxjobError('usage', '--work-path goes with --work-volume', '--work-path');
  return source === undefined ? undefined : { source, path: path ?? '' };
}

/** `ixjob manifest NAME …`: the job, and how a cluster is to run it. */
export function manifestOptions(
  parsed: ParsedArgv,
  cwd: string,
): { options: ManifestOptions; output: 'yaml' | 'json' } {
  if (parsed.name === undefined)
    throw new IxjobError(
      'usage',
      "the Job's name comes first: ixjob manifest NAME --image IMAGE …",
      'NAME',
    );
  const image = flagText(parsed, 'image');
  if (image === undefined)
    throw new IxjobError('usage', "the container's image: give --image IMAGE", '--image');
  const env = envFromFlags(parsed);
  const job: JobDefinition = {
    name: parsed.name,
    ...execJobFromFlags(parsed, cwd),
    ...policiesFromFlags(parsed),
    ...optional('env', env.length > 0 ? env : undefined),
  };
  const requests = pairs(flagText(parsed, 'requests'), '--requests');
  const limits = pairs(flagText(parsed, 'limits'), '--limits');
  const options: ManifestOptions = {
    job,
    image,
    shim: shim(parsed),
    ...optional('imageConfig', flagText(parsed, 'image-config')),
    ...optional('namespace', flagText(parsed, 'namespace')),
    ...optional('labels', pairs(flagText(parsed, 'labels'), '--labels')),
    ...optional(
      'annotations',
      Object.fromEntries(flagList(parsed, 'annotations').map((a) => pair(a, '--annotations'))),
    ),
    ...optional(
      'resources',
      requests || limits
        ? { ...optional('requests', requests), ...optional('limits', limits) }
        : undefined,
    ),
    ...optional('serviceAccount', flagText(parsed, 'service-account')),
    ...optional('queue', flagText(parsed, 'queue')),
    ...optional('restart', flagText(parsed, 'restart') as 'Never' | 'OnFailure' | undefined),
    ...optional('ttlSecondsAfterFinished', flagNumber(parsed, 'ttl', 0)),
    // Framework variables name the leader's pod, which only the peers' Service makes reachable.
    peers: parsed.flags.peers === true || needsPeers(job.frameworks),
    ...optional('overrides', json(flagText(parsed, 'overrides'), '--overrides')),
    ...optional('workVolume', workVolume(parsed)),
    ...optional('checkpointVolume', volumeSource(parsed, 'checkpoint-volume')),
  };
  return { options, output: flagText(parsed, 'output') === 'json' ? 'json' : 'yaml' };
}
