import { type ChildProcess, spawn } from 'node:child_process';
import { closeSync, openSync, writeFileSync } from 'node:fs';
import { constants } from 'node:os';
import { openAttemptLog } from './output/attempt-log.ts';
import type { LineTagger } from './output/line-tagger.ts';

/** Everything one attempt of one index needs, worked out as its pod's shim would. */
export interface AttemptPlan {
  index: number;
  attempt: number;
  logPath: string;
  /** The log, already open (without `--tag` the child writes it directly); closed once passed on. */
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
export function startAttempt(plan: AttemptPlan): RunningAttempt {
  const startedAt = performance.now();
  if ('error' in plan.launch) {
    // The shim would have failed before exec: its message is the pod's log.
    if (plan.logFd !== undefined) closeSync(plan.logFd);
    writeFileSync(plan.logPath, `${plan.launch.error}\n`);
    const end = {
      exitCode: plan.launch.exitCode,
      signal: null,
      durationMs: 0,
      stoppedFor: undefined,
    };
    return { index: plan.index, attempt: plan.attempt, stop() {}, ended: Promise.resolve(end) };
  }
  const { file, argv, env } = plan.launch;
  // Without --tag the child writes its log itself (stdout and stderr on one descriptor, as
  // `> log 2>&1`): no pipe for the runner to pump, nothing for it to lose.
  const direct =
    plan.tagger === undefined ? (plan.logFd ?? openSync(plan.logPath, 'w')) : undefined;
  let child: ChildProcess;
  try {
    child = spawn(file, argv.slice(1), {
      argv0: argv[0] ?? file,
      env,
      stdio: direct === undefined ? ['ignore', 'pipe', 'pipe'] : ['ignore', direct, direct],
      detached: true,
    });
  } finally {
    if (direct !== undefined) closeSync(direct);
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
    if (stoppedFor !== undefined || child.exitCode !== null || child.signalCode !== null) return;
    stoppedFor = reason;
    signal('SIGTERM');
    killTimer = setTimeout(() => signal('SIGKILL'), plan.graceMs);
  };
  const timeout =
    plan.timeoutMs === undefined ? undefined : setTimeout(() => stop('timeout'), plan.timeoutMs);
  const ended = new Promise<AttemptEnd>((resolve) => {
    let spawnError: NodeJS.ErrnoException | undefined;
    child.on('error', (error) => {
      spawnError = error;
    });
    child.on('close', async (code, name) => {
      clearTimeout(timeout);
      clearTimeout(killTimer);
      const durationMs = performance.now() - startedAt;
      await Promise.allSettled(outputs);
      if (spawnError && code === null && name === null) {
        writeFileSync(plan.logPath, `ixjob: cannot execute ${file}: ${spawnError.code}\n`);
        resolve({
          exitCode: spawnError.code === 'ENOENT' ? 127 : 126,
          signal: null,
          durationMs,
          stoppedFor,
        });
        return;
      }
      const exitCode = code ?? 128 + (name ? constants.signals[name] : 0);
      resolve({ exitCode, signal: name, durationMs, stoppedFor });
    });
  });
  return { index: plan.index, attempt: plan.attempt, stop, ended };
}
