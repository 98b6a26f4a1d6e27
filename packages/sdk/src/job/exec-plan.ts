import { type Framework, frameworkVariables } from '../env/framework-variables.ts';
import { indexExports, PARAM_NAMES_VARIABLE, SPEC_DIGEST_VARIABLE } from '../env/index-exports.ts';
import { peerAddresses } from '../env/peer-addresses.ts';
import { expandKubelet } from '../expand/kubelet-expand.ts';
import { IxjobError } from '../failure/ixjob-error.ts';
import type { Files } from '../io/files.ts';
import { findIndex, type IndexInfo } from '../locate/find-index.ts';
import { outsideItems } from '../spec/outside.ts';
import type { WorkSpec } from '../spec/work-spec.ts';
import { agreeCount } from './agree-count.ts';
import { checkCommandParams } from './command-params.ts';
import type { ExecJob } from './job-definition.ts';

export interface PlanIo {
  files: Files;
  cwd: string;
  warn: (message: string) => void;
}

/** Where this pod's index comes from besides its environment: `--index`, `--podinfo`. */
export interface Locate {
  index?: string | undefined;
  podinfo?: string | undefined;
}

export interface PlanInput {
  job: ExecJob;
  /** The environment the pod's command would inherit. */
  env: Readonly<Record<string, string>>;
  io: PlanIo;
  locate?: Locate | undefined;
  /** The job's work spec, already built (the local runner builds it once for every index). */
  work?: WorkSpec | undefined;
}

/** Exactly what one index's pod runs. */
export interface ExecPlan {
  info: IndexInfo;
  /** This index's parameters, as the work spec gives them. */
  params: Record<string, string>;
  /** Exactly the variables the shim adds: the index's, then the parameters, then the spec's digest. */
  exports: Record<string, string>;
  /** The command's whole environment: what it inherits, with the exports on top. */
  env: Record<string, string>;
  /** The command line after `$(VAR)` expansion against `env`; the file is looked up on its PATH. */
  argv: string[];
}

/**
 * The one exec plan: (job, index, environment) → what runs. `ixjob exec`, `resolve`, every
 * attempt of `ixjob run` and the SDK in-process all come through here. With a `commands`
 * dimension and no command, the index's COMMAND_LINE runs under `/bin/sh -c`.
 */
export async function planExec(input: PlanInput): Promise<ExecPlan> {
  const { job, env: inherited, io } = input;
  const found = findIndex({
    env: inherited,
    files: io.files,
    index: input.locate?.index,
    podinfo: input.locate?.podinfo,
  });
  let params: Record<string, string> = {};
  let digest: string | undefined;
  let specCount: { count: number; where: string } | undefined;
  if (job.work !== undefined) {
    const { loadWork, resolveWork } = await import('./resolve-work.ts');
    const spec = input.work ?? (await loadWork(job.work, job.completions, io));
    const resolved = await resolveWork(spec, found.index);
    ({ params, digest } = resolved);
    await checkCommandParams(params, job.allowParams, spec, found.index);
    if (resolved.count !== undefined) specCount = { count: resolved.count, where: resolved.label };
  }
  const agreed = agreeCount([
    found.count === null ? undefined : { count: found.count, where: found.source },
    specCount,
    job.work !== undefined || job.completions === undefined
      ? undefined
      : { count: job.completions, where: '--completions' },
  ]);
  if (agreed && found.index >= agreed.count)
    throw outsideItems(found.index, agreed.count, agreed.where);
  const info = { ...found, count: agreed?.count ?? null };
  const exports = indexExports(info, job.indexVarName);
  const frameworks = job.frameworks ?? [];
  const forFrameworks = frameworks.length > 0 ? peerExports(info, frameworks, inherited) : {};
  for (const name of Object.keys(params)) {
    if (Object.hasOwn(exports, name)) {
      throw new IxjobError(
        'usage',
        `the parameter ${name} would hide the index exported under that name`,
        '--completion-index-var-name',
      );
    }
    if (Object.hasOwn(forFrameworks, name)) {
      throw new IxjobError(
        'usage',
        `the parameter ${name} would hide the variable ${frameworkFlag(frameworks)} exports under that name`,
        frameworkFlag(frameworks),
      );
    }
  }
  Object.assign(exports, forFrameworks);
  if (digest !== undefined) {
    Object.assign(exports, params, {
      [SPEC_DIGEST_VARIABLE]: digest,
      [PARAM_NAMES_VARIABLE]: Object.keys(params).join(','),
    });
  }
  const env = { ...inherited, ...exports };
  const lookup = (name: string): string | undefined =>
    Object.hasOwn(env, name) ? env[name] : undefined;
  const commandFromSpec = job.command.length === 0 ? params.COMMAND_LINE : undefined;
  const argv =
    commandFromSpec === undefined
      ? job.command.map((arg) => expandKubelet(arg, lookup))
      : ['/bin/sh', '-c', commandFromSpec];
  return { info, params, exports, env, argv };
}

/** The flag that asked for a framework's variables, for messages. */
function frameworkFlag(frameworks: readonly Framework[]): string {
  return frameworks.map((f) => (f === 'rank' ? '--rank-vars' : `--${f}`)).join(' ');
}

/** The frameworks' variables for this index: they need the world size and the leader's address. */
function peerExports(
  info: IndexInfo,
  frameworks: readonly Framework[],
  env: Readonly<Record<string, string>>,
): Record<string, string> {
  if (info.count === null) {
    throw new IxjobError(
      'usage',
      `${frameworkFlag(frameworks)} needs the world size: give --completions N or a work spec`,
      '--completions',
    );
  }
  const count = info.count;
  let address: ReturnType<typeof peerAddresses> | undefined;
  const lazy = (i: number) => {
    address ??= peerAddresses(env, count);
    return address(i);
  };
  return frameworkVariables({ frameworks, index: info.index, count, address: lazy });
}
