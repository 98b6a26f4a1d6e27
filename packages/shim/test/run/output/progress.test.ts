import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import {
  type AttemptEvent,
  createProgressRenderer,
  formatDuration,
  formatEvent,
  formatProgressBar,
  formatRate,
  formatSummary,
  type ProgressRendererOptions,
  type ProgressSnapshot,
} from '../../../src/run/output/progress.ts';

const at = (
  succeeded: number,
  failed: number,
  running: number,
  elapsedMs: number,
  total = 100,
): ProgressSnapshot => ({ total, succeeded, failed, running, elapsedMs });

describe('formatDuration', () => {
  test.each([
    [0, '0.0s'],
    [-5, '0.0s'],
    [49, '0.0s'],
    [50, '0.1s'],
    [1_234, '1.2s'],
    [9_949, '9.9s'],
    [9_950, '10s'],
    [42_400, '42s'],
    [59_499, '59s'],
    [59_500, '1m00s'],
    [125_000, '2m05s'],
    [3_599_000, '59m59s'],
    [3_600_000, '1h00m'],
    [3_720_000, '1h02m'],
    [90_000_000, '25h00m'],
  ])('%i ms is %s', (ms, expected) => {
    expect(formatDuration(ms)).toBe(expected);
  });
});

describe('formatRate', () => {
  test.each([
    [150.4, '150/s'],
    [10, '10/s'],
    [2.54, '2.5/s'],
    [1, '1.0/s'],
    [0.5, '30/min'],
    [0.1, '6.0/min'],
    [1 / 60, '1.0/min'],
    [1 / 120, '30/h'],
    [1 / 3600, '1.0/h'],
    [0, '0.0/h'],
  ])('%f per second is %s', (perSecond, expected) => {
    expect(formatRate(perSecond)).toBe(expected);
  });
});

describe('formatEvent', () => {
  test.each<[AttemptEvent, string]>([
    [{ kind: 'started', index: 3, attempt: 1 }, 'ixjob: index 3 attempt 1 started'],
    [
      { kind: 'succeeded', index: 3, attempt: 0, durationMs: 1_234 },
      'ixjob: index 3 attempt 0 succeeded in 1.2s',
    ],
    [
      { kind: 'failed', index: 3, attempt: 1, durationMs: 800, exitCode: 2, next: 'retry' },
      'ixjob: index 3 attempt 1 failed: exit 2 after 0.8s (will retry)',
    ],
    [
      {
        kind: 'failed',
        index: 3,
        attempt: 1,
        durationMs: 1_200,
        exitCode: 2,
        next: 'retry',
        lastLine: 'cannot open banana.txt',
      },
      'ixjob: index 3 attempt 1 failed: exit 2 after 1.2s (will retry): cannot open banana.txt',
    ],
    [
      {
        kind: 'killed',
        index: 1,
        attempt: 0,
        durationMs: 500,
        signal: 'SIGTERM',
        reason: 'interrupted',
        next: 'interrupted',
      },
      'ixjob: index 1 attempt 0 killed by SIGTERM: interrupted after 0.5s (interrupted; --resume runs it again)',
    ],
    [
      {
        kind: 'failed',
        index: 0,
        attempt: 2,
        durationMs: 800,
        exitCode: 137,
        next: 'retry-uncounted',
      },
      'ixjob: index 0 attempt 2 failed: exit 137 after 0.8s (will retry, not counted)',
    ],
    [
      {
        kind: 'failed',
        index: 9,
        attempt: 4,
        durationMs: 61_000,
        exitCode: 1,
        next: 'index-failed',
      },
      'ixjob: index 9 attempt 4 failed: exit 1 after 1m01s (index failed)',
    ],
    [
      { kind: 'failed', index: 9, attempt: 0, durationMs: 10, exitCode: 65, next: 'job-failed' },
      'ixjob: index 9 attempt 0 failed: exit 65 after 0.0s (job failed)',
    ],
    [
      {
        kind: 'killed',
        index: 3,
        attempt: 1,
        durationMs: 30_000,
        signal: 'SIGTERM',
        next: 'job-stopping',
      },
      'ixjob: index 3 attempt 1 killed by SIGTERM after 30s (job stopping)',
    ],
    [
      {
        kind: 'killed',
        index: 3,
        attempt: 1,
        durationMs: 30_000,
        signal: 'SIGKILL',
        reason: 'deadline exceeded',
        next: 'index-failed',
      },
      'ixjob: index 3 attempt 1 killed by SIGKILL: deadline exceeded after 30s (index failed)',
    ],
  ])('%j', (event, expected) => {
    expect(formatEvent(event)).toBe(expected);
  });
});

