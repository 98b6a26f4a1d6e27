import { describe, expect, test } from 'vitest';
import {
  longTimeout,
  MAX_DURATION_MS,
  MAX_TIMER_MS,
  sleepUntil,
  type TimerApi,
} from '../../../src/run/clock/long-timeout.ts';

/** Node-like timers on a hand-moved clock, refusing what Node cannot do exactly. */
function fakeTimers() {
  let now = 0;
  const armed: { at: number; callback: () => void; live: boolean; ms: number }[] = [];
  const timers: TimerApi = {
    setTimeout(callback, ms) {
      if (ms > MAX_TIMER_MS) throw new Error(`Node would fire a ${ms} ms timeout at once`);
      const timer = { at: now + ms, callback, live: true, ms };
      armed.push(timer);
      return timer;
    },
    clearTimeout(handle) {
      if (handle) (handle as { live: boolean }).live = false;
    },
  };
  const runUntil = (time: number) => {
    for (;;) {
      const due = armed.filter((t) => t.live && t.at <= time).sort((a, b) => a.at - b.at)[0];
      if (!due) break;
      now = due.at;
      due.live = false;
      due.callback();
    }
    now = time;
  };
  return { timers, now: () => now, runUntil, armed };
}

describe('longTimeout: timeouts of any length, on time', () => {
  test.each([
    ['a short one', 1_000],
    ['just under the limit', MAX_TIMER_MS],
    ['just over it', MAX_TIMER_MS + 1],
    ['2^32 ms', 2 ** 32],
    ['a year', 365 * 24 * 3600 * 1000],
    ['the longest accepted: 100 years', MAX_DURATION_MS],
  ])('%s (%d ms) fires exactly then', (_name, ms) => {
    const fake = fakeTimers();
    const fired: number[] = [];
    longTimeout(() => fired.push(fake.now()), ms, fake.now, fake.timers);
    fake.runUntil(ms - 1);
    expect(fired).toEqual([]);
    fake.runUntil(ms + MAX_TIMER_MS);
    expect(fired).toEqual([ms]);
    // Chained, never spinning: one timer per 2^31-1 ms at most, plus the last.
    expect(fake.armed.length).toBe(Math.ceil(ms / MAX_TIMER_MS) || 1);
  });

  test('cancelled, it never fires, however far along the chain', () => {
    const fake = fakeTimers();
    let fired = false;
    const cancel = longTimeout(() => (fired = true), 3 * MAX_TIMER_MS, fake.now, fake.timers);
    fake.runUntil(MAX_TIMER_MS + 5);
    cancel();
    fake.runUntil(10 * MAX_TIMER_MS);
    expect(fired).toBe(false);
  });

  test('a negative timeout fires at once; an infinite one never arms', () => {
    const fake = fakeTimers();
    const fired: string[] = [];
    longTimeout(() => fired.push('negative'), -5, fake.now, fake.timers);
    longTimeout(() => fired.push('infinite'), Number.POSITIVE_INFINITY, fake.now, fake.timers);
    fake.runUntil(0);
    expect(fired).toEqual(['negative']);
    expect(fake.armed).toHaveLength(1);
  });

  test('sleepUntil resolves at its time, or at once when cancelled', async () => {
    const fake = fakeTimers();
    const sleep = sleepUntil(2 ** 33, fake.now, fake.timers);
    let done = false;
    void sleep.done.then(() => (done = true));
    fake.runUntil(2 ** 33 - 1);
    await Promise.resolve();
    expect(done).toBe(false);
    fake.runUntil(2 ** 33);
    await sleep.done;
    const other = sleepUntil(2 ** 40, fake.now, fake.timers);
    other.cancel();
    await other.done;
  });

  test('with the real timers, a timeout past 2^31 ms warns of nothing and stays pending', async () => {
    const warnings: Error[] = [];
    const onWarning = (warning: Error) => warnings.push(warning);
    process.on('warning', onWarning);
    let fired = false;
    const cancel = longTimeout(() => (fired = true), 2 ** 32);
    await new Promise((resolve) => setTimeout(resolve, 20));
    cancel();
    process.off('warning', onWarning);
    expect(fired).toBe(false);
    expect(warnings).toEqual([]);
  });
});
