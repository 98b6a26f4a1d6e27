import { EXIT_CODES, exitCodeFor, formatFailure, IxjobError, nodeFiles } from '@ixjob/sdk/internal';
import { main } from '../cli/main.ts';
import { writeAll } from '../cli/write-all.ts';
import { inspectExecutable, inspectPermissions } from '../exec/inspect-executable.ts';
import { canReplaceProcess, failedReplaceThrows, replaceProcess } from '../exec/replace-process.ts';
import { userArguments, userEnvironment, workingDirectory } from './process-bytes.ts';

declare const IXJOB_VERSION: string;

/** The working directory, or the one line saying it is gone (getcwd fails once it is deleted). */
function cwdOrFailure(): string | IxjobError {
  try {
    return workingDirectory();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    return new IxjobError(
      'noinput',
      `the working directory no longer exists or cannot be read (${code}): cd to one that does`,
      'getcwd',
    );
  }
}

const cwd = cwdOrFailure();
// The one place that exits: everything below returns an exit code.
if (cwd instanceof IxjobError) {
  process.stderr.write(`${formatFailure(cwd)}\n`);
  process.exitCode = exitCodeFor(cwd.kind);
} else {
  void main(userArguments(process.argv), {
    env: userEnvironment(process.env),
    cwd,
    files: nodeFiles,
    preflight: failedReplaceThrows ? inspectPermissions : inspectExecutable,
    inspect: inspectExecutable,
    // Straight to the descriptor: process.stdout would cost a pod milliseconds to set up.
    stdout: (text) => writeAll(1, text),
    stderr: (text) => process.stderr.write(text),
    replace: canReplaceProcess ? replaceProcess : undefined,
    // Loaded only when used: execa and yargs would double the start-up time of exec.
    supervise: async (file, argv, env) =>
      (await import('../exec/supervise.ts')).supervise(file, argv, env),
    help: async (command) => (await import('../cli/help.ts')).renderHelp(command),
    run: async (parsed, io) => (await import('../cli/run-entry.ts')).runFromArgv(parsed, io),
    manifest: async (parsed, io) =>
      (await import('../cli/manifest-entry.ts')).manifestFromArgv(parsed, io),
    install: async (args, from, io) =>
      (await import('../install/install-command.ts')).installCommand(args, from, io),
    index: async (files, format, io) =>
      (await import('../sidecar/index-files.ts')).indexFiles(files, format, io),
    version: typeof IXJOB_VERSION === 'string' ? IXJOB_VERSION : 'dev',
  }).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      const debug = process.env.IXJOB_DEBUG === '1';
      const detail = error instanceof Error ? (debug ? error.stack : error.message) : String(error);
      process.stderr.write(`ixjob: internal error: ${detail}\n`);
      process.exitCode = EXIT_CODES.internal;
    },
  );
}
