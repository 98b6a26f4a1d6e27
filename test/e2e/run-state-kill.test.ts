import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { exited, ixjobRun, journal, sleep, startRun } from '../support/quiet-run.ts';
import { scratchDirs } from '../support/scratch-dirs.ts';

/**
 * kill -9 at random moments of a run and of its resumes, then a last --resume: the job
 * completes and the journal, the logs and the podinfo folders show nothing was lost, run
 * twice after success, or overwritten.
 */

const scratch = scratchDirs('run-state-kill');

/** A small PRNG, so a schedule that fails can be told by its seed. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

describe('ixjob run: after any sequence of kill -9, --resume completes the job', () => {
  const COMPLETIONS = 24;
  // Prints a token to its log and beside it; fails once on indexes divisible by 5; a success
  // is appended to the marker file.
  const script = (out: string) =>
    `t="$JOB_COMPLETION_INDEX-$$-$(date +%s%N)"; echo "$t"; echo "$t" >> ${out}/tokens; sleep 0.0$((JOB_COMPLETION_INDEX % 4 + 1)); ` +
    `if [ "$IXJOB_ATTEMPT" = 0 ] && [ $((JOB_COMPLETION_INDEX % 5)) = 0 ]; then exit 3; fi; echo "$JOB_COMPLETION_INDEX" >> ${out}/marker`;

  test.each([1, 2, 3, 4])(
    'schedule %i: killed during the first run and twice during --resume',
    async (seed) => {
      const next = random(seed);
      const out = scratch();
      const state = join(out, 'state');
      const args = [
        '--state',
        state,
        '--completions',
        String(COMPLETIONS),
        '--parallelism',
        '4',
        '--backoff-limit-per-index',
        '3',
        '--',
        'sh',
        '-c',
        script(out),
      ];
      const shm = () => (existsSync('/dev/shm') ? readdirSync('/dev/shm') : []);
      const killed: number[] = [];
      for (let kill = 0; kill < 3; kill++) {
        const child = startRun(kill === 0 ? args : ['--resume', ...args]);
        await sleep(100 + Math.floor(next() * 500));
        child.kill('SIGKILL');
        await exited(child);
        killed.push(child.pid);
      }
      // The killed runners' podinfo folders are left behind, until a runner starts.
      const resumed = ixjobRun(['--resume', ...args]);
      expect(resumed.stderr).toBe('');
      expect(resumed.code).toBe(0);
      for (const pid of killed)
        expect(shm().filter((n) => n.startsWith(`ixjob-${pid}-`))).toEqual([]);
      // The attempts killed runners left running end on their own, as pods would.
      await sleep(500);

      const records = journal(state);
      const starts = records.filter((r) => r.event === 'attempt-started');
      const ids = starts.map((r) => `${r.index}.${r.attempt}`);
      expect(new Set(ids).size).toBe(ids.length);
      // Every attempt that started ended or was journaled lost, exactly once.
      const closed = records
        .filter((r) => r.event === 'attempt-ended' || r.event === 'attempt-lost')
        .map((r) => `${r.index}.${r.attempt}`);
      expect(closed.sort()).toEqual([...ids].sort());
      // No journaled success runs again: nothing starts for an index after its success.
      const succeededAt = new Map<number, number>();
      records.forEach((r, line) => {
        if (r.event === 'attempt-ended' && r.end?.exitCode === 0) {
          expect(succeededAt.has(r.index as number)).toBe(false);
          succeededAt.set(r.index as number, line);
        }
        if (r.event === 'attempt-started') expect(succeededAt.has(r.index as number)).toBe(false);
      });
      expect(succeededAt.size).toBe(COMPLETIONS);
      const marker = readFileSync(join(out, 'marker'), 'utf8').trim().split('\n').map(Number);
      expect(new Set(marker).size).toBe(COMPLETIONS);
      // No log overwritten or shared: each holds the one token its attempt printed.
      const tokens = readFileSync(join(out, 'tokens'), 'utf8').trim().split('\n');
      const logged: string[] = [];
      for (const r of starts) {
        const log = join(state, 'logs', `${r.index}.${r.attempt}.log`);
        if (!existsSync(log)) continue;
        const lines = readFileSync(log, 'utf8')
          .split('\n')
          .filter((l) => l !== '');
        expect(lines.length).toBeLessThanOrEqual(1);
        if (lines[0] !== undefined) {
          expect(lines[0].startsWith(`${r.index}-`)).toBe(true);
          logged.push(lines[0]);
        }
      }
      expect(new Set(logged).size).toBe(logged.length);
      for (const token of logged) expect(tokens).toContain(token);
      // Every attempt that ended has its log.
      for (const r of records.filter((r) => r.event === 'attempt-ended'))
        expect(existsSync(join(state, 'logs', `${r.index}.${r.attempt}.log`))).toBe(true);
    },
    60_000,
  );
});
