/** Where the job stands: the runner's counts and how long it has been running. */
export interface ProgressSnapshot {
  readonly total: number;
  /** Indexes that succeeded. */
  readonly succeeded: number;
  /** Indexes that failed for good: no attempt of theirs will run again. */
  readonly failed: number;
  /** Indexes with an attempt running now. */
  readonly running: number;
  readonly elapsedMs: number;
}

/** What happens after a failed attempt, as the failure policy decided. */
export type NextStep =
  | 'retry'
  | 'retry-uncounted'
  | 'index-failed'
  | 'job-failed'
  | 'job-stopping'
  | 'interrupted';

/** One thing that happened to one attempt; `attempt` is printed as the runner numbers it. */
export type AttemptEvent =
  | { readonly kind: 'started'; readonly index: number; readonly attempt: number }
  | {
      readonly kind: 'succeeded';
      readonly index: number;
      readonly attempt: number;
      readonly durationMs: number;
    }
  | {
      readonly kind: 'failed';
      readonly index: number;
      readonly attempt: number;
      readonly durationMs: number;
      readonly exitCode: number;
      readonly next: NextStep;
      /** The last line of its log, shown after the verdict. */
      readonly lastLine?: string;
    }
  | {
      readonly kind: 'killed';
      readonly index: number;
      readonly attempt: number;
      readonly durationMs: number;
      readonly signal: string;
      /** Why the runner sent it (`deadline exceeded`); absent when the signal came from elsewhere. */
      readonly reason?: string;
      readonly next: NextStep;
      readonly lastLine?: string;
    };

const NEXT_STEP: Record<NextStep, string> = {
  retry: 'will retry',
  'retry-uncounted': 'will retry, not counted',
  'index-failed': 'index failed',
  'job-failed': 'job failed',
  'job-stopping': 'job stopping',
  interrupted: 'interrupted; --resume runs it again',
};

const BAR_MIN = 6;
const BAR_MAX = 40;
/** `150/s  ETA 1m05s`: a wider speed (slow jobs, long ETAs) shrinks the bar a little. */
const SPEED_WIDTH = 16;
const ETA_MAX_MS = 100 * 3600 * 1000;