describe('formatSummary', () => {
  test.each([
    [at(97, 3, 0, 65_000), 'ixjob: 97 succeeded, 3 failed of 100 in 1m05s'],
    [at(100, 0, 0, 1_500), 'ixjob: 100 succeeded, 0 failed of 100 in 1.5s'],
    [at(7, 1, 2, 4_000), 'ixjob: 7 succeeded, 1 failed, 2 running, 90 not run of 100 in 4.0s'],
  ])('%j', (snapshot, expected) => {
    expect(formatSummary(snapshot)).toBe(expected);
  });
});

describe('formatProgressBar', () => {
  // Midway through a job, the line gives up the bar, then rate and ETA, then the long counts.
  test.each([
    [
      120,
      '[================xx......................]  42 done,   3 failed,   4 running,  51 pending  2.1/s  ETA 26s',
    ],
    [80, '[=====x......]  42 done,   3 failed,   4 running,  51 pending  2.1/s  ETA 26s'],
    [70, ' 42 done,   3 failed,   4 running,  51 pending  2.1/s  ETA 26s'],
    [50, ' 42 done,   3 failed,   4 running,  51 pending'],
    [40, '45/100, 3 failed, 4 running'],
    [11, '45/100, 3 '],
  ])('midway, %i columns', (columns, expected) => {
    expect(formatProgressBar(at(42, 3, 4, 21_400), columns)).toBe(expected);
  });

  test.each([
    [
      'nothing finished yet',
      at(0, 0, 4, 0),
      100,
      '[................................]   0 done,   0 failed,   4 running,  96 pending  --/s  ETA --',
    ],
    [
      'all finished',
      at(97, 3, 0, 65_000),
      100,
      '[===============================x]  97 done,   3 failed,   0 running,   0 pending  1.5/s  in 1m05s',
    ],
    [
      'a slow job',
      at(2, 0, 2, 240_000, 9),
      80,
      '[====................] 2 done, 0 failed, 2 running, 5 pending  30/h  ETA 14m00s',
    ],
    [
      'one failure among thousands shows',
      at(9_000, 1, 4, 60_000, 10_000),
      100,
      '[=====================x..]  9000 done,     1 failed,     4 running,   995 pending  150/s  ETA 6.7s',
    ],
    [
      'an ETA past 99 hours',
      at(1, 0, 1, 3_600_000, 1_000),
      100,
      '[............................]    1 done,    0 failed,    1 running,  998 pending  1.0/h  ETA >99h',
    ],
  ])('%s', (_name, snapshot, columns, expected) => {
    expect(formatProgressBar(snapshot, columns)).toBe(expected);
  });

  const snapshot = fc
    .record({
      total: fc.integer({ min: 1, max: 100_000 }),
      shares: fc.tuple(fc.nat(), fc.nat(), fc.nat(), fc.nat()),
      elapsedMs: fc.integer({ min: 1_000, max: 10 ** 9 }),
    })
    .map(({ total, shares, elapsedMs }): ProgressSnapshot => {
      const sum = shares.reduce((a, b) => a + b, 0) || 1;
      const [succeeded, failed, running] = shares.map((share) => Math.floor((share / sum) * total));
      return {
        total,
        succeeded: succeeded ?? 0,
        failed: failed ?? 0,
        running: running ?? 0,
        elapsedMs,
      };
    });

  test('never wider than the terminal less one column, whatever the counts', () => {
    fc.assert(
      fc.property(snapshot, fc.integer({ min: 1, max: 300 }), (progress, columns) => {
        const line = formatProgressBar(progress, columns);
        expect(line.length).toBeLessThanOrEqual(columns - 1);
        expect(line).not.toMatch(/[\r\n]/);
      }),
    );
  });

  test('the bar keeps its width as counts, rate and ETA change, so redraws never jump', () => {
    fc.assert(
      fc.property(snapshot, snapshot, fc.integer({ min: 1, max: 300 }), (a, b, columns) => {
        const scale = (n: number) => Math.floor((n / b.total) * a.total);
        const later = {
          ...b,
          total: a.total,
          succeeded: scale(b.succeeded),
          failed: scale(b.failed),
          running: scale(b.running),
        };
        const speedOf = (line: string) => line.slice(line.indexOf('pending') + 9).length;
        const [before, after] = [formatProgressBar(a, columns), formatProgressBar(later, columns)];
        // Only a speed wider than the room kept for it may take cells from the bar.
        fc.pre(speedOf(before) <= 16 && speedOf(after) <= 16);
        const barOf = (line: string) => /^\[[=x.]*\]/.exec(line)?.[0].length;
        expect(barOf(before)).toBe(barOf(after));
      }),
    );
  });
});

