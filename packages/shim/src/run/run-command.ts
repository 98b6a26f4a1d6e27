import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { basename, join, resolve } from 'node:path';
import {
  checkedLength,
  exitCodeFor,
  FAILURE_COUNT_KEY,
  formatFailure,
  IxjobError,
  isIxjobError,
  nodeFiles,
  SCHEDULER_INDEX_VARIABLES,
  specDigest,
  type WorkSpec,
} from '@ixjob/sdk';
import { flagList, flagNumber, flagText } from '../cli/flag-values.ts';
import type { ShimIo } from '../cli/main.ts';
import type { ParsedArgv } from '../cli/parse-argv.ts';
import { prepareCommand } from '../core/prepare-command.ts';
import { loadWorkSpec } from '../core/resolve-params.ts';
import { specFromFlags } from '../core/spec-from-flags.ts';
import { checkArgumentLimits } from '../exec/argument-limits.ts';
import { findCommand } from '../exec/find-command.ts';
import { inspectExecutable } from '../exec/inspect-executable.ts';
import { inheritedEnvironment } from '../exec/node-options.ts';
import { type AttemptPlan, startAttempt } from './attempt.ts';
import { type JournalEntry, openJournal, readJournal } from './journal.ts';
import { logOpener } from './log-files.ts';
import { attemptLogPath } from './output/attempt-log.ts';
import { createLineTagger } from './output/line-tagger.ts';
import { createProgressRenderer } from './output/progress.ts';
import { podinfoWriter } from './podinfo-writer.ts';
import { parsePodFailurePolicy } from './policy/failure-policy.ts';
import type { JobConfig } from './policy/job-config.ts';
import { createJobController } from './policy/job-controller.ts';
import { toJobEvent } from './policy/job-events.ts';
import { parseSuccessPolicy } from './policy/success-policy.ts';
import { type AttemptRecord, runJob } from './runner.ts';
import { chooseSpawner } from './spawn/choose-spawner.ts';
import { summaryJson, summaryText } from './summary.ts';

/** The runner's own environment, minus every variable that would name an index: each index gets its own. */
function baseEnvironment(env: ShimIo['env']): Record<string, string> {
  const inherited = inheritedEnvironment(env);
  for (const name of Object.keys(inherited)) {
    if (
      name === 'JOB_COMPLETION_INDEX' ||
      name.startsWith('IXJOB_') ||
      SCHEDULER_INDEX_VARIABLES.includes(name)
    )
      delete inherited[name];
  }
  return inherited;
}

/**
 * `ixjob run`: every index of the job on this machine, each attempt run exactly as its pod's
 * shim would run it, under the Job controller's policies, with logs and a journal.
 */
