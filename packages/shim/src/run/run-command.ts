import { join, resolve } from 'node:path';
import {
  CHECKPOINT_DIR_VARIABLE,
  DEFAULT_GRACE_PERIOD_SECONDS,
  FAILURE_COUNT_KEY,
  nodeFiles,
  RUN_EXIT_CODES,
} from '@ixjob/sdk/internal';
import type { RunOptions } from '../cli/options/run-options.ts';
import { type AttemptPlan, startAttempt } from './attempt.ts';
import type { LaunchPlanner } from './attempt-launch.ts';
import { systemClock } from './clock/clock.ts';
import { endedAttemptsOf, failedIndexes, failedParams } from './failed-indexes.ts';
import { checkSameJob } from './journal/changed-job.ts';
import { type StartedJournal, startJournal } from './journal/start-journal.ts';
import { logOpener } from './log-files.ts';
import { attemptLogPath } from './output/attempt-log.ts';
import { createLineTagger } from './output/line-tagger.ts';
import { createProgressRenderer } from './output/progress.ts';
import { dropAfterFailure } from './output/safe-writer.ts';
import { podinfoWriter } from './podinfo-writer.ts';
import type { JobController } from './policy/job-controller.ts';
import { createJobController } from './policy/job-controller.ts';
import { replayJournal } from './policy/journal-replay.ts';
import { type PreparedRun, precheck, prepareRun } from './prepare-run.ts';
import { runJob } from './runner.ts';
import { chooseSpawner } from './spawn/choose-spawner.ts';
import { openRunState, type RunState } from './state/open-state.ts';
import { makePodinfoRoot, removePodinfoRoot, sweepPodinfoRoots } from './state/podinfo-root.ts';
import { CHECKPOINTS_DIR } from './state/state-entries.ts';
import { summaryJson, summaryText } from './summary.ts';

/** What `ixjob run` touches outside itself. */
export interface RunIo {
  env: Readonly<Record<string, string | undefined>>;
  cwd: string;
  stdout(text: string): void;
  stderr(text: string): void;
}

const seconds = (value: number | undefined) => (value === undefined ? undefined : value * 1000);

/** Each warning once, however many indexes hit it. */
function onceEach(write: (text: string) => void): (message: string) => void {
  const warned = new Set<string>();
  return (message) => {
    if (!warned.has(message)) write(`ixjob: warning: ${message}\n`);
    warned.add(message);
  };
}

/** The state's controller: replayed from the journal on a resume, new on a first run. */
function controllerFor(run: PreparedRun, state: RunState, started: StartedJournal): JobController {
  const controller =
    state.point.job === undefined
      ? createJobController(run.config, started.jobStartedAt)
      : replayJournal(run.config, state.records, started.jobStartedAt);
  controller.tick(started.runStartedAt);
  return controller;
}

/**
 * `ixjob run`: every index of the job on this machine, each attempt run exactly as its pod's
 * shim would run it, under the Job controller's policies, with logs and a journal.
 */
export async function runCommand(options: RunOptions, given: RunIo): Promise<number> {
  // `ixjob run … | head -c 10`: a closed stdout or stderr never stops the job.
  const io = {
    ...given,
    stdout: dropAfterFailure(given.stdout),
    stderr: dropAfterFailure(given.stderr),
  };
  const warn = onceEach(io.stderr);
  // Everything that can be refused is refused before the state is touched.
  const run = await prepareRun(options.job, { env: io.env, cwd: io.cwd, files: nodeFiles, warn });
  const { job, config } = run;
  await precheck(run);
  const dir = resolve(io.cwd, options.state ?? join('.ixjob', job.name));
  const state = openRunState({
    dir,
    resume: options.resume,
    force: options.force,
    where: '--state',
  });
  let podinfoRoot: string | undefined;
  try {
    const identity = {
      completions: config.completions,
      digest: run.digest,
      command: [...job.command],
    };
    checkSameJob(state.point.job, identity, state.journalPath, options.force);
    sweepPodinfoRoots();
    podinfoRoot = makePodinfoRoot(state.dir);
    const podinfo = podinfoWriter(podinfoRoot, nodeFiles);
    // Every attempt of every index keeps its checkpoints across resumes: in the run's state, or
    // in the Job's own folder of --checkpoint-dir (as of a volume), which --force leaves alone.
    const checkpointDir =
      options.checkpointDir === undefined
        ? join(state.dir, CHECKPOINTS_DIR)
        : resolve(io.cwd, options.checkpointDir, job.name);
    const checkpoints = { [CHECKPOINT_DIR_VARIABLE]: checkpointDir };
    const planner = run.planner(podinfo.files, checkpoints);
    const started = startJournal({
      journalPath: state.journalPath,
      point: state.point,
      job: { name: job.name, ...identity },
      now: systemClock.now(),
      pid: process.pid,
    });
    try {
      return await runAndReport(options, io, { run, state, started, podinfo, planner });
    } finally {
      started.journal.close();
    }
  } finally {
    if (podinfoRoot !== undefined) removePodinfoRoot(podinfoRoot);
    state.release();
  }
}

