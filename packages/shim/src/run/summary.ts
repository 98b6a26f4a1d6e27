import { join } from 'node:path';
import {
  attemptsByIndex,
  compactParams,
  type FailedIndex,
  failedIndexes,
} from './failed-indexes.ts';
import { formatDuration } from './output/progress.ts';
import type { JobController } from './policy/job-controller.ts';
import type { EndedAttempt } from './runner.ts';

/** Failed indexes the text lists; `-o json` lists them all. */
const FAILED_SHOWN = 20;

export interface SummaryInput {
  name: string;
  /** The state directory; attempts' logs are relative to it. */
  state: string;
  controller: JobController;
  /** This job's ended attempts: its journal's (never an earlier job's) and this run's. */
  attempts: readonly EndedAttempt[];
  /** The parameters of the failed indexes (`failedParams`); an index without any is named alone. */
  params: ReadonlyMap<number, Readonly<Record<string, string>>>;
  interrupted: NodeJS.Signals | undefined;
  /** When the job began (its first run), and when this run began: milliseconds since the epoch. */
  jobStartedAt: number;
  runStartedAt: number;
  finishedAt: number;
}

/** RFC 3339, as Kubernetes writes times. */
export const rfc3339 = (ms: number): string => new Date(ms).toISOString();

/** `index 3 (FRUIT=banana.txt): 3 attempts, last exit 2: cannot open banana.txt`. */
function failureLine(failure: FailedIndex, params: SummaryInput['params']): string {
  const values = params.get(failure.index);
  const named =
    values === undefined || Object.keys(values).length === 0 ? '' : ` (${compactParams(values)})`;
  const plural = failure.attempts === 1 ? 'attempt' : 'attempts';
  const line = failure.lastLine === undefined ? '' : `: ${failure.lastLine}`;
  return `index ${failure.index}${named}: ${failure.attempts} ${plural}, last exit ${failure.exitCode}${line}`;
}

/** The job's state in the words and layout of `kubectl describe job`. */
export function summaryText(input: SummaryInput): string {
  const { controller } = input;
  const status = controller.status();
  const rows: [string, string][] = [
    ['Name', input.name],
    ['Completion Mode', 'Indexed'],
    ['Completions', String(controller.config.completions)],
    ['Parallelism', String(controller.config.parallelism)],
    ['Start Time', rfc3339(input.jobStartedAt)],
  ];
  if (status.completionTime !== undefined)
    rows.push(['Completed At', rfc3339(status.completionTime)]);
  const job = formatDuration(input.finishedAt - input.jobStartedAt);
  const run = formatDuration(input.finishedAt - input.runStartedAt);
  // A resumed run says how long it took itself; a first run's two durations read the same.
  rows.push(['Duration', run === job ? job : `${job} (this run ${run})`]);
  // kubectl's counts: the controller's, from this job's attempt ends only.
  rows.push([
    'Pods Statuses',
    `${status.active} Active / ${status.succeeded} Succeeded / ${status.failed} Failed`,
  ]);
  rows.push([
    'Completed Indexes',
    status.completedIndexes === '' ? '<none>' : status.completedIndexes,
  ]);
  if (status.failedIndexes !== undefined)
    rows.push(['Failed Indexes', status.failedIndexes === '' ? '<none>' : status.failedIndexes]);
  const width = Math.max(...rows.map(([label]) => label.length)) + 2;
  const lines = rows.map(([label, value]) => `${`${label}:`.padEnd(width)}${value}`);
  const conditions = status.conditions;
  if (input.interrupted)
    lines.push(`${'Interrupted:'.padEnd(width)}${input.interrupted} (resume with --resume)`);
  if (conditions.length > 0) {
    lines.push('Conditions:');
    const table = [
      ['Type', 'Status', 'Reason', 'Message'],
      ...conditions.map((c) => [c.type, c.status, c.reason, c.message]),
    ];
    const widths = [0, 1, 2].map((column) =>
      Math.max(...table.map((row) => (row[column] ?? '').length)),
    );
    for (const row of table)
      lines.push(
        `  ${row.map((cell, i) => (i < 3 ? cell.padEnd((widths[i] ?? 0) + 2) : cell)).join('')}`.trimEnd(),
      );
  }
  const failures = failedIndexes(controller, input.attempts);
  if (failures.length > 0) {
    lines.push('Failures:');
    for (const failure of failures.slice(0, FAILED_SHOWN))
      lines.push(`  ${failureLine(failure, input.params)}`);
    if (failures.length > FAILED_SHOWN)
      lines.push(`  … and ${failures.length - FAILED_SHOWN} more (-o json lists every one)`);
  }
  lines.push(`${'Logs:'.padEnd(width)}${input.state}/logs`);
  return `${lines.join('\n')}\n`;
}

/** The same as one JSON object, with every attempt of every index; times in RFC 3339. */
export function summaryJson(input: SummaryInput): string {
  const { controller } = input;
  const status = controller.status();
  const last = status.conditions.at(-1);
  const byIndex = attemptsByIndex(input.attempts);
  const failures = failedIndexes(controller, input.attempts);
  const indexes = Array.from({ length: controller.config.completions }, (_, index) => {
    const state = controller.indexState(index);
    const params = input.params.get(index);
    return {
      index,
      status: state.status,
      failureCount: state.failureCount,
      ...(params === undefined ? {} : { params }),
      attempts: (byIndex.get(index) ?? []).map(({ attempt, startedAt, finishedAt, end }) => ({
        attempt,
        startedAt: rfc3339(startedAt),
        finishedAt: rfc3339(finishedAt),
        ...end,
        log: join(input.state, end.log),
      })),
    };
  });
  const { startTime: _start, completionTime, conditions, ...counts } = status;
  return `${JSON.stringify(
    {
      name: input.name,
      state: input.state,
      completions: controller.config.completions,
      parallelism: controller.config.parallelism,
      succeeded: controller.outcome?.succeeded ?? false,
      interrupted: input.interrupted ?? null,
      condition: last ? { type: last.type, reason: last.reason, message: last.message } : null,
      durationMs: Math.round(input.finishedAt - input.jobStartedAt),
      runStartTime: rfc3339(input.runStartedAt),
      runDurationMs: Math.round(input.finishedAt - input.runStartedAt),
      status: {
        startTime: rfc3339(input.jobStartedAt),
        ...(completionTime === undefined ? {} : { completionTime: rfc3339(completionTime) }),
        ...counts,
        conditions: conditions.map(({ at, ...condition }) => ({
          ...condition,
          lastTransitionTime: rfc3339(at),
        })),
      },
      failures: failures.map((failure) => ({
        ...failure,
        params: input.params.get(failure.index) ?? null,
        lastLine: failure.lastLine ?? null,
      })),
      indexes,
    },
    null,
    2,
  )}\n`;
}
