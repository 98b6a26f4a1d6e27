/** The kinds of expected failure; each maps to one exit code in `exit-codes.ts`. */
export type FailureKind =
  | 'usage'
  | 'data'
  | 'noinput'
  | 'config'
  | 'not-executable'
  | 'not-found'
  | 'cannot-create'
  | 'unavailable'
  | 'internal';

/** An expected failure: bad flags, a malformed file, no index. Programmer errors stay plain `Error`s. */
export class IxjobError extends Error {
  override readonly name = 'IxjobError';
  readonly kind: FailureKind;
  /** Where the problem is: `file:line`, a flag, or an environment variable. */
  readonly where: string | undefined;

  constructor(kind: FailureKind, message: string, where?: string, options?: { cause?: unknown }) {
    super(message, options);
    this.kind = kind;
    this.where = where;
  }
}

/** Structural check, so errors raised by a separately bundled copy of this class are still recognised. */
export function isIxjobError(value: unknown): value is IxjobError {
  return (
    value instanceof Error &&
    value.name === 'IxjobError' &&
    typeof (value as { kind?: unknown }).kind === 'string'
  );
}

/** The one-line form every CLI error takes: `ixjob: what went wrong (where)`. */
export function formatFailure(error: IxjobError): string {
  return `ixjob: ${error.message}${error.where === undefined ? '' : ` (${error.where})`}`;
}
