import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { ixjobSync } from '../support/ixjob-process.ts';
import { scratchDirs } from '../support/scratch-dirs.ts';

/**
 * `ixjob run` behaves as the cluster will: mistakes found before any attempt, with `ixjob
 * exec`'s line and code; the default pod failure policy the manifest will write; failures
 * named by their parameters; a resume refused when the job changed.
 */

const scratch = scratchDirs('run-as-cluster');

function run(state: string, args: string[]) {
  const result = ixjobSync(['run', '-q', '--state', state, ...args]);
  return { ...result, stdout: result.stdout.toString() };
}

describe('mistakes that would fail every index: one line before any attempt, as exec says it', () => {
  test.each([
    ['a variable set twice', ['--per-completion-env', 'A=1 2', '--per-completion-env', 'A=3 4']],
    ['a reserved name', ['--per-completion-env', 'IXJOB_INDEX=1 2']],
    ['an invalid index variable', ['--completions', '2', '--completion-index-var-name', '9X']],
    [
      'a clash with a parameter',
      ['--completion-index-var-name', 'A', '--per-completion-env', 'A=1 2'],
    ],
    ['a command that is not there', ['--completions', '2', '--', 'no-such-command-here']],
  ])('%s', (_name, args) => {
    const command = args.includes('--') ? [] : ['--', 'true'];
    const exec = ixjobSync(['--index', '0', ...args, ...command]);
    const state = join(scratch(), 'state');
    const local = run(state, [...args, ...command]);
    expect(exec.code).not.toBe(0);
    expect(exec.stderr).toMatch(/^ixjob: [^\n]+\n$/);
    expect([local.code, local.stderr]).toEqual([exec.code, exec.stderr]);
    expect(existsSync(state)).toBe(false);
  });

  test.each([
    ['an empty list', ['--per-completion-env', 'F=']],
    ['an empty file', ['--per-completion-env', 'F=@EMPTY']],
  ])('%s is not a job of 0 indexes (65)', (_name, args) => {
    const dir = scratch();
    writeFileSync(join(dir, 'empty.txt'), '');
    const given = args.map((arg) => arg.replace('EMPTY', join(dir, 'empty.txt')));
    const result = run(join(dir, 'state'), [...given, '--', 'true']);
    expect(result.code).toBe(65);
    expect(result.stderr).toMatch(/^ixjob: the work list is empty: [^\n]+\n$/);
  });
});

describe('the default pod failure policy is the manifest’s', () => {
  const failing = ['sh', '-c', 'echo "no such file: $FRUIT" >&2; exit 66'];
  const fruit = ['--per-completion-env', 'FRUIT=apple.txt banana.txt'];

  test('a non-retriable code fails the job at once; the summary names the failed parameters', () => {
    const result = run(join(scratch(), 'state'), [...fruit, '-o', 'json', '--', ...failing]);
    expect(result.code).toBe(1);
    const summary = JSON.parse(result.stdout);
    expect(summary.condition).toMatchObject({ type: 'Failed', reason: 'PodFailurePolicy' });
    // FailJob on the first failure: the other index is stopped or never started.
    const failed = summary.indexes.filter((i: { params?: object }) => i.params !== undefined);
    expect(failed.length).toBeGreaterThan(0);
    for (const index of failed) {
      expect(index.params).toEqual({ FRUIT: index.index === 0 ? 'apple.txt' : 'banana.txt' });
      expect(index.attempts).toHaveLength(1);
      expect(index.attempts[0]).toMatchObject({
        exitCode: 66,
        lastLine: expect.stringMatching(/^no such file: /),
      });
    }
  });

  test('with a limit per index it fails that index at once, named by its parameters', () => {
    const state = join(scratch(), 'state');
    const result = ixjobSync([
      'run',
      '--state',
      state,
      '--parallelism',
      '1',
      '--backoff-limit-per-index',
      '5',
      ...fruit,
      '--',
      'sh',
      '-c',
      '[ "$FRUIT" = apple.txt ] || { echo "cannot open $FRUIT" >&2; exit 66; }',
    ]);
    expect(result.code).toBe(1);
    const stdout = result.stdout.toString();
    expect(stdout).toMatch(
      /index 1 \(FRUIT=banana\.txt\): 1 attempt, last exit 66: cannot open banana\.txt/,
    );
    // The console's line for the failed attempt ends with its log's last line.
    expect(result.stderr).toMatch(/index 1 attempt 0 .*cannot open banana\.txt/);
  });

  test('--pod-failure-policy none retries every failure up to the limit, as Kubernetes’ default', () => {
    const state = join(scratch(), 'state');
    const result = run(state, [
      '--completions',
      '1',
      '--backoff-limit',
      '2',
      '--pod-failure-policy',
      'none',
      '-o',
      'json',
      '--',
      'sh',
      '-c',
      'exit 66',
    ]);
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout).indexes[0].attempts).toHaveLength(3);
  });
});

describe('a resume refuses another job', () => {
  test.each([
    ['another command', ['--', 'sh', '-c', 'exit 0'], /the command changed since/],
    ['another count', ['--completions', '3', '--', 'false'], /the work spec changed since/],
  ])('%s: 78 without --force', (_name, changed, message) => {
    const state = join(scratch(), 'state');
    expect(run(state, ['--completions', '2', '--backoff-limit', '0', '--', 'false']).code).toBe(1);
    const refused = run(state, [
      '--resume',
      ...(changed[0] === '--' ? ['--completions', '2'] : []),
      ...changed,
    ]);
    expect(refused.code).toBe(78);
    expect(refused.stderr).toMatch(message);
    expect(refused.stderr).toMatch(/--force to resume anyway \(--resume\)\n$/);
  });
});

describe('--force starts a new job', () => {
  test('the summary holds only the new run’s attempts, each with a log of its own', () => {
    const state = join(scratch(), 'state');
    const failing = ['--completions', '1', '--backoff-limit', '1', '--pod-failure-policy', 'none'];
    expect(run(state, [...failing, '--', 'false']).code).toBe(1);
    const again = run(state, ['--force', '--completions', '1', '-o', 'json', '--', 'true']);
    expect(again.code).toBe(0);
    const summary = JSON.parse(again.stdout);
    expect(summary.indexes[0].attempts).toEqual([
      expect.objectContaining({ attempt: 0, exitCode: 0, log: join(state, 'logs/0.0.log') }),
    ]);
    expect(summary.status).toMatchObject({ succeeded: 1, failed: 0 });
  });
});
