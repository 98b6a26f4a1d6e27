import { formatDuration } from './output/progress.ts';
import type { JobController } from './policy/job-controller.ts';
import type { AttemptRecord } from './runner.ts';

export interface SummaryInput {
  name: string;
  state: string;
  controller: JobController;
  attempts: ReadonlyMap<number, readonly AttemptRecord[]>;
  interrupted: NodeJS.Signals | undefined;
  finishedAt: number;
}

const iso = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms).toISOString());

/** The job's state in the words and layout of `kubectl describe job`. */
export function summaryText(input: SummaryInput): string {
  const { controller } = input;
  const status = controller.status();
  const rows: [string, string][] = [
    ['Name', input.name],
    ['Completion Mode', 'Indexed'],
    ['Completions', String(controller.config.completions)],
    ['Parallelism', String(controller.config.parallelism)],
    ['Start Time', iso(status.startTime) ?? ''],
  ];
  if (status.completionTime !== undefined)
    rows.push(['Completed At', iso(status.completionTime) ?? '']);
  rows.push(['Duration', formatDuration(input.finishedAt - status.startTime)]);
  const failedPods = [...input.attempts.values()].flat().filter((a) => a.exitCode !== 0).length;
  rows.push([
    'Pods Statuses',
    `${status.active} Active / ${status.succeeded} Succeeded / ${failedPods} Failed`,
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
  lines.push(`${'Logs:'.padEnd(width)}${input.state}/logs`);
  return `${lines.join('\n')}\n`;
}

/** The same as one JSON object, with every attempt of every index. */
export function summaryJson(input: SummaryInput): string {
  const { controller } = input;
  const status = controller.status();
  const last = status.conditions.at(-1);
  const indexes = Array.from({ length: controller.config.completions }, (_, index) => {
    const state = controller.indexState(index);
    return {
      index,
      status: state.status,
      failureCount: state.failureCount,
      attempts: (input.attempts.get(index) ?? []).map((a) => ({
        attempt: a.attempt,
        exitCode: a.exitCode,
        signal: a.signal,
        durationMs: Math.round(a.durationMs),
        ...(a.stoppedFor === undefined ? {} : { stoppedFor: a.stoppedFor }),
        log: a.log,
      })),
    };
  });
  return `${JSON.stringify(
    {
      name: input.name,
      state: input.state,
      completions: controller.config.completions,
      parallelism: controller.config.parallelism,
      succeeded: controller.outcome?.succeeded ?? false,
      interrupted: input.interrupted ?? null,
      condition: last ? { type: last.type, reason: last.reason, message: last.message } : null,
      status: {
        ...status,
        startTime: iso(status.startTime),
        completionTime: iso(status.completionTime),
      },
      indexes,
    },
    null,
    2,
  )}\n`;
}