/** `0.4s`, `9.9s`, `42s`, `2m05s`, `1h02m`: tenths only where they matter. */
export function formatDuration(ms: number): string {
  const tenths = Math.round(Math.max(0, ms) / 100);
  if (tenths < 100) return `${(tenths / 10).toFixed(1)}s`;
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) return `${seconds}s`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)}m${pad2(seconds % 60)}s`;
  return `${Math.floor(seconds / 3600)}h${pad2(Math.floor((seconds % 3600) / 60))}m`;
}

/** `150/s`, `2.5/s`, `12/min`, `1.5/h`: a slow job reads per minute or hour, never `0.0/s`. */
export function formatRate(perSecond: number): string {
  const [rate, unit] =
    perSecond >= 1
      ? [perSecond, 's']
      : perSecond * 60 >= 1
        ? [perSecond * 60, 'min']
        : [perSecond * 3600, 'h'];
  return `${rate >= 10 ? Math.round(rate) : rate.toFixed(1)}/${unit}`;
}

/** `ixjob: index 3 attempt 1 failed: exit 2 after 1.2s (will retry): <last log line>`, without the newline. */
export function formatEvent(event: AttemptEvent): string {
  const head = `ixjob: index ${event.index} attempt ${event.attempt}`;
  switch (event.kind) {
    case 'started':
      return `${head} started`;
    case 'succeeded':
      return `${head} succeeded in ${formatDuration(event.durationMs)}`;
    case 'failed':
      return `${head} failed: exit ${event.exitCode} after ${formatDuration(event.durationMs)} (${NEXT_STEP[event.next]})${tail(event.lastLine)}`;
    case 'killed': {
      const reason = event.reason === undefined ? '' : `: ${event.reason}`;
      return `${head} killed by ${event.signal}${reason} after ${formatDuration(event.durationMs)} (${NEXT_STEP[event.next]})${tail(event.lastLine)}`;
    }
  }
}

const tail = (lastLine: string | undefined): string =>
  lastLine === undefined ? '' : `: ${lastLine}`;

/** `ixjob: 97 succeeded, 3 failed of 100 in 1m05s`, the last line a run prints. */
export function formatSummary(snapshot: ProgressSnapshot): string {
  const { total, succeeded, failed, running, elapsedMs } = snapshot;
  const unfinished = total - succeeded - failed - running;
  const rest = [
    running > 0 ? `, ${running} running` : '',
    unfinished > 0 ? `, ${unfinished} not run` : '',
  ].join('');
  return `ixjob: ${succeeded} succeeded, ${failed} failed${rest} of ${total} in ${formatDuration(elapsedMs)}`;
}

/**
 * The progress line, at most `columns - 1` wide so the terminal never wraps it:
 * `[=====x.....]  42 done,   3 failed,   4 running,  51 pending  2.1/s  ETA 26s`.
 * Counts are padded to the total's width so nothing shifts as they grow; `=` is succeeded,
 * `x` failed, `.` the rest. A narrow terminal loses the bar first, then rate and ETA, then
 * gets `45/100, 3 failed, 4 running`.
 */
export function formatProgressBar(snapshot: ProgressSnapshot, columns: number): string {
  const { total, succeeded, failed, running, elapsedMs } = snapshot;
  const pending = Math.max(0, total - succeeded - failed - running);
  const digits = String(total).length;
  const count = (n: number, label: string): string => `${String(n).padStart(digits)} ${label}`;
  const counts = [
    count(succeeded, 'done'),
    count(failed, 'failed'),
    count(running, 'running'),
    count(pending, 'pending'),
  ].join(', ');
  const finished = succeeded + failed;
  const perSecond = elapsedMs > 0 ? finished / (elapsedMs / 1000) : 0;
  const left = ((total - finished) / perSecond) * 1000;
  const speed =
    finished === total
      ? `${formatRate(perSecond)}  in ${formatDuration(elapsedMs)}`
      : perSecond > 0
        ? `${formatRate(perSecond)}  ETA ${left < ETA_MAX_MS ? formatDuration(left) : '>99h'}`
        : '--/s  ETA --';
  const room = columns - 1;
  const text = `${counts}  ${speed}`;
  // Room kept for the longest usual speed, so the bar keeps its width as rate and ETA change.
  const cells = Math.min(BAR_MAX, room - counts.length - 5 - Math.max(SPEED_WIDTH, speed.length));
  if (cells >= BAR_MIN) return `${bar(succeeded, failed, total, cells)} ${text}`;
  const short = `${finished}/${total}, ${failed} failed, ${running} running`;
  const fits = [text, counts, short].find((candidate) => candidate.length <= room);
  return (fits ?? short).slice(0, Math.max(0, room));
}

/** `[====xx....]`: cells by cumulative share, so rounding never makes the parts overflow. */
function bar(succeeded: number, failed: number, total: number, cells: number): string {
  const share = (n: number): number => (total > 0 ? Math.floor((n / total) * cells) : 0);
  const ok = share(succeeded);
  // One failure among thousands still shows.
  const bad = Math.max(share(succeeded + failed) - ok, failed > 0 && ok < cells ? 1 : 0);
  return `[${'='.repeat(ok)}${'x'.repeat(bad)}${'.'.repeat(cells - ok - bad)}]`;
}

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}

export interface ProgressRendererOptions {
  /** Writes to the runner's stderr. */
  readonly write: (text: string) => void;
  /** Whether stderr is a terminal: a redrawn bar there, event lines anywhere else. */
  readonly isTTY: boolean;
  /** The terminal's width now; it can change between draws. */
  readonly columns: () => number | undefined;
  /** Nothing at all. */
  readonly quiet?: boolean;
  /** Events closer together than this redraw the bar only once; the timer catches up. */
  readonly minRedrawMs?: number;
}

export interface ProgressRenderer {
  /** Each attempt event, with the counts after it. */
  event(event: AttemptEvent, snapshot: ProgressSnapshot): void;
  /** The runner's timer: keeps rate, ETA and the clock moving between events. */
  tick(snapshot: ProgressSnapshot): void;
  /** The last draw: leaves the bar on its own line, or prints the summary line. */
  finish(snapshot: ProgressSnapshot): void;
}

const CLEAR_LINE = '\r\x1b[2K';

/**
 * On a terminal, one bar redrawn in place, with failures and kills printed above it so they
 * stay on screen; elsewhere (a file, CI), one line per event and the summary. Nothing when quiet.
 */
export function createProgressRenderer(options: ProgressRendererOptions): ProgressRenderer {
  const { write, isTTY, quiet = false, minRedrawMs = 100 } = options;
  let drawnAt = Number.NEGATIVE_INFINITY;
  const line = (snapshot: ProgressSnapshot): string =>
    formatProgressBar(snapshot, options.columns() ?? 80);
  const draw = (snapshot: ProgressSnapshot): void => {
    drawnAt = snapshot.elapsedMs;
    write(`${CLEAR_LINE}${line(snapshot)}`);
  };

  if (quiet) return { event() {}, tick() {}, finish() {} };
  if (!isTTY)
    return {
      event(event) {
        write(`${formatEvent(event)}\n`);
      },
      tick() {},
      finish(snapshot) {
        write(`${formatSummary(snapshot)}\n`);
      },
    };
  return {
    event(event, snapshot) {
      if (event.kind === 'failed' || event.kind === 'killed') {
        drawnAt = snapshot.elapsedMs;
        write(`${CLEAR_LINE}${formatEvent(event)}\n${line(snapshot)}`);
      } else if (snapshot.elapsedMs - drawnAt >= minRedrawMs) draw(snapshot);
    },
    tick: draw,
    finish(snapshot) {
      draw(snapshot);
      write('\n');
    },
  };
}
