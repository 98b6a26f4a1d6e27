import type { FailureKind } from './ixjob-error.ts';

/**
 * The exit code of every expected failure: the only table of them in the project.
 * The child's own code passes through untouched; a child killed by signal n gives 128+n.
 */
export const EXIT_CODES = {
  usage: 64,
  data: 65,
  noinput: 66,
  config: 78,
  'not-executable': 126,
  'not-found': 127,
  /** Cannot create or write: an install directory, the run state, a sidecar, a full disk (sysexits' EX_CANTCREAT); a retry may find room. */
  'cannot-create': 73,
  /** Something the worker needs is not there yet: peers whose names do not resolve in time (sysexits' EX_UNAVAILABLE); a retry may find it. */
  unavailable: 69,
  /** A bug in ixjob itself (sysexits' EX_SOFTWARE). */
  internal: 70,
} as const satisfies Record<FailureKind, number>;

/** Codes that no retry can fix: a generated podFailurePolicy fails the index on these at once. */
export const NON_RETRIABLE_EXIT_CODES: readonly number[] = Object.entries(EXIT_CODES)
  .filter(([kind]) => kind !== 'internal' && kind !== 'cannot-create' && kind !== 'unavailable')
  .map(([, code]) => code)
  .sort((a, b) => a - b);

export function exitCodeFor(kind: FailureKind): number {
  return EXIT_CODES[kind];
}

/** How a shell reports a command killed by signal `signal`. */
export function signalExitCode(signal: number): number {
  return 128 + signal;
}

/**
 * `ixjob run`'s own outcome, beside the table above (which it also uses for bad input):
 * the job completed, it failed, or the runner was interrupted (resumable with `--resume`).
 */
export const RUN_EXIT_CODES = {
  completed: 0,
  failed: 1,
  /** Ctrl-C: as a shell reports SIGINT. */
  SIGINT: 130,
  SIGTERM: 143,
} as const;
