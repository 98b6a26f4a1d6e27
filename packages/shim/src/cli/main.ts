import {
  exitCodeFor,
  type Files,
  formatFailure,
  type IndexedFormat,
  IxjobError,
  isIxjobError,
} from '@ixjob/sdk';
import { type CommandRequest, prepareCommand } from '../core/prepare-command.ts';
import { specFromFlags } from '../core/spec-from-flags.ts';
import { checkArgumentLimits } from '../exec/argument-limits.ts';
import { findCommand } from '../exec/find-command.ts';
import type { Inspect } from '../exec/inspect-executable.ts';
import { inheritedEnvironment } from '../exec/node-options.ts';
import { type OutputFormat, renderResolution } from '../resolve/render-resolution.ts';
import { flagNumber, flagText } from './flag-values.ts';
import { type ParsedArgv, parseArgv } from './parse-argv.ts';

/** Everything the CLI touches in the outside world, handed in so tests can replace it. */
export interface ShimIo {
  env: Readonly<Record<string, string | undefined>>;
  cwd: string;
  files: Files;
  /** What to check before execve: everything where a failed execve aborts, less where it throws. */
  preflight: Inspect;
  /** The full inspection, which explains why a command cannot run. */
  inspect: Inspect;
  stdout(text: string): void;
  stderr(text: string): void;
  /** Replaces the process with the command; absent where execve is not available. */
  replace?:
    | ((file: string, argv: readonly string[], env: Record<string, string>) => never)
    | undefined;
  supervise(file: string, argv: readonly string[], env: Record<string, string>): Promise<number>;
  help(command: ParsedArgv['command']): Promise<string>;
  /** `ixjob run`: the local Indexed Job; loaded lazily, it is never on a pod's path. */
  run(parsed: ParsedArgv, io: ShimIo): Promise<number>;
  /** `ixjob install DIR`: copies the portable shim; loaded lazily, it runs in an init container. */
  install(args: readonly string[], from: string | undefined, io: ShimIo): Promise<number>;
  /** `ixjob index FILE...`: writes sidecars; loaded lazily, it is never on a pod's path. */
  index(files: readonly string[], format: IndexedFormat | undefined, io: ShimIo): Promise<number>;
  version: string;
}

async function execCommand(parsed: ParsedArgv, io: ShimIo): Promise<number> {
  const fromSpec = parsed.flags.commands !== undefined || parsed.flags.spec !== undefined;
  if (parsed.commandLine.length === 0 && !fromSpec) {
    throw new IxjobError('usage', 'no command given: ixjob [flags] -- CMD [ARG...]');
  }
  const { env, argv } = await prepareCommand(
    request(parsed, io),
    inheritedEnvironment(io.env),
    parsed.commandLine,
    io.files,
  );
  if (argv.length === 0)
    throw new IxjobError('usage', 'no command given, and the work spec has no COMMAND_LINE');
  const name = argv[0] ?? '';
  const replace = parsed.flags.supervise === true ? undefined : io.replace;
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

async function resolveCommand(parsed: ParsedArgv, io: ShimIo): Promise<number> {
  const { info, exports } = await prepareCommand(
    request(parsed, io),
    inheritedEnvironment(io.env),
    [],
    io.files,
  );
  io.stdout(
    renderResolution((parsed.flags.output as OutputFormat | undefined) ?? 'json', info, exports),
  );
  return 0;
}

function request(parsed: ParsedArgv, io: ShimIo): CommandRequest {
  return {
    index: flagText(parsed, 'index'),
    podinfo: flagText(parsed, 'podinfo'),
    indexVarName: flagText(parsed, 'completion-index-var-name'),
    spec: specFromFlags(parsed, io.cwd),
    specFile: flagText(parsed, 'spec'),
    completions: flagNumber(parsed, 'completions', 0),
    cwd: io.cwd,
    warn: (message) => io.stderr(`ixjob: warning: ${message}\n`),
  };
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
        return await resolveCommand(parsed, io);
      case 'run':
        return await io.run(parsed, io);
      case 'index':
        return await io.index(
          parsed.commandLine,
          parsed.flags.format as IndexedFormat | undefined,
          io,
        );
      case 'install':
        return await io.install(parsed.commandLine, flagText(parsed, 'from'), io);
      default:
        return await execCommand(parsed, io);
    }
  } catch (error) {
    if (!isIxjobError(error) || io.env.IXJOB_DEBUG === '1') throw error;
    io.stderr(`${formatFailure(error)}\n`);
    return exitCodeFor(error.kind);
  }
}