export async function runCommand(parsed: ParsedArgv, io: ShimIo): Promise<number> {
  const text = (name: string) => flagText(parsed, name);
  const warned = new Set<string>();
  const warn = (message: string) => {
    if (!warned.has(message)) io.stderr(`ixjob: warning: ${message}\n`);
    warned.add(message);
  };
  const commandLine = parsed.commandLine;
  const spec = specFromFlags(parsed, io.cwd);
  const specFile = text('spec');
  const flagCompletions = flagNumber(parsed, 'completions', 0);
  let workSpec: WorkSpec | undefined;
  let completions = flagCompletions;
  if (spec || specFile) {
    workSpec = await loadWorkSpec({
      spec,
      specFile,
      completions: flagCompletions,
      cwd: io.cwd,
      warn,
    });
    completions = await checkedLength(workSpec);
  }
  if (completions === undefined) {
    throw new IxjobError(
      'usage',
      'how many indexes? give a work spec or --completions N',
      '--completions',
    );
  }
  if (commandLine.length === 0 && parsed.flags.commands === undefined && specFile === undefined) {
    throw new IxjobError('usage', 'no command given: ixjob run [flags] -- CMD [ARG...]');
  }
  const name = text('name') ?? (commandLine[0] ? basename(commandLine[0]) : 'job');
  const state = resolve(io.cwd, text('state') ?? join('.ixjob', name));
  const seconds = (flag: string) => {
    const value = flagNumber(parsed, flag, 0);
    return value === undefined ? undefined : value * 1000;
  };
  const config: JobConfig = {
    name,
    completions,
    parallelism: flagNumber(parsed, 'parallelism', 1) ?? availableParallelism(),
    ...optional('backoffLimit', flagNumber(parsed, 'backoff-limit', 0)),
    ...optional('backoffLimitPerIndex', flagNumber(parsed, 'backoff-limit-per-index', 0)),
    ...optional('maxFailedIndexes', flagNumber(parsed, 'max-failed-indexes', 0)),
    podFailurePolicy: parsePodFailurePolicy(flagList(parsed, 'pod-failure-policy')),
    successPolicy: parseSuccessPolicy(flagList(parsed, 'success-policy'), completions),
    ...optional('activeDeadlineMs', seconds('active-deadline')),
  };
  const timeoutMs = seconds('timeout');
  const graceMs = seconds('grace-period') ?? 30_000;
  const digest = workSpec ? await specDigest(workSpec) : undefined;

  // The journal: resume it, refuse to overwrite it by accident, or start over with --force.
  const journalPath = join(state, 'journal.jsonl');
  const past = readJournal(journalPath);
  const resume = parsed.flags.resume === true;
  const force = parsed.flags.force === true;
  if (past.length > 0 && !resume && !force) {
    throw new IxjobError(
      'usage',
      `${journalPath} holds an earlier run: --resume to carry on with it, --force to start over`,
      '--state',
    );
  }
  if (!resume && force) rmSync(state, { recursive: true, force: true });
  const header = resume ? past.find((entry) => entry.event === 'job') : undefined;
  if (resume && header) {
    const changed = header.digest !== (digest ?? null) || header.completions !== completions;
    if (changed && !force) {
      throw new IxjobError(
        'config',
        `the work spec changed since ${journalPath} was written (${String(header.digest ?? 'no spec')}, ${String(header.completions)} indexes; now ${digest ?? 'no spec'}, ${completions}): --force to resume anyway`,
        '--resume',
      );
    }
  }
  const startedAt = typeof header?.startedAt === 'number' ? header.startedAt : Date.now();
  const history = resume ? past.map(toJobEvent).filter((event) => event !== undefined) : [];
  const controller = createJobController(config, startedAt, history);
  controller.tick(Date.now());
  const journal = openJournal(journalPath);
  if (!header)
    journal.append({
      event: 'job',
      name,
      completions,
      digest: digest ?? null,
      startedAt,
      argv: parsed.commandLine,
    });

  const base = baseEnvironment(io.env);
  const logs = join(state, 'logs');
  const tagger =
    parsed.flags.tag === true
      ? createLineTagger(process.stdout, { lastIndex: completions - 1 })
      : undefined;
  // Podinfo is per attempt and thrown away, like a pod's downward-API volume: on tmpfs where
  // there is one, creating a file per index costs a third of what it does on disk.
  const podinfoRoot = existsSync('/dev/shm')
    ? mkdtempSync('/dev/shm/ixjob-')
    : join(state, 'podinfo');
  const podinfo = podinfoWriter(podinfoRoot, nodeFiles);
  const logFiles = logOpener(logs, 2 * config.parallelism, completions - 1);
  const request = {
    indexVarName: text('completion-index-var-name'),
    workSpec,
    cwd: io.cwd,
    warn,
  };
  // Every index runs the same command: look it up once (per PATH), as each pod's shim would.
  const commands = new Map<string, string>();
  const launchFor = async (index: number, podinfoDir: string): Promise<AttemptPlan['launch']> => {
    try {
      const env = { ...base, JOB_COMPLETION_INDEX: String(index), IXJOB_PODINFO: podinfoDir };
      const prepared = await prepareCommand(request, env, commandLine, podinfo.files);
      const command = prepared.argv[0] ?? '';
      const key = `${command}\0${prepared.env.PATH}`;
      let file = commands.get(key);
      if (file === undefined) {
        file = findCommand(command, prepared.env.PATH, io.cwd, inspectExecutable);
        commands.set(key, file);
      }
      checkArgumentLimits(prepared.argv, prepared.env);
      return { file, argv: prepared.argv, env: prepared.env };
    } catch (error) {
      if (!isIxjobError(error)) throw error;
      return { error: formatFailure(error), exitCode: exitCodeFor(error.kind) };
    }
  };
  const plan = async (index: number, attempt: number): Promise<AttemptPlan> => {
    // Kubernetes writes the failure count only with backoffLimitPerIndex; a local run always
    // does, so IXJOB_ATTEMPT reaches every attempt.
    const dir = podinfo.write(index, {
      [FAILURE_COUNT_KEY]: String(controller.indexState(index).failureCount),
      ...controller.failureAnnotations(index),
    });
    return {
      index,
      attempt,
      logPath: attemptLogPath(logs, index, attempt),
      logFd: tagger === undefined ? logFiles.fd(index, attempt) : undefined,
      launch: await launchFor(index, dir),
      timeoutMs,
      graceMs,
      tagger,
    };
  };
  const stderr = process.stderr;
  const renderer = createProgressRenderer({
    write: io.stderr,
    // With --tag the terminal belongs to the tagged lines: plain event lines, no redrawn bar.
    isTTY: stderr.isTTY === true && tagger === undefined,
    // A pseudo-terminal may report 0 columns: draw for 80 then.
    columns: () => stderr.columns || undefined,
    quiet: parsed.flags.quiet === true,
  });
  mkdirSync(logs, { recursive: true });
  const launch = chooseSpawner(io.env);
  const outcome = await runJob({
    controller,
    journal,
    renderer,
    plan,
    start: (attempt) => startAttempt(attempt, launch),
    now: Date.now,
    onInterrupt(handler) {
      const signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM'];
      for (const signal of signals) process.on(signal, handler);
      return () => {
        for (const signal of signals) process.off(signal, handler);
      };
    },
    ...(stderr.isTTY ? { tickMs: 250 } : {}),
  });
  if (controller.outcome)
    journal.append({
      event: 'job-ended',
      at: Date.now(),
      succeeded: controller.outcome.succeeded,
      reason: controller.outcome.reason,
    });
  journal.close();
  logFiles.close();
  if (podinfoRoot.startsWith('/dev/shm/')) rmSync(podinfoRoot, { recursive: true, force: true });
  await tagger?.flushed();
  const attempts = mergeHistory(past, outcome.attempts, logs);
  const input = {
    name,
    state,
    controller,
    attempts,
    interrupted: outcome.interrupted,
    finishedAt: Date.now(),
  };
  io.stdout(parsed.flags.output === 'json' ? summaryJson(input) : summaryText(input));
  if (outcome.interrupted) return outcome.interrupted === 'SIGINT' ? 130 : 143;
  return controller.outcome?.succeeded ? 0 : 1;
}

function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}

/** The attempts of earlier runs (from the journal) followed by this run's. */
function mergeHistory(
  past: readonly JournalEntry[],
  now: ReadonlyMap<number, AttemptRecord[]>,
  logs: string,
): Map<number, AttemptRecord[]> {
  const merged = new Map<number, AttemptRecord[]>();
  for (const entry of past) {
    if (
      entry.event !== 'attempt-ended' ||
      typeof entry.index !== 'number' ||
      typeof entry.attempt !== 'number'
    )
      continue;
    const list = merged.get(entry.index) ?? [];
    list.push({
      attempt: entry.attempt,
      exitCode: Number(entry.exitCode),
      signal: typeof entry.signal === 'string' ? entry.signal : null,
      durationMs: Number(entry.durationMs ?? 0),
      stoppedFor: typeof entry.stoppedFor === 'string' ? entry.stoppedFor : undefined,
      log: attemptLogPath(logs, entry.index, entry.attempt),
    });
    merged.set(entry.index, list);
  }
  for (const [index, list] of now) merged.set(index, [...(merged.get(index) ?? []), ...list]);
  return merged;
}
