import { describe, expect, test } from 'vitest';
import {
  compactParams,
  endedAttemptsOf,
  failedIndexes,
  failedParams,
} from '../../src/run/failed-indexes.ts';
import type { AttemptEnd, JournalRecord } from '../../src/run/journal/records.ts';
import { replayJournal } from '../../src/run/policy/journal-replay.ts';
import { summaryJson, summaryText } from '../../src/run/summary.ts';

const T0 = Date.UTC(2026, 0, 2, 3, 4, 5);
const end = (index: number, attempt: number, exitCode: number, more: Partial<AttemptEnd> = {}) => ({
  exitCode,
  signal: null,
  durationMs: 1_000,
  log: `logs/${index}.${attempt}.log`,
  ...more,
});
const started = (index: number, attempt: number, at: number): JournalRecord => ({
  v: 1,
  event: 'attempt-started',
  index,
  attempt,
  at: T0 + at,
});
const ended = (index: number, attempt: number, at: number, e: AttemptEnd): JournalRecord => ({
  v: 1,
  event: 'attempt-ended',
  index,
  attempt,
  at: T0 + at,
  end: e,
});

/** Index 0 succeeds; index 1 fails twice for good (banana.txt); index 2 is stopped by Ctrl-C. */
const journal: JournalRecord[] = [
  { v: 1, event: 'job', name: 'fruit', completions: 3, digest: null, command: ['say'], at: T0 },
  started(0, 0, 0),
  started(1, 0, 0),
  ended(0, 0, 1_000, end(0, 0, 0)),
  ended(1, 0, 1_000, end(1, 0, 2, { lastLine: 'no such file: banana.txt' })),
  started(2, 0, 1_000),
  started(1, 1, 1_000),
  ended(1, 1, 2_000, end(1, 1, 2, { lastLine: 'no such file: banana.txt' })),
  ended(2, 0, 2_500, end(2, 0, 130, { signal: 'SIGINT', reason: 'interrupted' })),
];
const config = { name: 'fruit', completions: 3, parallelism: 2, backoffLimitPerIndex: 1 };

async function input() {
  const controller = replayJournal(config, journal);
  const attempts = endedAttemptsOf(journal);
  const values: Record<number, Record<string, string>> = {
    1: { FRUIT: 'banana.txt', NOTE: `a ${'long '.repeat(20)}value` },
  };
  const params = await failedParams(failedIndexes(controller, attempts), async (index) => {
    const found = values[index];
    if (found === undefined) throw new Error('none');
    return found;
  });
  return {
    name: 'fruit',
    state: '/work/.ixjob/fruit',
    controller,
    attempts,
    params,
    interrupted: 'SIGINT' as const,
    jobStartedAt: T0,
    runStartedAt: T0 + 1_500,
    finishedAt: T0 + 3_100,
  };
}

describe('the summary of a run', () => {
  test('failed indexes: only those whose last counted attempt failed', async () => {
    const { controller, attempts } = await input();
    expect(failedIndexes(controller, attempts)).toEqual([
      { index: 1, attempts: 2, exitCode: 2, lastLine: 'no such file: banana.txt' },
    ]);
  });

  test.each<[Record<string, string>, string]>([
    [{ FRUIT: 'banana.txt' }, 'FRUIT=banana.txt'],
    [{ A: '1', B: 'two words' }, 'A=1 B="two words"'],
    [{ E: '' }, 'E=""'],
    [{ L: 'x'.repeat(100) }, `L=${'x'.repeat(59)}…`],
  ])('parameters in compact form: %j', (params, expected) => {
    expect(compactParams(params)).toBe(expected);
  });

  test('text: failures with their parameters, the job and this run timed', async () => {
    const text = summaryText(await input());
    expect(text).toContain('Start Time:        2026-01-02T03:04:05.000Z\n');
    expect(text).toContain('Duration:          3.1s (this run 1.6s)\n');
    expect(text).toContain('Pods Statuses:     0 Active / 1 Succeeded / 2 Failed\n');
    expect(text).toContain('Failed Indexes:    1\n');
    expect(text).toContain(
      `Failures:\n  index 1 (FRUIT=banana.txt NOTE="a ${'long '.repeat(11)}lo…"): 2 attempts, last exit 2: no such file: banana.txt\n`,
    );
    expect(text).toContain('Interrupted:       SIGINT (resume with --resume)\n');
  });

  test('a first run shows one duration', async () => {
    const text = summaryText({ ...(await input()), runStartedAt: T0 });
    expect(text).toContain('Duration:          3.1s\n');
  });

  test('JSON: RFC 3339 times throughout, durations in ms, failures named', async () => {
    const json = JSON.parse(summaryJson(await input()));
    expect(json).toMatchObject({
      durationMs: 3_100,
      runStartTime: '2026-01-02T03:04:06.500Z',
      runDurationMs: 1_600,
      status: {
        startTime: '2026-01-02T03:04:05.000Z',
        succeeded: 1,
        failed: 2,
        completedIndexes: '0',
        failedIndexes: '1',
      },
      failures: [
        {
          index: 1,
          attempts: 2,
          exitCode: 2,
          lastLine: 'no such file: banana.txt',
          params: { FRUIT: 'banana.txt' },
        },
      ],
    });
    expect(json.status.conditions).toEqual([]);
    expect(json.indexes[1].attempts[1]).toEqual({
      attempt: 1,
      startedAt: '2026-01-02T03:04:06.000Z',
      finishedAt: '2026-01-02T03:04:07.000Z',
      exitCode: 2,
      signal: null,
      durationMs: 1_000,
      log: '/work/.ixjob/fruit/logs/1.1.log',
      lastLine: 'no such file: banana.txt',
    });
    expect(json.indexes[2].attempts[0]).toMatchObject({ reason: 'interrupted', exitCode: 130 });
    // No epoch milliseconds anywhere a time is named.
    const times = JSON.stringify(json).match(/"(\w*(Time|At))":[^,}]*/g) ?? [];
    for (const time of times) expect(time).toMatch(/":"\d{4}-\d\d-\d\dT/);
  });

  test('JSON: each condition has its lastTransitionTime', async () => {
    const done: JournalRecord[] = [
      journal[0] as JournalRecord,
      started(0, 0, 0),
      ended(0, 0, 1_000, end(0, 0, 0)),
    ];
    const controller = replayJournal({ completions: 1, parallelism: 1 }, done);
    const json = JSON.parse(
      summaryJson({
        ...(await input()),
        controller,
        attempts: endedAttemptsOf(done),
        params: new Map(),
        interrupted: undefined,
      }),
    );
    expect(json.status.completionTime).toBe('2026-01-02T03:04:06.000Z');
    expect(
      json.status.conditions.map((c: { lastTransitionTime: string }) => c.lastTransitionTime),
    ).toEqual(['2026-01-02T03:04:06.000Z', '2026-01-02T03:04:06.000Z']);
  });
});
