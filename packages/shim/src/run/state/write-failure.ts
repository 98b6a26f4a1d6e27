import { describeErrno, IxjobError, isErrno } from '@ixjob/sdk/internal';

export { describeErrno, isErrno };

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