describe('createProgressRenderer', () => {
  const started: AttemptEvent = { kind: 'started', index: 1, attempt: 0 };
  const failed: AttemptEvent = {
    kind: 'failed',
    index: 1,
    attempt: 0,
    durationMs: 1_000,
    exitCode: 3,
    next: 'retry',
  };
  const render = (options: Partial<ProgressRendererOptions>) => {
    const written: string[] = [];
    const renderer = createProgressRenderer({
      write: (text) => written.push(text),
      isTTY: false,
      columns: () => 60,
      ...options,
    });
    return { renderer, written };
  };
  const bar = (snapshot: ProgressSnapshot) => `\r\x1b[2K${formatProgressBar(snapshot, 60)}`;

  test.each<
    [string, Partial<ProgressRendererOptions>, (r: ReturnType<typeof render>) => void, string[]]
  >([
    [
      'not a terminal: one line per event, no bar, a summary',
      {},
      ({ renderer }) => {
        renderer.event(started, at(0, 0, 1, 0, 2));
        renderer.tick(at(0, 0, 1, 500, 2));
        renderer.event(failed, at(0, 0, 0, 1_000, 2));
        renderer.finish(at(2, 0, 0, 3_000, 2));
      },
      [
        'ixjob: index 1 attempt 0 started\n',
        'ixjob: index 1 attempt 0 failed: exit 3 after 1.0s (will retry)\n',
        'ixjob: 2 succeeded, 0 failed of 2 in 3.0s\n',
      ],
    ],
    [
      'quiet: nothing at all',
      { quiet: true, isTTY: true },
      ({ renderer }) => {
        renderer.event(started, at(0, 0, 1, 0, 2));
        renderer.tick(at(0, 0, 1, 500, 2));
        renderer.event(failed, at(0, 0, 0, 1_000, 2));
        renderer.finish(at(2, 0, 0, 3_000, 2));
      },
      [],
    ],
    [
      'a terminal: the bar redrawn in place, failures above it, a final newline',
      { isTTY: true },
      ({ renderer }) => {
        renderer.event(started, at(0, 0, 1, 0, 2));
        renderer.tick(at(0, 0, 1, 500, 2));
        renderer.event(failed, at(0, 0, 0, 1_000, 2));
        renderer.finish(at(2, 0, 0, 3_000, 2));
      },
      [
        bar(at(0, 0, 1, 0, 2)),
        bar(at(0, 0, 1, 500, 2)),
        `\r\x1b[2Kixjob: index 1 attempt 0 failed: exit 3 after 1.0s (will retry)\n${formatProgressBar(at(0, 0, 0, 1_000, 2), 60)}`,
        bar(at(2, 0, 0, 3_000, 2)),
        '\n',
      ],
    ],
    [
      'a terminal: a burst of events redraws once; the timer always redraws',
      { isTTY: true, minRedrawMs: 100 },
      ({ renderer }) => {
        renderer.event(started, at(0, 0, 1, 1_000, 9));
        renderer.event(started, at(0, 0, 2, 1_050, 9));
        renderer.event(started, at(0, 0, 3, 1_099, 9));
        renderer.event(started, at(0, 0, 4, 1_100, 9));
        renderer.tick(at(0, 0, 4, 1_120, 9));
      },
      [bar(at(0, 0, 1, 1_000, 9)), bar(at(0, 0, 4, 1_100, 9)), bar(at(0, 0, 4, 1_120, 9))],
    ],
    [
      'a terminal of unknown width is taken as 80 columns',
      { isTTY: true, columns: () => undefined },
      ({ renderer }) => renderer.tick(at(1, 0, 0, 1_000, 2)),
      [`\r\x1b[2K${formatProgressBar(at(1, 0, 0, 1_000, 2), 80)}`],
    ],
  ])('%s', (_name, options, drive, expected) => {
    const rendered = render(options);
    drive(rendered);
    expect(rendered.written).toEqual(expected);
  });
});
