import {
  checkedLength,
  frameworkVariableNames,
  IxjobError,
  indexExportNames,
  type JobDefinition,
  loadWork,
  nodeFiles,
  PARAM_NAMES_VARIABLE,
  type ReadCap,
  readSpecFile,
  SPEC_DIGEST_VARIABLE,
  type SpecDefinition,
} from '@ixjob/sdk/internal';
import { imageCommand } from './image-config.ts';
import { DATA_MOUNT, type JobManifestInput, jobManifest, type WorkMount } from './job-manifest.ts';
import { checkManifest } from './manifest-checks.ts';
import { mergePatch } from './merge-patch.ts';
import { peersService } from './peers-service.ts';
import { SPEC_KEY, specForPod } from './spec-for-pod.ts';
import { workConfigMap } from './work-config-map.ts';

/** The variable a `commands` dimension sets, which the exec plan runs when there is no command. */
const COMMAND_LINE = 'COMMAND_LINE';

/** Past this, no work file gzips into a 1 MiB ConfigMap: it belongs on a volume. */
const WORK_FILE_CAP: ReadCap = {
  bytes: 32 << 20,
  what: 'a work file for a ConfigMap',
  hint: 'put the work files on a volume the pods mount and give --work-volume',
};

/** `ixjob manifest`: the job, and how it is to run on a cluster. */
export interface ManifestOptions {
  job: JobDefinition;
  image: string;
  shim: { image: string } | { path: string };
  /** With no command: where the image's Entrypoint and Cmd are read. */
  imageConfig?: string | undefined;
  namespace?: string | undefined;
  labels?: Readonly<Record<string, string>> | undefined;
  annotations?: Readonly<Record<string, string>> | undefined;
  resources?: JobManifestInput['resources'];
  serviceAccount?: string | undefined;
  queue?: string | undefined;
  restart?: 'Never' | 'OnFailure' | undefined;
  ttlSecondsAfterFinished?: number | undefined;
  /** A headless Service, and each pod's `subdomain`, so pods reach each other by name. */
  peers?: boolean | undefined;
  /** Work files too big for a ConfigMap: a volume of the user's holding them under their keys. */
  workVolume?: { source: Record<string, unknown>; path: string } | undefined;
  /** A volume source for the SDK's checkpoints (IXJOB_CHECKPOINT_DIR in every pod). */
  checkpointVolume?: Record<string, unknown> | undefined;
  /** A JSON merge patch applied to the generated Job, as `kubectl run --overrides`. */
  overrides?: unknown;
}

export interface ManifestIo {
  cwd: string;
  warn(message: string): void;
}

/** The variables the pod's shim exports: left to the shim, not the kubelet. */
function shimVariables(names: readonly string[], job: JobDefinition): Set<string> {
  const own = [
    ...indexExportNames(job.indexVarName),
    ...(names.length > 0 ? [SPEC_DIGEST_VARIABLE, PARAM_NAMES_VARIABLE] : []),
  ];
  return new Set([...names, ...own, ...frameworkVariableNames(job.frameworks ?? [])]);
}

/**
 * Every object `kubectl apply -f -` needs for the job: the work's ConfigMap, the peers'
 * Service, and the Job, in the order they must be created.
 */
export async function manifestDocuments(
  options: ManifestOptions,
  io: ManifestIo,
): Promise<Record<string, unknown>[]> {
  const { job } = options;
  let spec: SpecDefinition | undefined;
  let completions = job.completions;
  let names: string[] = [];
  if (job.work !== undefined) {
    spec = 'spec' in job.work ? job.work.spec : await readSpecFile(job.work.file, io.cwd);
    const work = await loadWork({ spec }, job.completions, io);
    completions = await checkedLength(work);
    if (completions === 0)
      throw new IxjobError(
        'data',
        `the work list is empty: ${work.label} has no items`,
        work.label,
      );
    names = work.dimensions.flatMap((d) => d.names).map((name) => work.rename[name] ?? name);
  }
  if (completions === undefined)
    throw new IxjobError(
      'usage',
      'how many indexes? give a work spec or --completions N',
      '--completions',
    );
  const restart = options.restart ?? 'Never';
  checkManifest(job, completions, restart, options.peers === true);
  // With a commands dimension and no command, the shim runs each index's COMMAND_LINE itself.
  const command =
    job.command.length > 0 || names.includes(COMMAND_LINE)
      ? job.command
      : imageCommand(options.imageConfig);
  const documents: Record<string, unknown>[] = [];
  let work: WorkMount | undefined;
  if (spec !== undefined) {
    const dataDir = options.workVolume
      ? `${DATA_MOUNT}/${options.workVolume.path}`.replace(/\/+$/, '')
      : undefined;
    const pod = specForPod(spec, dataDir);
    const files = new Map<string, Uint8Array>([[SPEC_KEY, Buffer.from(pod.text)]]);
    for (const [key, path] of pod.files) {
      if (dataDir === undefined) files.set(key, nodeFiles.read(path, WORK_FILE_CAP));
      else
        io.warn(
          `the pods read ${path} from the work volume as ${options.workVolume?.path}/${key}: put it there`,
        );
    }
    const configMap = workConfigMap(job.name, files, options.namespace);
    documents.push(configMap);
    const name = (configMap.metadata as { name: string }).name;
    work = {
      volume: { configMap: { name } },
      specFile: SPEC_KEY,
      ...(options.workVolume ? { data: options.workVolume.source } : {}),
    };
  }
  const subdomain = options.peers ? job.name : undefined;
  if (subdomain !== undefined) documents.push(peersService(job.name, options.namespace));
  const peerEnv: [string, string][] = subdomain
    ? [
        ['IXJOB_JOB_NAME', job.name],
        ['IXJOB_SERVICE', subdomain],
      ]
    : [];
  const generated = jobManifest({
    job,
    completions,
    image: options.image,
    command,
    shim: options.shim,
    work,
    shimVariables: shimVariables(names, job),
    namespace: options.namespace,
    env: [...peerEnv, ...(job.env ?? [])],
    labels: options.labels,
    annotations: options.annotations,
    resources: options.resources,
    serviceAccount: options.serviceAccount,
    queue: options.queue,
    restart,
    ttlSecondsAfterFinished: options.ttlSecondsAfterFinished,
    subdomain,
    checkpoints: options.checkpointVolume,
  });
  const merged =
    options.overrides === undefined ? generated : mergePatch(generated, options.overrides);
  documents.push(merged as Record<string, unknown>);
  return documents;
}
