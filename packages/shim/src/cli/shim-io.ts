import type { Files, IndexedFormat } from '@ixjob/sdk/internal';
import type { Inspect } from '../exec/inspect-executable.ts';
import type { Command } from './flags.ts';
import type { ParsedArgv } from './parse-argv.ts';

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
  help(command: Command): Promise<string>;
  /** `ixjob run`: the local Indexed Job; loaded lazily, it is never on a pod's path. */
  run(parsed: ParsedArgv, io: ShimIo): Promise<number>;
  /** `ixjob manifest NAME`: the Job for a cluster; loaded lazily, it is never on a pod's path. */
  manifest(parsed: ParsedArgv, io: ShimIo): Promise<number>;
  /** `ixjob install DIR`: copies the portable shim; loaded lazily, it runs in an init container. */
  install(args: readonly string[], from: string | undefined, io: ShimIo): Promise<number>;
  /** `ixjob index FILE...`: writes sidecars; loaded lazily, it is never on a pod's path. */
  index(files: readonly string[], format: IndexedFormat | undefined, io: ShimIo): Promise<number>;
  version: string;
}
