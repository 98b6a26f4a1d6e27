import { EXIT_CODES, nodeFiles } from '@ixjob/sdk';
import { main } from '../cli/main.ts';
import { inspectExecutable, inspectPermissions } from '../exec/inspect-executable.ts';
import { canReplaceProcess, failedReplaceThrows, replaceProcess } from '../exec/replace-process.ts';

declare const IXJOB_VERSION: string;

// The one place that exits: everything below returns an exit code.
main(process.argv.slice(2), {
  env: process.env,
  cwd: process.cwd(),
  files: nodeFiles,
  preflight: failedReplaceThrows ? inspectPermissions : inspectExecutable,
  inspect: inspectExecutable,
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  replace: canReplaceProcess ? replaceProcess : undefined,
  // Loaded only when used: execa and yargs would double the start-up time of exec.
  supervise: async (file, argv, env) =>
    (await import('../exec/supervise.ts')).supervise(file, argv, env),
  help: async (command) => (await import('../cli/help.ts')).renderHelp(command),
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
