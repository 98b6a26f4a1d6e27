import { IxjobError } from '@ixjob/sdk/internal';

/** An error from a system call: it has an errno code such as `ENOSPC`. */
export function isErrno(error: unknown): error is NodeJS.ErrnoException {
  return error instanceof Error && typeof (error as NodeJS.ErrnoException).code === 'string';
}

/** `no space left on device (ENOSPC)`, from Node's `ENOSPC: no space left on device, write`. */
export function describeErrno(error: NodeJS.ErrnoException): string {
  const text = /^[A-Z0-9]+: ([^,]+)/.exec(error.message)?.[1];
  return text === undefined ? String(error.code) : `${text} (${error.code})`;
}

/**
 * The one line (exit 73) for a file of the run state that cannot be created or written: a
 * full disk, a read-only mount, a file where a folder should be; `read` for a state this user
 * cannot even read (still 73: the state is unusable, not the input). Anything but a system
 * call's error is a bug and is thrown as it is.
 */
export function cannotWrite(
  what: string,
  path: string,
  error: unknown,
  verb: 'write' | 'read' = 'write',
): IxjobError {
  if (!isErrno(error)) throw error;
  return new IxjobError('cannot-create', `cannot ${verb} ${what}: ${describeErrno(error)}`, path, {
    cause: error,
  });
}
