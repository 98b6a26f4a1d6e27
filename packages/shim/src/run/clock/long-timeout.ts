/** Node's timers fire at once (with a warning) past this: a signed 32-bit count of milliseconds. */
export const MAX_TIMER_MS = 2 ** 31 - 1;

/** The longest duration the runner accepts for a timeout, grace period or deadline: 100 years. */
export const MAX_DURATION_MS = 100 * 365.25 * 24 * 3600 * 1000;

/** Cancels a pending timeout; harmless once it has fired. */
export type Cancel = () => void;

export interface TimerApi {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const nodeTimers: TimerApi = {
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

/**
 * Calls `callback` after `ms` milliseconds, however long: past Node's 2^31-1 ms limit it
 * chains shorter timeouts, each measured against `now`, so the call comes exactly on time.
 */
export function longTimeout(
  callback: () => void,
  ms: number,
  now: () => number = Date.now,
  timers: TimerApi = nodeTimers,
): Cancel {
  if (Number.isNaN(ms)) throw new RangeError(`a timeout of ${ms} ms`);
  const dueAt = now() + Math.max(0, ms);
  let handle: unknown;
  let cancelled = false;
  const arm = (): void => {
    const left = dueAt - now();
    if (left > MAX_TIMER_MS) {
      handle = timers.setTimeout(arm, MAX_TIMER_MS);
      return;
    }
    handle = timers.setTimeout(
      () => {
        if (!cancelled) callback();
      },
      Math.max(0, left),
    );
  };
  // An infinite wait never fires: no timer at all rather than one that spins.
  if (dueAt !== Number.POSITIVE_INFINITY) arm();
  return () => {
    cancelled = true;
    timers.clearTimeout(handle);
  };
}

/** Resolves at `dueAt` on the `now` clock, however far away; `cancel` resolves it at once. */
export function sleepUntil(
  dueAt: number,
  now: () => number = Date.now,
  timers: TimerApi = nodeTimers,
): { readonly done: Promise<void>; cancel: Cancel } {
  const { promise, resolve } = Promise.withResolvers<void>();
  const stop = longTimeout(resolve, dueAt - now(), now, timers);
  return {
    done: promise,
    cancel() {
      stop();
      resolve();
    },
  };
}
