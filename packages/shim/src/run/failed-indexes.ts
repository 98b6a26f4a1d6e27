import type { JournalRecord } from './journal/records.ts';
import { cut } from './output/log-tail.ts';
import type { JobController } from './policy/job-controller.ts';
import { endEvent } from './policy/job-events.ts';
import type { EndedAttempt } from './runner.ts';

/** A parameter value longer than this is cut in the summary's text. */
const PARAM_CHARS = 60;

/** An index that did not succeed and whose last attempt failed: who keeps failing, and how. */
export interface FailedIndex {
  readonly index: number;
  readonly attempts: number;
  readonly exitCode: number;
  readonly lastLine: string | undefined;
}

/** The ended attempts a journal holds, each with the time its start was journaled. */
export function endedAttemptsOf(records: readonly JournalRecord[]): EndedAttempt[] {
  const starts = new Map<string, number>();
  const ended: EndedAttempt[] = [];
  for (const record of records) {
    if (record.event === 'attempt-started')
      starts.set(`${record.index}.${record.attempt}`, record.at);
    else if (record.event === 'attempt-ended') {
      const { index, attempt, at, end } = record;
      const startedAt = starts.get(`${index}.${attempt}`) ?? at - end.durationMs;
      ended.push({ index, attempt, startedAt, finishedAt: at, end });
    }
  }
  return ended;
}

/** Each index's ended attempts, in the order they ended. */
export function attemptsByIndex(attempts: readonly EndedAttempt[]): Map<number, EndedAttempt[]> {
  const byIndex = new Map<number, EndedAttempt[]>();
  for (const attempt of attempts) {
    const list = byIndex.get(attempt.index) ?? [];
    list.push(attempt);
    byIndex.set(attempt.index, list);
  }
  return byIndex;
}

/** The indexes that did not succeed and whose last counted attempt failed, lowest first. */
export function failedIndexes(
  controller: JobController,
  attempts: readonly EndedAttempt[],
): FailedIndex[] {
  const failed: FailedIndex[] = [];
  for (const [index, list] of attemptsByIndex(attempts)) {
    if (controller.succeeded.has(index)) continue;
    // An attempt the user's interrupt stopped did not fail: it runs again on --resume.
    const counted = list.filter(
      (a) => endEvent(index, a.attempt, 0, a.end).event !== 'attempt-lost',
    );
    const last = counted.at(-1);
    if (last === undefined || last.end.exitCode === 0) continue;
    failed.push({
      index,
      attempts: list.length,
      exitCode: last.end.exitCode,
      lastLine: last.end.lastLine,
    });
  }
  return failed.sort((a, b) => a.index - b.index);
}

/** Each failed index's parameters, asked of `paramsOf` (the exec plan's view of the index). */
export async function failedParams(
  failed: readonly FailedIndex[],
  paramsOf: (index: number) => Promise<Readonly<Record<string, string>>>,
): Promise<Map<number, Readonly<Record<string, string>>>> {
  const params = new Map<number, Readonly<Record<string, string>>>();
  for (const { index } of failed) {
    try {
      params.set(index, await paramsOf(index));
    } catch {
      // A summary never fails for want of a parameter: the index is still named.
    }
  }
  return params;
}

/** `FRUIT=banana.txt SIZE="1 MiB"`: values cut at 60 characters, quoted when they hold spaces. */
export function compactParams(params: Readonly<Record<string, string>>): string {
  return Object.entries(params)
    .map(([name, value]) => {
      const shown = cut(value, PARAM_CHARS);
      return `${name}=${/^[^\s"'\\]+$/.test(shown) ? shown : JSON.stringify(shown)}`;
    })
    .join(' ');
}
