import { rmSync } from 'node:fs';
import { guardStdio } from '../run/output/safe-writer.ts';
import { runCommand } from '../run/run-command.ts';
import { expandContainerEnv } from './options/env-flags.ts';
import { runOptions } from './options/run-options.ts';
import type { ParsedArgv } from './parse-argv.ts';
import type { ShimIo } from './shim-io.ts';

/** `ixjob run`, loaded lazily: its flags become typed options here, at the edge. */
export async function runFromArgv(parsed: ParsedArgv, io: ShimIo): Promise<number> {
  // For the rest of the process: a closed pipe's error may come after the run has returned.
  guardStdio();
  const options = runOptions(parsed, io.cwd);
  // The container's variables (--env, or a manifest's) sit on top of the runner's, as the
  // image's under the kubelet.
  const env = { ...io.env, ...expandContainerEnv(options.job.env ?? []), ...options.env };
  try {
    return await runCommand(options, { ...io, env });
  } finally {
    for (const dir of options.madeDirs ?? []) rmSync(dir, { recursive: true, force: true });
  }
}
