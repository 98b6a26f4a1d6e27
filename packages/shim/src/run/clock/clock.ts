import { type Cancel, longTimeout } from './long-timeout.ts';

/** What the runner knows of time: handed in, so tests drive it by hand. */
export interface Clock {
  /** Milliseconds since the epoch: what the journal and the controller record. */
  now(): number;
  /** Calls `callback` after `ms` milliseconds of this clock; any length works. */
  setTimeout(callback: () => void, ms: number): Cancel;
}

/** The real clock: `Date.now`, with timeouts chained past Node's 2^31-1 ms limit. */
export const systemClock: Clock = {
  now: Date.now,
  setTimeout: (callback, ms) => longTimeout(callback, ms),
};
