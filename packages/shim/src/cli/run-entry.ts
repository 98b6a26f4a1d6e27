import { guardStdio } from '../run/output/safe-writer.ts';
import { runCommand } from '../run/run-command.ts';
import { runOptions } from './options/run-options.ts';
import type { ParsedArgv } from './parse-argv.ts';
import type { ShimIo } from './shim-io.ts';

/** `ixjob run`, loaded lazily: its flags become typed options here, at the edge. */
export function runFromArgv(parsed: ParsedArgv, io: ShimIo): Promise<number> {
  // For the rest of the process: a closed pipe's error may come after the run has returned.
  guardStdio();
  return runCommand(runOptions(parsed, io.cwd), io);
}
