import {
  type ExecJob,
  exitCodeFor,
  type Files,
  formatFailure,
  isIxjobError,
  PODINFO_VARIABLE,
  planExec,
  type WorkSpec,
} from '@ixjob/sdk/internal';
import { checkArgumentLimits } from '../exec/argument-limits.ts';
import { findCommand } from '../exec/find-command.ts';
import { inspectExecutable } from '../exec/inspect-executable.ts';

/** What an attempt runs, as its pod's shim would run it. */
export interface Launchable {
  file: string;
  argv: readonly string[];
  env: Record<string, string>;
}

/** The one-line error the pod's shim would have printed, and its exit code. */
export interface LaunchFailure {
  error: string;
  exitCode: number;
}

export interface LaunchPlanner {
  /** Through the one exec plan, with this attempt's index and podinfo directory. */
  plan(index: number, podinfoDir: string): Promise<Launchable>;
  /** The index's parameters, as its pod's shim would export them: for the summary. */
  params(index: number, podinfoDir: string): Promise<Record<string, string>>;
  /** The same, with an expected failure turned into what the pod's log would hold. */
  launch(index: number, podinfoDir: string): Promise<Launchable | LaunchFailure>;
}

/**
 * Plans attempts through `planExec`, exactly as each pod's shim would: the runner's own
 * environment with the index and its podinfo directory on top. Every index runs the same
 * command, so its PATH lookup is made once per PATH.
 */
export function launchPlanner(options: {
  job: ExecJob;
  work: WorkSpec | undefined;
  base: Readonly<Record<string, string>>;
  files: Files;
  cwd: string;
  warn: (message: string) => void;
}): LaunchPlanner {
  const { job, work, base, files, cwd, warn } = options;
  const commands = new Map<string, string>();
  const planned = (index: number, podinfoDir: string) => {
    const env = { ...base, JOB_COMPLETION_INDEX: String(index), [PODINFO_VARIABLE]: podinfoDir };
    return planExec({ job, env, io: { files, cwd, warn }, work });
  };
  const plan = async (index: number, podinfoDir: string): Promise<Launchable> => {
    const { argv, env } = await planned(index, podinfoDir);
    const command = argv[0] ?? '';
    const key = `${command}\0${env.PATH}`;
    let file = commands.get(key);
    if (file === undefined) {
      file = findCommand(command, env.PATH, cwd, inspectExecutable);
      commands.set(key, file);
    }
    checkArgumentLimits(argv, env);
    return { file, argv, env };
  };
  return {
    plan,
    params: async (index, podinfoDir) => (await planned(index, podinfoDir)).params,
    async launch(index, podinfoDir) {
      try {
        return await plan(index, podinfoDir);
      } catch (error) {
        if (!isIxjobError(error)) throw error;
        return { error: formatFailure(error), exitCode: exitCodeFor(error.kind) };
      }
    },
  };
}
