import {
  exitCodeFor,
  formatFailure,
  type IndexedFormat,
  IxjobError,
  isIxjobError,
  planExec,
} from '@ixjob/sdk/internal';
import { checkArgumentLimits } from '../exec/argument-limits.ts';
import { findCommand } from '../exec/find-command.ts';
import { inheritedEnvironment } from '../exec/node-options.ts';
import { renderResolution } from '../resolve/render-resolution.ts';
import { commandHint } from './command-hint.ts';
import { flagText } from './flag-values.ts';
import {
  type ExecOptions,
  execOptions,
  type ResolveOptions,
  resolveOptions,
} from './options/exec-options.ts';
import { parseArgv } from './parse-argv.ts';
import type { ShimIo } from './shim-io.ts';

export type { ShimIo } from './shim-io.ts';

const planIo = (io: ShimIo) => ({
  files: io.files,
  cwd: io.cwd,
  warn: (message: string) => io.stderr(`ixjob: warning: ${message}\n`),
});

async function execCommand(options: ExecOptions, io: ShimIo): Promise<number> {
  const { job } = options;
  if (job.command.length === 0 && job.work === undefined) {
    throw new IxjobError('usage', 'no command given: ixjob [flags] -- CMD [ARG...]');
  }
  const { env, argv } = await planExec({
    job,
    env: inheritedEnvironment(io.env),
    io: planIo(io),
    locate: options.locate,
  });
  if (argv.length === 0)
    throw new IxjobError('usage', 'no command given, and the work spec has no COMMAND_LINE');
  const name = argv[0] ?? '';
  const replace = options.supervise ? undefined : io.replace;
  const file = findCommand(name, env.PATH, io.cwd, replace ? io.preflight : io.inspect);
  checkArgumentLimits(argv, env);
  if (!replace) return io.supervise(file, argv, env);
  try {
    return replace(file, argv, env);
  } catch (error) {
    // The full inspection names the cause (a missing interpreter, a foreign binary) when it can.
    findCommand(name, env.PATH, io.cwd, io.inspect);
    throw error;
  }
}

async function resolveCommand(options: ResolveOptions, io: ShimIo): Promise<number> {
  const { info, exports } = await planExec({
    job: { ...options.job, command: [] },
    env: inheritedEnvironment(io.env),
    io: planIo(io),
    locate: options.locate,
  });
  io.stdout(renderResolution(options.output, info, exports));
  return 0;
}

/**
 * The whole CLI: parse, run, and turn every expected failure into one line on stderr and its
 * exit code. Returns the exit code; only the bin entry exits.
 */
export async function main(args: readonly string[], io: ShimIo): Promise<number> {
  try {
    const parsed = parseArgv(args);
    if (parsed.flags.help === true) {
      io.stdout(await io.help(parsed.command));
      return 0;
    }
    if (parsed.flags.version === true) {
      io.stdout(`${io.version}\n`);
      return 0;
    }
    switch (parsed.command) {
      case 'resolve':
        return await resolveCommand(resolveOptions(parsed, io.cwd), io);
      case 'run':
        return await io.run(parsed, io);
      case 'index':
        return await io.index(
          parsed.commandLine,
          parsed.flags.format as IndexedFormat | undefined,
          io,
        );
      case 'manifest':
        return await io.manifest(parsed, io);
      case 'install':
        return await io.install(parsed.commandLine, flagText(parsed, 'from'), io);
      default: {
        // `ixjob rnu`: a word near a subcommand and no program of that name was a typo, said
        // before the index is looked for (which would fail first, and say less).
        const hint = commandHint(args, io.env.PATH, io.cwd);
        if (hint) throw hint;
        return await execCommand(execOptions(parsed, io.cwd), io);
      }
    }
  } catch (error) {
    if (!isIxjobError(error) || io.env.IXJOB_DEBUG === '1') throw error;
    io.stderr(`${formatFailure(error)}\n`);
    return exitCodeFor(error.kind);
  }
}
