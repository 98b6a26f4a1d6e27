import { type StdioOptions, spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  closeSync,
  existsSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  readSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { BASE_ENV, IXJOB } from '../support/ixjob-process.ts';

const BIN = fileURLToPath(new URL('../../node_modules/.bin', import.meta.url));
const ENV = { ...BASE_ENV, PATH: `${BIN}:${BASE_ENV.PATH}` };

interface Summary {
  succeeded: boolean;
  interrupted: string | null;
  condition: { type: string; reason: string } | null;
  status: { failed: number; succeeded: number; completedIndexes: string; failedIndexes?: string };
  indexes: {
    index: number;
    status: string;
    failureCount: number;
    attempts: {
      attempt: number;
      exitCode: number;
      signal: string | null;
      reason?: string;
      log: string;
    }[];
  }[];
}

/** Runs `ixjob run ARGS` as a user would: its text output as printed. */
function runPlain(
  args: string[],
  options: { env?: Record<string, string>; stdio?: StdioOptions } = {},
) {
  return spawnSync(IXJOB, ['run', ...args], {
    env: { ...ENV, ...options.env },
    encoding: 'utf8',
    stdio: options.stdio,
  });
}

/** Runs `ixjob run` in a fresh state directory, to completion. */
function run(args: string[], options: { state?: string; env?: Record<string, string> } = {}) {
  const state = options.state ?? mkdtempSync(join(tmpdir(), 'ixjob-run-'));
  const result = runPlain(['-q', '-o', 'json', '--state', state, ...args], options);
  const summary = result.stdout.startsWith('{')
    ? (JSON.parse(result.stdout) as Summary)
    : undefined;
  return { code: result.status, stderr: result.stderr, stdout: result.stdout, summary, state };
}
const attemptsOf = (summary: Summary | undefined) => summary?.indexes.map((i) => i.attempts.length);

describe('ixjob run: every index as its pod would run under the shim', () => {
  test('the same parameters, digest and podinfo the shim gives, read back through its own parser', () => {
    const out = mkdtempSync(join(tmpdir(), 'ixjob-out-'));
    const flags = [
      '--per-completion-env',
      'FRUIT=apple banana cherry',
      '--per-completion-env',
      'COLOR=green yellow red',
    ];
    const result = run([
      ...flags,
      '--completion-index-var-name',
      'I',
      '--',
      'sh',
      '-c',
      `ixjob resolve > ${out}/$I.inner.json; show "$FRUIT" "$COLOR" "$IXJOB_SPEC_SHA256" "$(cat $IXJOB_PODINFO/annotations)" > ${out}/$I.env`,
    ]);
    expect(result.code).toBe(0);
    expect(result.summary?.status.completedIndexes).toBe('0-2');
    for (const index of [0, 1, 2]) {
      const [fruit, color, digest, annotations] = readFileSync(`${out}/${index}.env`, 'utf8').split(
        '\0',
      );
      const pod = JSON.parse(
        spawnSync(IXJOB, ['resolve', '--index', String(index), ...flags], {
          env: ENV,
          encoding: 'utf8',
        }).stdout,
      );
      expect({ FRUIT: fruit, COLOR: color, IXJOB_SPEC_SHA256: digest }).toEqual({
        FRUIT: pod.env.FRUIT,
        COLOR: pod.env.COLOR,
        IXJOB_SPEC_SHA256: pod.env.IXJOB_SPEC_SHA256,
      });
      expect(annotations).toBe(
        `batch.kubernetes.io/job-completion-index="${index}"\nbatch.kubernetes.io/job-index-failure-count="0"`,
      );
      // A real shim inside the "pod" finds the index from the env and the podinfo file, and they agree.
      const inner = JSON.parse(readFileSync(`${out}/${index}.inner.json`, 'utf8'));
      expect(inner).toMatchObject({ index, source: 'JOB_COMPLETION_INDEX', attempt: 0 });
    }
  });

  test('a retried index sees its failure count as IXJOB_ATTEMPT and in the podinfo file', () => {
    const result = run([
      '--completions',
      '1',
      '--backoff-limit-per-index',
      '5',
      '--',
      'sh',
      '-c',
      'test "$IXJOB_ATTEMPT" = 2',
    ]);
    expect(result.code).toBe(0);
    expect(result.summary?.indexes[0]?.attempts.map((a) => a.exitCode)).toEqual([1, 1, 0]);
  });

  test('logs hold each attempt’s stdout and stderr', () => {
    const result = run([
      '--completions',
      '2',
      '--',
      'sh',
      '-c',
      'echo out $JOB_COMPLETION_INDEX; echo err >&2',
    ]);
    const logs = result.summary?.indexes.map((i) => readFileSync(i.attempts[0]?.log ?? '', 'utf8'));
    expect(logs).toEqual(['out 0\nerr\n', 'out 1\nerr\n']);
  });

  test('lowest pending indexes first, never more than the parallelism at once', () => {
    const out = mkdtempSync(join(tmpdir(), 'ixjob-order-'));
    const result = run([
      '--completions',
      '9',
      '--parallelism',
      '3',
      '--',
      'sh',
      '-c',
      `echo start $JOB_COMPLETION_INDEX >> ${out}/trace; sleep 0.05; echo end $JOB_COMPLETION_INDEX >> ${out}/trace`,
    ]);
    expect(result.code).toBe(0);
    const trace = readFileSync(`${out}/trace`, 'utf8').trim().split('\n');
    let running = 0;
    let most = 0;
    for (const line of trace) {
      running += line.startsWith('start') ? 1 : -1;
      most = Math.max(most, running);
    }
    expect(most).toBeLessThanOrEqual(3);
    // The order the runner started them, from its journal: two commands started a moment
    // apart may write their own first lines in either order.
    const started = readFileSync(join(result.state, 'journal.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { event: string; index?: number })
      .filter(({ event }) => event === 'attempt-started')
      .map(({ index }) => index);
    expect(started).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
  });
});

describe('ixjob run: the Job controller’s policies', () => {
  const exitByIndex = (codes: Record<number, number>) =>
    `case $JOB_COMPLETION_INDEX in ${Object.entries(codes)
      .map(([i, c]) => `${i}) exit ${c};;`)
      .join(' ')} esac`;

  test('FailIndex stops retrying that index only; the others retry; the job fails with FailedIndexes', () => {
    const result = run([
      '--completions',
      '4',
      '--backoff-limit-per-index',
      '2',
      '--pod-failure-policy',
      'FailIndex:42',
      '--',
      'sh',
      '-c',
      exitByIndex({ 1: 42, 2: 1 }),
    ]);
    expect(result.code).toBe(1);
    expect(attemptsOf(result.summary)).toEqual([1, 1, 3, 1]);
    expect(result.summary?.status).toMatchObject({ completedIndexes: '0,3', failedIndexes: '1,2' });
    expect(result.summary?.condition).toMatchObject({ type: 'Failed', reason: 'FailedIndexes' });
  });

  test('maxFailedIndexes fails the job once exceeded', () => {
    const result = run([
      '--completions',
      '6',
      '--parallelism',
      '1',
      '--backoff-limit-per-index',
      '0',
      '--max-failed-indexes',
      '1',
      '--',
      'sh',
      '-c',
      exitByIndex({ 0: 1, 1: 1 }),
    ]);
    expect(result.code).toBe(1);
    expect(result.summary?.condition).toMatchObject({
      type: 'Failed',
      reason: 'MaxFailedIndexesExceeded',
    });
    expect(result.summary?.status.completedIndexes).toBe('');
    expect(attemptsOf(result.summary)).toEqual([1, 1, 0, 0, 0, 0]);
  });

  test('a command that is not there is one line and 127, before any attempt runs', () => {
    const result = run(['--completions', '3', '--', '/nonexistent/command']);
    expect(result.code).toBe(127);
    expect(result.stderr).toMatch(/^ixjob: .*\/nonexistent\/command.*\n$/);
    expect(existsSync(join(result.state, 'journal.jsonl'))).toBe(false);
  });

  test('a command that fails to start in one index fails that index with 127, at once', () => {
    // Missing only for index 1: found by its attempt, and the default policy fails the index.
    const dir = mkdtempSync(join(tmpdir(), 'ixjob-missing-'));
    writeFileSync(join(dir, 'cmd-0'), '#!/bin/sh\nexit 0\n', { mode: 0o755 });
    const result = run([
      '--completions',
      '2',
      '--backoff-limit-per-index',
      '3',
      '--',
      'sh',
      '-c',
      `exec ${dir}/cmd-$JOB_COMPLETION_INDEX`,
    ]);
    expect(result.code).toBe(1);
    const codes = result.summary?.indexes.flatMap((i) => i.attempts.map((a) => a.exitCode));
    expect(codes).toEqual([0, 127]);
  });

  test('backoffLimit fails the job when the total of counted failures exceeds it', () => {
    const result = run(['--completions', '1', '--backoff-limit', '2', '--', 'false']);
    expect(result.code).toBe(1);
    expect(result.summary?.condition).toMatchObject({ reason: 'BackoffLimitExceeded' });
    expect(attemptsOf(result.summary)).toEqual([3]);
  });

  test('Ignore does not count the failure: backoffLimit 0 still lets the retry succeed', () => {
    const marker = join(mkdtempSync(join(tmpdir(), 'ixjob-ignore-')), 'seen');
    const result = run([
      '--completions',
      '1',
      '--backoff-limit',
      '0',
      '--pod-failure-policy',
      'Ignore:3',
      '--',
      'sh',
      '-c',
      `test -e ${marker} || { touch ${marker}; exit 3; }`,
    ]);
    expect(result.code).toBe(0);
    expect(result.summary?.status.failed).toBe(0);
    expect(attemptsOf(result.summary)).toEqual([2]);
  });

  test('FailJob ends the job at once and stops what runs', () => {
    const result = run([
      '--completions',
      '3',
      '--parallelism',
      '3',
      '--grace-period',
      '1',
      '--pod-failure-policy',
      'FailJob:7',
      '--',
      'sh',
      '-c',
      'if [ $JOB_COMPLETION_INDEX = 1 ]; then exit 7; fi; sleep 30',
    ]);
    expect(result.code).toBe(1);
    expect(result.summary?.condition).toMatchObject({ type: 'Failed', reason: 'PodFailurePolicy' });
    const stopped = result.summary?.indexes
      .filter((i) => i.index !== 1)
      .map((i) => i.attempts[0]?.reason);
    expect(stopped).toEqual(['PodFailurePolicy', 'PodFailurePolicy']);
  });

  test('a success policy ends the job early and stops the rest', () => {
    const started = Date.now();
    const result = run([
      '--completions',
      '4',
      '--parallelism',
      '4',
      '--grace-period',
      '1',
      '--success-policy',
      'indexes=0',
      '--',
      'sh',
      '-c',
      'if [ $JOB_COMPLETION_INDEX = 0 ]; then exit 0; fi; sleep 30',
    ]);
    expect(result.code).toBe(0);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(result.summary?.condition).toMatchObject({ type: 'Complete', reason: 'SuccessPolicy' });
    expect(result.summary?.indexes.slice(1).map((i) => i.attempts[0]?.reason)).toEqual([
      'job complete',
      'job complete',
      'job complete',
    ]);
  });

  test('Completed Indexes in Kubernetes’ interval format', () => {
    const result = runPlain([
      '-q',
      '--state',
      mkdtempSync(join(tmpdir(), 'ixjob-run-')),
      '--completions',
      '8',
      '--backoff-limit-per-index',
      '0',
      '--',
      'sh',
      '-c',
      exitByIndex({ 0: 1, 2: 1, 6: 1 }),
    ]);
    expect(result.stdout).toMatch(/^Completed Indexes: +1,3-5,7$/m);
    expect(result.stdout).toMatch(/^Failed Indexes: +0,2,6$/m);
    expect(result.stdout).toMatch(/^ {2}Failed +True +FailedIndexes +Job has failed indexes$/m);
  });

  test('a per-attempt timeout: SIGTERM, then SIGKILL after the grace period', () => {
    const result = run([
      '--completions',
      '1',
      '--backoff-limit',
      '0',
      '--timeout',
      '1',
      '--grace-period',
      '1',
      '--',
      'sh',
      '-c',
      'trap "" TERM; while :; do sleep 0.1; done',
    ]);
    expect(result.code).toBe(1);
    expect(result.summary?.indexes[0]?.attempts[0]).toMatchObject({
      exitCode: 137,
      signal: 'SIGKILL',
      reason: 'timeout',
    });
  });

  test('durations past 2^31 ms neither fire at once nor spin', () => {
    const long = String(30 * 24 * 3600); // 30 days: 2.6e9 ms
    const result = run([
      '--completions',
      '2',
      '--timeout',
      long,
      '--grace-period',
      long,
      '--active-deadline',
      long,
      '--',
      'sh',
      '-c',
      'sleep 0.3',
    ]);
    expect(result.code).toBe(0);
    expect(result.stderr).not.toMatch(/Warning|Timeout/);
    expect(result.summary?.indexes.map((i) => i.attempts[0]?.exitCode)).toEqual([0, 0]);
  });

  test('--active-deadline fails the job with DeadlineExceeded', () => {
    const result = run([
      '--completions',
      '2',
      '--active-deadline',
      '1',
      '--grace-period',
      '1',
      '--',
      'sleep',
      '30',
    ]);
    expect(result.code).toBe(1);
    expect(result.summary?.condition).toMatchObject({ reason: 'DeadlineExceeded' });
  });
});

describe.each([
  { spawner: 'posix_spawn (node:ffi)', env: {} },
  { spawner: "Node's spawn", env: { IXJOB_SPAWN: 'node' } },
])('ixjob run: attempts started by $spawner', ({ env }) => {
  test('exit codes, signals and output are the same either way', () => {
    // `$$$$` is the shell's `$$` once the shim has expanded `$$` as the kubelet does.
    const script =
      'echo "index $JOB_COMPLETION_INDEX"; case $JOB_COMPLETION_INDEX in 1) exit 3;; 2) kill -TERM $$$$;; 3) kill -KILL $$$$;; esac';
    const result = run(
      ['--completions', '5', '--backoff-limit-per-index', '0', '--', 'sh', '-c', script],
      { env },
    );
    expect(result.code).toBe(1);
    const ends = result.summary?.indexes.map(({ attempts: [first] }) => [
      first?.exitCode,
      first?.signal,
    ]);
    expect(ends).toEqual([
      [0, null],
      [3, null],
      [143, 'SIGTERM'],
      [137, 'SIGKILL'],
      [0, null],
    ]);
    for (const index of [0, 1, 2, 3, 4])
      expect(readFileSync(join(result.state, 'logs', `${index}.0.log`), 'utf8')).toBe(
        `index ${index}\n`,
      );
  });
});

describe('ixjob run: stopping, the journal and resuming', () => {
  test('SIGTERM stops gracefully: the running commands get SIGTERM, the summary is printed, and --resume finishes the job', async () => {
    const state = mkdtempSync(join(tmpdir(), 'ixjob-stop-'));
    const args = [
      'run',
      '--state',
      state,
      '--completions',
      '4',
      '--parallelism',
      '2',
      '--grace-period',
      '5',
      '--',
      'sh',
      '-c',
      'trap "echo got TERM; exit 143" TERM; echo ready; while :; do sleep 0.05; done',
    ];
    const child = spawn(IXJOB, args, { env: ENV, stdio: ['ignore', 'pipe', 'ignore'] });
    const out: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    const finished = new Promise<number | null>((resolve) =>
      child.on('close', (code) => resolve(code)),
    );
    // Wait for both running commands to be in their loop.
    const ready = () =>
      existsSync(join(state, 'logs')) &&
      readdirSync(join(state, 'logs')).filter((f) =>
        readFileSync(join(state, 'logs', f), 'utf8').includes('ready'),
      ).length >= 2;
    for (let tries = 0; tries < 200 && !ready(); tries++)
      await new Promise((resolve) => setTimeout(resolve, 50));
    child.kill('SIGTERM');
    const done = { code: await finished, stdout: Buffer.concat(out) };
    expect(done.code).toBe(143);
    expect(done.stdout.toString()).toMatch(/^Interrupted: +SIGTERM \(resume with --resume\)$/m);
    // The shell may also report that its sleep was terminated: the signal went to the whole group.
    for (const log of ['0.0.log', '1.0.log'])
      expect(readFileSync(join(state, 'logs', log), 'utf8')).toMatch(
        /^ready\n(Terminated\n)?got TERM\n$/,
      );
    // Another command: --force says so.
    const resumed = run(['--resume', '--force', '--completions', '4', '--', 'true'], { state });
    expect(resumed.code).toBe(0);
    expect(resumed.summary?.status.completedIndexes).toBe('0-3');
  });

  test('after kill -9, --resume runs no journaled success again and loses no index', async () => {
    const state = mkdtempSync(join(tmpdir(), 'ixjob-kill-'));
    const out = join(mkdtempSync(join(tmpdir(), 'ixjob-kill-out-')), 'done.txt');
    const command = ['sh', '-c', `sleep 0.1; echo $JOB_COMPLETION_INDEX >> ${out}`];
    const child = spawn(
      IXJOB,
      [
        'run',
        '-q',
        '--state',
        state,
        '--completions',
        '40',
        '--parallelism',
        '4',
        '--',
        ...command,
      ],
      { env: ENV, stdio: 'ignore' },
    );
    await new Promise((resolve) => setTimeout(resolve, 600));
    child.kill('SIGKILL');
    await new Promise((resolve) => child.on('close', resolve));
    // The attempts it left running finish on their own, as pods would.
    await new Promise((resolve) => setTimeout(resolve, 400));
    const journal = readFileSync(join(state, 'journal.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    const journaled = new Set(
      journal
        .filter((e) => e.event === 'attempt-ended' && e.end.exitCode === 0)
        .map((e) => e.index),
    );
    expect(journaled.size).toBeGreaterThan(0);
    expect(journaled.size).toBeLessThan(40);
    const before = readFileSync(out, 'utf8').trim().split('\n').map(Number);
    const resumed = run(['--resume', '--completions', '40', '--', ...command], { state });
    expect(resumed.code).toBe(0);
    expect(resumed.summary?.status.completedIndexes).toBe('0-39');
    const after = readFileSync(out, 'utf8').trim().split('\n').map(Number).slice(before.length);
    for (const index of after) expect(journaled.has(index)).toBe(false);
    expect(new Set([...before, ...after]).size).toBe(40);
  });

  test('a journal with another spec is not resumed without --force; an existing one is not overwritten', () => {
    const first = run(['--per-completion-env', 'A=1 2', '--', 'true']);
    expect(first.code).toBe(0);
    const changed = run(['--resume', '--per-completion-env', 'A=1 3', '--', 'true'], {
      state: first.state,
    });
    expect(changed.code).toBe(78);
    expect(changed.stderr).toMatch(
      /^ixjob: the work spec changed since .*journal\.jsonl was written .*--force to resume anyway \(--resume\)\n$/,
    );
    expect(
      run(['--resume', '--force', '--per-completion-env', 'A=1 3', '--', 'true'], {
        state: first.state,
      }).code,
    ).toBe(0);
    const again = run(['--per-completion-env', 'A=1 2', '--', 'true'], { state: first.state });
    expect(again.code).toBe(64);
    expect(again.stderr).toMatch(
      /holds an earlier run: --resume to carry on with it, --force to start over/,
    );
  });
});

describe('ixjob run: output', () => {
  test('--tag streams every line prefixed with its index', () => {
    const state = mkdtempSync(join(tmpdir(), 'ixjob-tag-'));
    const result = runPlain([
      '-q',
      '--tag',
      '--state',
      state,
      '--completions',
      '3',
      '--',
      'sh',
      '-c',
      'echo one; echo two >&2; printf last',
    ]);
    const tagged = result.stdout.split('\n').filter((line) => line.startsWith('['));
    for (const index of [0, 1, 2]) {
      expect(tagged).toContain(`[${index}]  one`);
      expect(tagged).toContain(`[${index}!] two`);
      expect(tagged).toContain(`[${index}]  last`);
    }
  });

  test('event lines when not on a terminal, nothing but the summary with --quiet', () => {
    const state = mkdtempSync(join(tmpdir(), 'ixjob-events-'));
    const loud = runPlain([
      '--state',
      state,
      '--completions',
      '2',
      '--parallelism',
      '1',
      '--',
      'true',
    ]);
    expect(loud.stderr.split('\n')).toEqual(
      expect.arrayContaining([
        'ixjob: index 0 attempt 0 started',
        'ixjob: index 1 attempt 0 started',
        expect.stringMatching(/^ixjob: 2 succeeded, 0 failed of 2 in /),
      ]),
    );
    const quiet = runPlain(['-q', '--force', '--state', state, '--completions', '2', '--', 'true']);
    expect(quiet.stderr).toBe('');
    expect(quiet.stdout).toMatch(/^Name: +true$/m);
  });

  test('a progress bar, redrawn in place, on a terminal', () => {
    const state = mkdtempSync(join(tmpdir(), 'ixjob-tty-'));
    // script(1) gives the run a pseudo-terminal, as a user's shell would.
    const command = `${IXJOB} run --state ${state} --completions 3 --parallelism 1 -- sleep 0.2`;
    const result = spawnSync('script', ['-qec', command, '/dev/null'], {
      env: ENV,
      encoding: 'utf8',
    });
    expect(result.status).toBe(0);
    const draws = result.stdout
      .split('\r\x1b[2K')
      .slice(1)
      .map((draw) => draw.split('\r')[0]);
    expect(draws.at(-1)).toMatch(/^\[=+\] 3 done, 0 failed, 0 running, 0 pending /);
    expect(draws.some((draw) => /1 running/.test(draw ?? ''))).toBe(true);
  });

  test('8 indexes × 50 MB of lines, every byte in the logs and in the tagged stream', () => {
    const state = mkdtempSync(join(tmpdir(), 'ixjob-volume-'));
    const size = 50 * 1024 * 1024;
    // Outside the state: a state directory holds nothing but ixjob's own files.
    const tagged = join(mkdtempSync(join(tmpdir(), 'ixjob-tagged-')), 'tagged.out');
    const fd = openSync(tagged, 'w');
    const result = runPlain(
      [
        '-q',
        '--tag',
        '--state',
        state,
        '--completions',
        '8',
        '--parallelism',
        '8',
        '--',
        'sh',
        '-c',
        `yes "line of index $JOB_COMPLETION_INDEX" | head -c ${size}`,
      ],
      { stdio: ['ignore', fd, 'pipe'] },
    );
    closeSync(fd);
    expect(result.status).toBe(0);
    const perIndex = (index: number) => {
      const line = `line of index ${index}\n`;
      return {
        lines: Math.floor(size / line.length),
        tail: line.slice(0, size % line.length),
        line,
      };
    };
    const logs = join(state, 'logs');
    for (let index = 0; index < 8; index++) {
      const { lines, tail, line } = perIndex(index);
      expect(statSync(join(logs, `${index}.0.log`)).size).toBe(size);
      const expected = createHash('sha256').update(line.repeat(lines)).update(tail).digest('hex');
      expect(
        createHash('sha256')
          .update(readFileSync(join(logs, `${index}.0.log`)))
          .digest('hex'),
      ).toBe(expected);
    }
    // The tagged stream, read in pieces: whole lines only, each with its index's prefix, all
    // there; the summary follows them. Checked by hand: an expect per line would take minutes.
    const counts = new Map<number, number>();
    const bad: string[] = [];
    const read = openSync(tagged, 'r');
    const buffer = Buffer.alloc(1 << 20);
    let carry = '';
    let summary = false;
    for (let got = readSync(read, buffer); got > 0; got = readSync(read, buffer)) {
      const lines = (carry + buffer.toString('latin1', 0, got)).split('\n');
      carry = lines.pop() ?? '';
      for (const line of lines) {
        if (!line.startsWith('[')) {
          summary = true;
          continue;
        }
        const index = line.charCodeAt(1) - 48;
        const { line: full, tail } = perIndex(index);
        const text = line.slice(5);
        if (summary || line.slice(2, 5) !== ']  ' || (text !== full.slice(0, -1) && text !== tail))
          bad.push(line);
        counts.set(index, (counts.get(index) ?? 0) + 1);
      }
    }
    closeSync(read);
    expect(bad.slice(0, 3)).toEqual([]);
    expect(carry).toBe('');
    for (let index = 0; index < 8; index++) {
      const { lines, tail } = perIndex(index);
      expect(counts.get(index)).toBe(lines + (tail === '' ? 0 : 1));
    }
    expect(existsSync(tagged)).toBe(true);
  }, 120_000);
});
