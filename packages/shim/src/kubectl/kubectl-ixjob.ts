import { IxjobError } from '@ixjob/sdk/internal';
import { manifestOptions } from '../cli/options/manifest-options.ts';
import { parseArgv } from '../cli/parse-argv.ts';
import { manifestDocuments } from '../manifest/manifest-documents.ts';
import { renderManifest } from '../manifest/render-manifest.ts';
import { indexParams, kubectl, lastLogLine, readJob, readPods } from './cluster-reads.ts';
import { exitCodeOf, failedPods, statusText } from './job-status.ts';

export interface PluginIo {
  cwd: string;
  stdout(text: string): void;
  stderr(text: string): void;
}

const USAGE =
  'kubectl ixjob run NAME --image IMAGE (--shim-image IMAGE | --shim-path PATH) [ixjob manifest flags] [--dry-run] -- CMD [ARG...]\n' +
  '  kubectl ixjob status NAME [-n NAMESPACE]\n';

/** `kubectl ixjob run`: the manifest, applied (or printed with `--dry-run`). */
async function run(args: readonly string[], io: PluginIo): Promise<number> {
  const end = args.indexOf('--');
  const flags = end < 0 ? args : args.slice(0, end);
  const dry = flags.some((arg) => arg === '--dry-run' || arg.startsWith('--dry-run='));
  const rest = args.filter(
    (arg, i) => (end >= 0 && i > end) || !(arg === '--dry-run' || arg.startsWith('--dry-run=')),
  );
  const { options, output } = manifestOptions(parseArgv(['manifest', ...rest]), io.cwd);
  const warn = (message: string) => io.stderr(`ixjob: warning: ${message}\n`);
  const documents = await manifestDocuments(options, { cwd: io.cwd, warn });
  if (dry) {
    io.stdout(renderManifest(documents, output));
    return 0;
  }
  const namespace = options.namespace === undefined ? [] : ['-n', options.namespace];
  io.stdout(await kubectl(['apply', '-f', '-', ...namespace], renderManifest(documents, 'yaml')));
  return 0;
}

/** `kubectl ixjob status NAME`: the Job as `ixjob run` reports it, each failure named by its parameters. */
async function status(args: readonly string[], io: PluginIo): Promise<number> {
  const at = args.findIndex((arg) => arg === '-n' || arg === '--namespace');
  const namespace = at >= 0 ? args[at + 1] : undefined;
  const name = args.find((arg, i) => !arg.startsWith('-') && (at < 0 || i !== at + 1));
  if (name === undefined)
    throw new IxjobError('usage', `which Job? ${USAGE.split('\n')[1]?.trim()}`);
  const job = await readJob(name, namespace);
  const failed = failedPods(await readPods(name, namespace));
  const params = await indexParams(job, [...failed.keys()], namespace);
  const container = job.spec.template?.spec?.containers?.[0]?.name ?? name;
  const failures = [];
  for (const [index, { pods, last }] of [...failed].sort(([a], [b]) => a - b)) {
    failures.push({
      index,
      attempts: pods.length,
      exitCode: exitCodeOf(last),
      params: params.get(index),
      lastLine: await lastLogLine(last.metadata.name, container, namespace),
    });
  }
  io.stdout(statusText(job, failures));
  const done = job.status.conditions?.find(
    (c) => (c.type === 'Complete' || c.type === 'Failed') && c.status === 'True',
  );
  return done?.type === 'Failed' ? 1 : 0;
}

/** The kubectl plugin: `kubectl ixjob run …` and `kubectl ixjob status NAME`. */
export async function kubectlIxjob(args: readonly string[], io: PluginIo): Promise<number> {
  const [verb, ...rest] = args;
  if (verb === 'run') return run(rest, io);
  if (verb === 'status') return status(rest, io);
  if (verb === undefined || verb === 'help' || verb === '--help' || verb === '-h') {
    io.stdout(`Usage:\n  ${USAGE}`);
    return verb === undefined ? 64 : 0;
  }
  throw new IxjobError(
    'usage',
    `unknown command '${verb}': kubectl ixjob run or kubectl ixjob status`,
  );
}