interface Wiring {
  run: PreparedRun;
  state: RunState;
  started: StartedJournal;
  podinfo: ReturnType<typeof podinfoWriter>;
  planner: LaunchPlanner;
}

/** Runs the job on its journal and state, then prints the summary; returns the runner's exit code. */
async function runAndReport(options: RunOptions, io: RunIo, wiring: Wiring): Promise<number> {
  const { run, state, started, podinfo, planner } = wiring;
  const { job, config } = run;
  const controller = controllerFor(run, state, started);
  const tagger = options.tag
    ? createLineTagger(process.stdout, { lastIndex: config.completions - 1 })
    : undefined;
  const logFiles = logOpener({
    logs: state.logsDir,
    lookahead: 2 * config.parallelism,
    last: config.completions - 1,
    nextAttempt: started.numbers.peek,
  });
  // Kubernetes writes the failure count only with backoffLimitPerIndex; a local run always
  // does, so IXJOB_ATTEMPT reaches every attempt.
  const podinfoFor = (index: number) =>
    podinfo.write(index, {
      [FAILURE_COUNT_KEY]: String(controller.indexState(index).failureCount),
      ...controller.failureAnnotations(index),
    });
  const timeoutMs = seconds(job.attemptTimeoutSeconds);
  const graceMs = (job.gracePeriodSeconds ?? DEFAULT_GRACE_PERIOD_SECONDS) * 1000;
  const plan = async (index: number, attempt: number): Promise<AttemptPlan> => ({
    index,
    attempt,
    logPath: attemptLogPath(state.logsDir, index, attempt),
    log: `logs/${index}.${attempt}.log`,
    logFd: await logFiles.fd(index, attempt),
    launch: await planner.launch(index, podinfoFor(index)),
    timeoutMs,
    graceMs,
    tagger,
  });
  const stderr = process.stderr;
  const renderer = createProgressRenderer({
    write: io.stderr,
    // With --tag the terminal belongs to the tagged lines: plain event lines, no redrawn bar.
    isTTY: stderr.isTTY === true && tagger === undefined,
    // A pseudo-terminal may report 0 columns: draw for 80 then.
    columns: () => stderr.columns || undefined,
    quiet: options.quiet,
  });
  const launch = chooseSpawner(io.env);
  let outcome: Awaited<ReturnType<typeof runJob>>;
  try {
    outcome = await runJob({
      controller,
      journal: started.journal,
      renderer,
      plan,
      start: (attempt) => startAttempt(attempt, launch),
      nextAttempt: started.numbers.take,
      clock: systemClock,
      onInterrupt(handler) {
        const signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM'];
        for (const signal of signals) process.on(signal, handler);
        return () => {
          for (const signal of signals) process.off(signal, handler);
        };
      },
      ...(stderr.isTTY ? { tickMs: 250 } : {}),
    });
  } finally {
    logFiles.close();
    await tagger?.flushed();
  }
  const { outcome: verdict } = controller;
  if (verdict && !outcome.interrupted) {
    started.journal.append({
      event: 'job-ended',
      at: systemClock.now(),
      succeeded: verdict.succeeded,
      reason: verdict.reason,
    });
  }
  const attempts = [...endedAttemptsOf(state.records), ...outcome.attempts];
  const failed = failedIndexes(controller, attempts);
  const params = await failedParams(failed, (index) => planner.params(index, podinfoFor(index)));
  const input = {
    name: job.name,
    state: state.dir,
    controller,
    attempts,
    params,
    interrupted: outcome.interrupted,
    jobStartedAt: started.jobStartedAt,
    runStartedAt: started.runStartedAt,
    finishedAt: systemClock.now(),
  };
  io.stdout(options.output === 'json' ? summaryJson(input) : summaryText(input));
  if (outcome.interrupted)
    return RUN_EXIT_CODES[outcome.interrupted === 'SIGINT' ? 'SIGINT' : 'SIGTERM'];
  return verdict?.succeeded ? RUN_EXIT_CODES.completed : RUN_EXIT_CODES.failed;
}
