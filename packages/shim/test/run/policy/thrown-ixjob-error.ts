import { IxjobError } from '@ixjob/sdk/internal';

/** The `IxjobError` that `run` throws; any other outcome fails the test. */
export function thrownIxjobError(run: () => unknown): IxjobError {
  try {
    run();
  } catch (error) {
    if (error instanceof IxjobError) return error;
    throw error;
  }
  throw new Error('no error');
}
