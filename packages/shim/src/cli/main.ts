import { exitCodeFor, type Files, formatFailure, IxjobError, isIxjobError } from '@ixjob/sdk';
import { prepareCommand } from '../core/prepare-command.ts';
import { checkArgumentLimits } from '../exec/argument-limits.ts';
import { findCommand } from '../exec/find-command.ts';
import type { Inspect } from '../exec/inspect-executable.ts';
import { inheritedEnvironment } from '../exec/node-options.ts';
import { type OutputFormat, renderResolution } from '../resolve/render-resolution.ts';
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
  version: string;
}

async function execCommand(parsed: ParsedArgv, io: ShimIo): Promise<number> {
  if (parsed.commandLine.length === 0) {
    throw new IxjobError('usage', 'no command given: ixjob [flags] -- CMD [ARG...]');
  }
  const { env, argv } = prepareCommand(
    request(parsed),
    inheritedEnvironment(io.env),
    parsed.commandLine,
    io.files,
  );
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

function resolveCommand(parsed: ParsedArgv, io: ShimIo): number {
  const { info, exports } = prepareCommand(
    request(parsed),
    inheritedEnvironment(io.env),
    [],
    io.files,
  );
  io.stdout(
    renderResolution((parsed.flags.output as OutputFormat | undefined) ?? 'json', info, exports),
  );
  return 0;
}

function request(parsed: ParsedArgv) {
  const text = (name: string) => {
    const value = parsed.flags[name];
    return typeof value === 'string' ? value : undefined;
  };
  return {
    index: text('index'),
    podinfo: text('podinfo'),
    indexVarName: text('completion-index-var-name'),
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
    return parsed.command === 'resolve'
      ? resolveCommand(parsed, io)
      : await execCommand(parsed, io);
  } catch (error) {
    if (!isIxjobError(error) || io.env.IXJOB_DEBUG === '1') throw error;
    io.stderr(`${formatFailure(error)}\n`);
    return exitCodeFor(error.kind);
  }
}
