import { closeSync, constants, ftruncateSync, open, openSync, rmSync } from 'node:fs';

/** Created if need be, never truncated on open: a late early-open must not wipe a running attempt's log. */
const CREATE = constants.O_CREAT | constants.O_WRONLY;

import { attemptLogPath } from './output/attempt-log.ts';

/**
 * Opens attempt logs, the first attempts of the next indexes ahead of time on libuv's
 * threads: creating a file is the slowest step of starting an attempt on a busy disk, and
 * done ahead it runs beside the runner instead of in its way.
 */
export function logOpener(logs: string, lookahead: number, last: number) {
  const ready = new Map<number, number>();
  const opening = new Set<number>();
  /** Asked for before their early open finished: opened again, so the early one is surplus. */
  const superseded = new Set<number>();
  let closed = false;
  const prefetch = (from: number) => {
    for (let index = from; index <= Math.min(last, from + lookahead - 1); index++) {
      if (ready.has(index) || opening.has(index)) continue;
      opening.add(index);
      open(attemptLogPath(logs, index, 0), CREATE, 0o666, (error, fd) => {
        opening.delete(index);
        if (error) return;
        if (superseded.delete(index)) closeSync(fd);
        else if (!closed) ready.set(index, fd);
        else {
          closeSync(fd);
          rmSync(attemptLogPath(logs, index, 0), { force: true });
        }
      });
    }
  };
  return {
    /** A descriptor for the attempt's log, open for writing; the caller closes it. */
    fd(index: number, attempt: number): number {
      if (attempt === 0) prefetch(index + 1);
      const early = attempt === 0 ? ready.get(index) : undefined;
      if (early !== undefined) {
        ready.delete(index);
        // Empty it now: a log left by an attempt the runner lost track of would otherwise remain.
        ftruncateSync(early, 0);
        return early;
      }
      if (attempt === 0 && opening.has(index)) superseded.add(index);
      return openSync(attemptLogPath(logs, index, attempt), 'w');
    },
    /** Closes and removes what was opened ahead and not used (the job ended early): no empty log for an index that never ran. */
    close() {
      closed = true;
      for (const [index, fd] of ready) {
        closeSync(fd);
        rmSync(attemptLogPath(logs, index, 0), { force: true });
      }
      ready.clear();
    },
  };
}
