import { buildSpec } from '../spec/build-spec.ts';
import { readSpecFile } from '../spec/spec-file.ts';
import { resolveIndex, type WorkSpec } from '../spec/work-spec.ts';
import { agreeCount } from './agree-count.ts';
import type { ExecJob, WorkSource } from './job-definition.ts';

/**
 * The work spec machinery, loaded only when a job has work: a pod that needs just its
 * index never pays for it.
 */

export interface WorkIo {
  cwd: string;
  warn: (message: string) => void;
}

/** Builds the job's work spec, its expected count agreed between the job and a spec file. */
export async function loadWork(
  work: WorkSource,
  completions: ExecJob['completions'],
  io: WorkIo,
  completionsWhere = '--completions',
): Promise<WorkSpec> {
  const definition = 'spec' in work ? work.spec : await readSpecFile(work.file, io.cwd);
  const spec = buildSpec(definition, { warn: io.warn, workdir: io.cwd });
  const expected = agreeCount([
    completions === undefined ? undefined : { count: completions, where: completionsWhere },
    definition.completions === undefined
      ? undefined
      : { count: definition.completions, where: definition.source ?? 'the work spec' },
  ]);
  spec.completions = expected?.count;
  spec.completionsWhere = expected?.where;
  return spec;
}

export interface ResolvedWork {
  params: Record<string, string>;
  digest: string;
  /** The spec's length, when resolving needed it or it cost nothing. */
  count: number | undefined;
  label: string;
}

/** Record `index` of the work spec. */
export async function resolveWork(spec: WorkSpec, index: number): Promise<ResolvedWork> {
  const resolved = await resolveIndex(spec, index);
  return {
    params: { ...resolved.params },
    digest: resolved.digest,
    count: resolved.count,
    label: spec.label,
  };
}
