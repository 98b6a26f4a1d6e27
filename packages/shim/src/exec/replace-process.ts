import { hasEscapedBytes, IxjobError } from '@ixjob/sdk/internal';
import { bytesAt } from './escaped-bytes.ts';
import { execveBytes, ffiForBytes } from './execve-bytes.ts';

const keepDefault = (): void => {};

/** Whether this Node can replace its process image (22.15+, not Windows). */
export const canReplaceProcess = typeof process.execve === 'function';
/** Node 26 made a failed execve throw; before, it aborted the process (nodejs/node#62878). */
export const failedReplaceThrows = Number(process.versions.node.split('.')[0]) >= 26;

/**
 * Replaces the shim with the command, which keeps the shim's PID (PID 1 in a container).
 * Node ignores SIGPIPE and SIGXFSZ, and ignored signals stay ignored across execve; a handler
 * is reset to the default instead, so listening to both gives the command the defaults.
 * Plain text goes through Node's execve; bytes that are not UTF-8 through libc's (Node's
 * would change them), which costs loading node:ffi, so only then.
 */
export function replaceProcess(
  file: string,
  argv: readonly string[],
  env: Record<string, string>,
): never {
  process.on('SIGPIPE', keepDefault);
  process.on('SIGXFSZ', keepDefault);
  const bytes = hasEscapedBytes(file) ? 'the command path' : bytesAt(argv, env);
  let code: string | undefined;
  let cause: unknown;
  if (bytes !== undefined) {
    code = execveBytes(ffiForBytes(bytes), file, argv, env);
  } else {
    try {
      process.execve?.(file, [...argv], env);
    } catch (error) {
      // Newer Node throws instead of aborting; every cause we know was checked before.
      code = (error as NodeJS.ErrnoException).code ?? String(error);
      cause = error;
    }
  }
  if (code === undefined) throw new Error('process.execve returned');
  throw new IxjobError(
    code === 'ENOENT' ? 'not-found' : 'not-executable',
    `cannot execute ${file}: ${code}`,
    argv[0],
    { cause },
  );
}
