import { appendFileSync, closeSync, writeFileSync } from 'node:fs';
import { constants } from 'node:os';
import { EXIT_CODES } from '@ixjob/sdk';
import { openAttemptLog } from './output/attempt-log.ts';
import type { LineTagger } from './output/line-tagger.ts';
import type { Launch } from './spawn/choose-spawner.ts';
import type { Launched } from './spawn/launched.ts';

/** Everything one attempt of one index needs, worked out as its pod's shim would. */
export interface AttemptPlan {
  index: number;
  attempt: number;
  logPath: string;
  /** The log, already open exactly when there is no `tagger` (the child then writes it directly); closed once passed on. */
  logFd: number | undefined;
  /** What to run, or the one-line error the pod's shim would have printed (and its exit code). */
  launch:
    | { file: string; argv: readonly string[]; env: Record<string, string> }
    | { error: string; exitCode: number };
  timeoutMs: number | undefined;
  graceMs: number;
  tagger: LineTagger | undefined;
}

export interface AttemptEnd {
  /** As a container runtime reports it: the exit code, or 128+n when signal n killed it. */
  exitCode: number;
  signal: NodeJS.Signals | null;
  durationMs: number;
  /** Why the runner stopped it, when it did (`timeout`, `job failed`, `interrupted`). */
  stoppedFor: string | undefined;
}

export interface RunningAttempt {
  readonly index: number;
  readonly attempt: number;
  /** SIGTERM to the attempt's process group, then SIGKILL after the grace period. */
  stop(reason: string): void;
  readonly ended: Promise<AttemptEnd>;
}

/**
 * Starts one attempt in its own process group (so stopping it reaches everything it
 * started), its output to its log file and, with `--tag`, to the runner's stdout.
 */
export function startAttempt(plan: AttemptPlan, launch: Launch): RunningAttempt {
  if ('error' in plan.launch) {
    // The shim would have failed before exec: its message is the pod's log.
    writeFileSync(plan.logFd ?? plan.logPath, `${plan.launch.error}\n`);
    if (plan.logFd !== undefined) closeSync(plan.logFd);
    const end = {
      exitCode: plan.launch.exitCode,
      signal: null,
      durationMs: 0,
      stoppedFor: undefined,
    };
    return { index: plan.index, attempt: plan.attempt, stop() {}, ended: Promise.resolve(end) };
  }
  const { file, argv, env } = plan.launch;
  const startedAt = performance.now();
  // Without --tag the child writes its log itself (stdout and stderr on one descriptor, as
  // `> log 2>&1`): no pipe for the runner to pump, nothing for it to lose.
  let child: Launched;
  try {
    child = launch({ file, argv, env, output: plan.logFd });
  } finally {
    if (plan.logFd !== undefined) closeSync(plan.logFd);
  }
  const outputs: Promise<unknown>[] = [];
  if (plan.tagger && child.stdout && child.stderr) {
    outputs.push(openAttemptLog(plan.logPath, [child.stdout, child.stderr]).done);
    outputs.push(
      plan.tagger.attach(plan.index, 'stdout', child.stdout),
      plan.tagger.attach(plan.index, 'stderr', child.stderr),
    );
  }
  let stoppedFor: string | undefined;
  let killTimer: NodeJS.Timeout | undefined;
  const signal = (name: NodeJS.Signals) => {
    try {
      if (child.pid !== undefined) process.kill(-child.pid, name);
    } catch {
      // Already gone.
    }
  };
  const stop = (reason: string) => {
    if (stoppedFor !== undefined || !child.running()) return;
    stoppedFor = reason;
    signal('SIGTERM');
    killTimer = setTimeout(() => signal('SIGKILL'), plan.graceMs);
  };
  const timeout =
    plan.timeoutMs === undefined ? undefined : setTimeout(() => stop('timeout'), plan.timeoutMs);
  const ended = child.exited.then(async ({ code, signal: name, error }) => {
    clearTimeout(timeout);
    clearTimeout(killTimer);
    const durationMs = performance.now() - startedAt;
    await Promise.allSettled(outputs);
    if (error && code === null && name === null) {
      if (error.code === 'ECHILD') {
        // It ran, but how it ended is lost: keep what it printed, and say so after it.
        appendFileSync(plan.logPath, `ixjob: lost the exit status of ${file}\n`);
        return { exitCode: EXIT_CODES.internal, signal: null, durationMs, stoppedFor };
      }
      writeFileSync(plan.logPath, `ixjob: cannot execute ${file}: ${error.code}\n`);
      const exitCode = EXIT_CODES[error.code === 'ENOENT' ? 'not-found' : 'not-executable'];
      return { exitCode, signal: null, durationMs, stoppedFor };
    }
    const exitCode = code ?? 128 + (name ? constants.signals[name] : 0);
    return { exitCode, signal: name, durationMs, stoppedFor };
  });
  return { index: plan.index, attempt: plan.attempt, stop, ended };
}
