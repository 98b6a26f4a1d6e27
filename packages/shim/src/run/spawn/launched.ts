import type { Readable } from 'node:stream';

/** How a started process ended, as Node's `close` event reports it. */
export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** Set when the command never started (not found, not executable). */
  error?: NodeJS.ErrnoException;
}

/** A command started in its own session, whichever way it was started. */
export interface Launched {
  readonly pid: number | undefined;
  /** Its output, when it goes to pipes (`--tag`) rather than straight to the log. */
  readonly stdout?: Readable | null;
  readonly stderr?: Readable | null;
  /** True until it has exited. */
  running(): boolean;
  readonly exited: Promise<Exit>;
}

export interface LaunchRequest {
  file: string;
  argv: readonly string[];
  env: Record<string, string>;
  /** The descriptor for stdout and stderr, or undefined for pipes. */
  output: number | undefined;
}
