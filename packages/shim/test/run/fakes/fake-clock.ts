import type { Clock } from '../../../src/run/clock/clock.ts';

/** Lets every pending promise callback and I/O-free continuation run. */
export async function flush(): Promise<void> {
  for (let i = 0; i < 20; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}

interface Timer {
  at: number;
  callback: () => void;
  live: boolean;
}

/** A clock that moves only when told, firing its timeouts in order as it passes them. */
export function fakeClock(start = 0) {
  let now = start;
  const timers: Timer[] = [];
  const clock: Clock = {
    now: () => now,
    setTimeout(callback, ms) {
      const timer = { at: now + Math.max(0, ms), callback, live: true };
      timers.push(timer);
      return () => {
        timer.live = false;
      };
    },
  };
  return {
    clock,
    /** Timeouts still pending. */
    pending: () => timers.filter((timer) => timer.live).length,
    async advance(ms: number): Promise<void> {
      const target = now + ms;
      for (;;) {
        const due = timers
          .filter((timer) => timer.live && timer.at <= target)
          .sort((a, b) => a.at - b.at)[0];
        if (due === undefined) break;
        now = Math.max(now, due.at);
        due.live = false;
        due.callback();
        await flush();
      }
      now = target;
      await flush();
    },
  };
}
