/** An error from a system call: it has an errno code such as `ENOSPC`. */
export function isErrno(error: unknown): error is NodeJS.ErrnoException {
  return error instanceof Error && typeof (error as NodeJS.ErrnoException).code === 'string';
}

/** `no space left on device (ENOSPC)`, from Node's `ENOSPC: no space left on device, write`. */
export function describeErrno(error: NodeJS.ErrnoException): string {
  const text = /^[A-Z0-9]+: ([^,]+)/.exec(error.message)?.[1];
  return text === undefined ? String(error.code) : `${text} (${error.code})`;
}
