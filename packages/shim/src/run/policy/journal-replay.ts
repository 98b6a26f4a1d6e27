import { IxjobError } from '@ixjob/sdk/internal';
import type { JournalRecord } from '../journal/records.ts';
import type { JobConfig } from './job-config.ts';
import { createJobController, type JobController } from './job-controller.ts';
import { type JobEvent, toJobEvent } from './job-events.ts';

/**
 * A controller rebuilt from what happened: `events` applied in order (the first `position`
 * of each is the line it came from, for the error), then every attempt still running is
 * forgotten: the runner died with it, so its index runs again and it counts for nothing.
 * An attempt's number, when given, says which attempt an event is about: a start of a new
 * number while an earlier one of its index runs means the earlier one was lost; a loss of an
 * attempt that no longer runs changes nothing. Events that cannot have happened are `'data'`.
 */
export function replayJobEvents(
  config: JobConfig,
  startedAt: number,
  events: Iterable<JobEvent | readonly [position: number, event: JobEvent]>,
): JobController {
  const controller = createJobController(config, startedAt);
  const runningAttempt = new Map<number, number | undefined>();
  let position = 0;
  try {
    for (const item of events) {
      const [at, event] = isPositioned(item) ? item : [position + 1, item];
      position = at;
      const current = runningAttempt.get(event.index);
      const known = runningAttempt.has(event.index);
      const other = known && current !== undefined && event.attempt !== undefined;
      if (event.event === 'attempt-started') {
        if (other && current !== event.attempt) {
          controller.apply({ event: 'attempt-lost', index: event.index, at: event.at });
        }
        controller.apply(event);
        runningAttempt.set(event.index, event.attempt);
      } else if (event.event === 'attempt-lost') {
        if (!known || (other && current !== event.attempt)) continue;
        controller.apply(event);
        runningAttempt.delete(event.index);
      } else {
        if (other && current !== event.attempt) {
          throw new Error(
            `attempt ${event.attempt} of index ${event.index} ended, but attempt ${current} is running`,
          );
        }
        controller.apply(event);
        runningAttempt.delete(event.index);
      }
    }
  } catch (error) {
    throw new IxjobError(
      'data',
      `event ${position} of the journal cannot have happened: ${(error as Error).message}`,
      undefined,
      { cause: error },
    );
  }
  controller.forgetRunning();
  return controller;
}

function isPositioned(
  item: JobEvent | readonly [number, JobEvent],
): item is readonly [number, JobEvent] {
  return Array.isArray(item);
}

/** When the job began: its first record's time, or `fallback` for a journal without one. */
export function jobStartedAt(records: readonly JournalRecord[], fallback: number): number {
  return records.find((record) => record.event === 'job')?.at ?? fallback;
}

/**
 * The controller of a resumed job, from its journal's records (line `n` is record `n - 1`):
 * attempts started, ended and lost; the records about the job and its runs are passed over.
 */
export function replayJournal(
  config: JobConfig,
  records: readonly JournalRecord[],
  startedAt: number = jobStartedAt(records, Date.now()),
): JobController {
  const events = records.flatMap((record, line) => {
    const event = toJobEvent(record);
    return event === undefined ? [] : [[line + 1, event] as const];
  });
  return replayJobEvents(config, startedAt, events);
}
