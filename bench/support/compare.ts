import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface Candidate {
  label: string;
  /** A command line hyperfine runs without a shell (-N). */
  command: string;
}

export interface Timing {
  label: string;
  medianMs: number;
  samples: number;
}

export interface CompareOptions {
  rounds?: number;
  runs?: number;
  env?: NodeJS.ProcessEnv;
  /** A command hyperfine runs before every timed run, outside the timing. */
  prepare?: string;
}

const median = (values: number[]): number => {
  const sorted = values.toSorted((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[mid] ?? 0)
    : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
};

/**
 * Times the candidates side by side with hyperfine: several rounds, each running every
 * candidate in turn, so drift on a busy machine hits all of them alike. Medians of all samples.
 */
export function compare<const C extends readonly Candidate[]>(
  candidates: C,
  { rounds = 10, runs = 30, env = process.env, prepare }: CompareOptions = {},
): { -readonly [K in keyof C]: Timing } {
  const samples = candidates.map(() => [] as number[]);
  const dir = mkdtempSync(join(tmpdir(), 'ixjob-bench-'));
  try {
    for (let round = 0; round < rounds; round++) {
      const out = join(dir, `round-${round}.json`);
      execFileSync(
        'hyperfine',
        [
          '-N',
          '--style',
          'none',
          '--warmup',
          '5',
          '--runs',
          String(runs),
          '--export-json',
          out,
          ...(prepare === undefined ? [] : ['--prepare', prepare]),
          ...candidates.map((c) => c.command),
        ],
        // Piped: outlier warnings stay off the one-line report; a failure's reason reaches the error.
        { env, stdio: ['ignore', 'ignore', 'pipe'] },
      );
      const { results } = JSON.parse(readFileSync(out, 'utf8')) as {
        results: { times: number[] }[];
      };
      if (results.length !== candidates.length) throw new Error('hyperfine gave no timings');
      for (const [i, result] of results.entries()) {
        samples[i]?.push(...result.times.map((s) => s * 1000));
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return candidates.map(({ label }, i) => {
    const times = samples[i] ?? [];
    return { label, medianMs: median(times), samples: times.length };
  }) as { -readonly [K in keyof C]: Timing };
}

/** One line per benchmark: the figure, the anchor, the ratio and the goal. */
export function report(name: string, subject: Timing, anchor: Timing, goal: string): string {
  const ratio = subject.medianMs / anchor.medianMs;
  return `${name}: ${subject.label} ${subject.medianMs.toFixed(2)} ms vs ${anchor.label} ${anchor.medianMs.toFixed(2)} ms (medians of ${subject.samples}) → ratio ${ratio.toFixed(3)} (goal ${goal})`;
}
