import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  checkedLength,
  FAILURE_COUNT_KEY,
  type Files,
  gangParallelism,
  IxjobError,
  isEveryIndexFailure,
  isIxjobError,
  type JobDefinition,
  loadWork,
  needsPeers,
  nodeFiles,
  optional,
  podFailurePolicyOf,
  SCHEDULER_INDEX_VARIABLES,
  specDigest,
  type WorkSpec,
} from '@ixjob/sdk/internal';
import { inheritedEnvironment } from '../exec/node-options.ts';
import { type LaunchPlanner, launchPlanner } from './attempt-launch.ts';
import { loopbackPeers } from './peer-ports.ts';
import { podinfoWriter } from './podinfo-writer.ts';
import { type JobConfig, validateJobConfig } from './policy/job-config.ts';

/** Everything worked out once, before the first attempt starts. */
export interface PreparedRun {
  job: JobDefinition;
  work: WorkSpec | undefined;
  /** The work spec's digest, `null` without one. */
  digest: string | null;
  config: JobConfig;
  /** Plans attempts reading podinfo through `files` (the podinfo writer's, which serves what it wrote), with `extra` variables. */
  planner(files: Files, extra?: Readonly<Record<string, string>>): LaunchPlanner;
}

export interface PrepareIo {
  env: Readonly<Record<string, string | undefined>>;
  cwd: string;
  /** Where the work files are read. */
  files: Files;
  warn: (message: string) => void;
}

/** Kinds of failure that would end every index's attempt the same way: found once, up front. */
const SAME_FOR_EVERY_INDEX = new Set(['usage', 'config', 'not-found', 'not-executable']);

/** The runner's own environment, minus every variable that would name an index: each index gets its own. */
function baseEnvironment(env: PrepareIo['env']): Record<string, string> {
  const inherited = inheritedEnvironment(env);
  for (const name of Object.keys(inherited)) {
    if (
      name === 'JOB_COMPLETION_INDEX' ||
      name.startsWith('IXJOB_') ||
      SCHEDULER_INDEX_VARIABLES.includes(name)
    )
      delete inherited[name];
  }
  return inherited;
}

/** The controller's view of the job: the model's policies, with Kubernetes' defaults. */
export function jobConfig(job: JobDefinition, completions: number): JobConfig {
  const seconds = (value: number | undefined) => (value === undefined ? undefined : value * 1000);
  return {
    name: job.name,
    completions,
    parallelism: gangParallelism(job, completions) ?? availableParallelism(),
    ...optional('backoffLimit', job.backoffLimit),
    ...optional('backoffLimitPerIndex', job.backoffLimitPerIndex),
    ...optional('maxFailedIndexes', job.maxFailedIndexes),
    podFailurePolicy: podFailurePolicyOf(job),
    successPolicy: job.successPolicy ?? [],
    ...optional('activeDeadlineMs', seconds(job.activeDeadlineSeconds)),
  };
}

/** Plans the whole run before anything starts: the work and its count, the controller's config. */
export async function prepareRun(job: JobDefinition, io: PrepareIo): Promise<PreparedRun> {
  let work: WorkSpec | undefined;
  let completions = job.completions;
  if (job.work !== undefined) {
    work = await loadWork(job.work, job.completions, io);
    completions = await checkedLength(work);
    if (completions === 0) {
      throw new IxjobError(
        'data',
        `the work list is empty: ${work.label} has no items`,
        work.label,
      );
    }
  }
  if (completions === undefined) {
    throw new IxjobError(
      'usage',
      'how many indexes? give a work spec or --completions N',
      '--completions',
    );
  }
  const config = jobConfig(job, completions);
  validateJobConfig(config);
  const base = baseEnvironment(io.env);
  // After the strip of IXJOB_*: the runner's ports win over a manifest's cluster names.
  if (needsPeers(job.frameworks)) Object.assign(base, await loopbackPeers(completions));
  const planner = (files: Files, extra: Readonly<Record<string, string>> = {}) =>
    launchPlanner({ job, work, base: { ...base, ...extra }, files, cwd: io.cwd, warn: io.warn });
  return { job, work, digest: work ? await specDigest(work) : null, config, planner };
}

/**
 * Plans index 0 as its pod would, before any attempt starts and before the state is touched:
 * a mistake that would fail every index (a variable set twice, a reserved name, a clash, a
 * command that is not there) is one line and `ixjob exec`'s code, not N retried attempts.
 * What depends on the record is left to the attempts.
 */
export async function precheck(run: PreparedRun): Promise<void> {
  // A podinfo directory of its own, removed at once: the run's lives with its state.
  const root = mkdtempSync(join(tmpdir(), 'ixjob-precheck-'));
  try {
    const podinfo = podinfoWriter(root, nodeFiles);
    await run.planner(podinfo.files).plan(0, podinfo.write(0, { [FAILURE_COUNT_KEY]: '0' }));
  } catch (error) {
    if (!isIxjobError(error) || SAME_FOR_EVERY_INDEX.has(error.kind) || isEveryIndexFailure(error))
      throw error;
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
