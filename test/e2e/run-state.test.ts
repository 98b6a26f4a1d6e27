import { spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statfsSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, onTestFinished, test } from 'vitest';
import { exited, ixjobRun, journal, sleep, startRun } from '../support/quiet-run.ts';
import { scratchDirs } from '../support/scratch-dirs.ts';

/**
 * `ixjob run`'s state survives anything: kill -9 at any moment, two runners at once, a full
 * disk, a `--state` or `--name` that points somewhere else. Real processes throughout.
 */

const scratch = scratchDirs('run-state');

/** A tree's paths, sorted: to show a refused run touched nothing. */
const tree = (dir: string): string[] =>
  readdirSync(dir, { recursive: true, encoding: 'utf8' }).sort();

/** Mounts a tmpfs at `dir` for this test; `false` where that is not permitted. */
function mountTmpfs(dir: string, options: string): boolean {
  if (spawnSync('mount', ['-t', 'tmpfs', '-o', options, 'tmpfs', dir]).status !== 0) return false;
  onTestFinished(() => {
    spawnSync('umount', ['-l', dir]);
  });
  return true;
}

describe('ixjob run: --state and --name reach only what is ixjob’s', () => {
  test.each([
    ['--force --state .', ['--force', '--state', '.'], 'work'],
    ['--force --state ..', ['--force', '--state', '..'], 'work'],
    ['--state . without --force', ['--state', '.'], 'work'],
  ])('%s in a working directory: 64 in one line, nothing removed', (_name, flags, sub) => {
    const root = scratch();
    const cwd = join(root, sub);
    mkdirSync(join(cwd, 'src'), { recursive: true });
    writeFileSync(join(cwd, 'src', 'main.ts'), 'code');
    writeFileSync(join(root, 'precious.txt'), 'keep');
    const before = tree(root);
    const result = ixjobRun([...flags, '--completions', '1', '--', 'true'], { cwd });
    expect(result.code).toBe(64);
    expect(result.stderr).toMatch(
      /^ixjob: .* is neither empty nor an ixjob state \(it holds ".*"\): name a new or empty directory \(--state\)\n$/,
    );
    expect(tree(root)).toEqual(before);
  });

  test('an empty directory is fine to use, and --force on it later removes only what ixjob wrote', () => {
    const root = scratch();
    const state = join(root, 'state');
    mkdirSync(state);
    expect(ixjobRun(['--state', state, '--completions', '2', '--', 'true']).code).toBe(0);
    expect(ixjobRun(['--force', '--state', state, '--completions', '2', '--', 'true']).code).toBe(
      0,
    );
    expect(journal(state).filter((r) => r.event === 'job')).toHaveLength(1);
  });

  test.each(['../..', '..', '.', 'a/b', ''])(
    '--name %j: 64, nothing made outside .ixjob/',
    (name) => {
      const cwd = scratch();
      const result = ixjobRun(['--name', name, '--completions', '1', '--', 'true'], { cwd });
      expect(result.code).toBe(64);
      expect(result.stderr).toMatch(
        /must be one path segment: no '\/', not '\.' or '\.\.' \(--name\)\n$/,
      );
      expect(tree(cwd)).toEqual([]);
    },
  );

  test.each([
    [
      'a regular file',
      (dir: string) => writeFileSync(join(dir, 'state'), 'x'),
      'the state is not a directory',
    ],
    [
      'a state whose journal is a directory',
      (dir: string) => mkdirSync(join(dir, 'state', 'journal.jsonl'), { recursive: true }),
      'the journal is not a file',
    ],
  ])('--state naming %s: 73 in one line', (_name, make, message) => {
    const dir = scratch();
    make(dir);
    const result = ixjobRun(['--state', join(dir, 'state'), '--completions', '1', '--', 'true']);
    expect(result.code).toBe(73);
    expect(result.stderr).toMatch(new RegExp(`^ixjob: ${message} \\(.*\\)\\n$`));
  });

  test('a read-only state directory: 73 in one line', (context) => {
    const dir = scratch();
    if (!mountTmpfs(dir, 'size=64k,ro'))
      context.skip('mount -t tmpfs is not permitted: needs root');
    const result = ixjobRun(['--state', dir, '--completions', '1', '--', 'true']);
    expect(result.code).toBe(73);
    expect(result.stderr).toMatch(
      /^ixjob: cannot write the state: read-only file system \(EROFS\) \(.*\)\n$/,
    );
  });
});

describe('ixjob run: the journal', () => {
  test('a torn last line is cut off before the next record, and the job resumes', () => {
    const state = join(scratch(), 'state');
    expect(ixjobRun(['--state', state, '--completions', '3', '--', 'true']).code).toBe(0);
    const whole = journal(state).length;
    writeFileSync(
      join(state, 'journal.jsonl'),
      `${readFileSync(join(state, 'journal.jsonl'), 'utf8')}{"v":1,"event":"attem`,
    );
    expect(ixjobRun(['--resume', '--state', state, '--completions', '3', '--', 'true']).code).toBe(
      0,
    );
    const records = journal(state);
    expect(records.length).toBeGreaterThan(whole);
    for (const record of records) expect(record.v).toBe(1);
  });

  test('a malformed line in the middle: 65, naming the line', () => {
    const state = join(scratch(), 'state');
    expect(ixjobRun(['--state', state, '--completions', '3', '--', 'true']).code).toBe(0);
    const lines = readFileSync(join(state, 'journal.jsonl'), 'utf8').split('\n');
    lines.splice(2, 0, '{"v":1,"event":"nonsense"}');
    writeFileSync(join(state, 'journal.jsonl'), lines.join('\n'));
    const result = ixjobRun(['--resume', '--state', state, '--completions', '3', '--', 'true']);
    expect(result.code).toBe(65);
    expect(result.stderr).toMatch(
      /^ixjob: the journal has a line that is not a record .* \(.*journal\.jsonl:3\)\n$/,
    );
  });

  test('a journal of an earlier ixjob: one line saying so; --force starts over', () => {
    const state = join(scratch(), 'state');
    mkdirSync(state);
    writeFileSync(
      join(state, 'journal.jsonl'),
      '{"event":"job","name":"true","completions":1,"digest":null,"startedAt":1,"argv":["true"]}\n{"event":"attempt-started","index":0,"at":2}\n',
    );
    const result = ixjobRun(['--resume', '--state', state, '--completions', '1', '--', 'true']);
    expect(result.code).toBe(65);
    expect(result.stderr).toMatch(
      /^ixjob: the journal was written by an earlier ixjob, in a format this one cannot resume: --force to start over \(.*journal\.jsonl:1\)\n$/,
    );
    expect(ixjobRun(['--force', '--state', state, '--completions', '1', '--', 'true']).code).toBe(
      0,
    );
  });

  test('a full disk: one line and 73, the journal whole, and the job completes once there is room', (context) => {
    const dir = scratch();
    if (!mountTmpfs(dir, 'size=256k')) context.skip('mount -t tmpfs is not permitted: needs root');
    const state = join(dir, 'state');
    const filler = join(dir, 'filler');
    const { bavail, bsize } = statfsSync(dir);
    // Room for the start of the job and some of its records, not all of them.
    writeFileSync(filler, Buffer.alloc(bavail * bsize - 3 * bsize));
    const args = ['--state', state, '--completions', '200', '--parallelism', '4', '--', 'true'];
    const full = ixjobRun(args);
    expect(full.code).toBe(73);
    expect(full.stderr).toMatch(
      /^ixjob: cannot write (the journal|a log|the state|the logs): no space left on device \(ENOSPC\) \(.*\)\n$/,
    );
    journal(state);
    expect(existsSync(join(state, 'lock'))).toBe(false);
    rmSync(filler);
    const resumed = ixjobRun(['--resume', ...args]);
    expect(resumed.stderr).toBe('');
    expect(resumed.code).toBe(0);
    const succeeded = new Set(
      journal(state)
        .filter((r) => r.event === 'attempt-ended' && r.end?.exitCode === 0)
        .map((r) => r.index),
    );
    expect(succeeded.size).toBe(200);
  });
});

describe('ixjob run: one runner per state', () => {
  test('a second --resume while one runs is refused in one line naming the holder; once it ends, --resume works', async () => {
    const state = join(mkdtempSync(join(tmpdir(), 'ixjob-lock-')), 'state');
    onTestFinished(() => rmSync(state, { recursive: true, force: true }));
    const args = [
      '--state',
      state,
      '--completions',
      '6',
      '--parallelism',
      '2',
      '--',
      'sleep',
      '0.3',
    ];
    const first = startRun(args);
    for (let tries = 0; tries < 100 && !existsSync(join(state, 'lock')); tries++) await sleep(20);
    const second = ixjobRun(['--resume', ...args]);
    expect(second.code).toBe(73);
    expect(second.stderr).toMatch(
      new RegExp(
        `^ixjob: the state is in use by process ${first.pid} \\(.*ixjob.* run .*\\) \\(${state}\\)\\n$`,
      ),
    );
    expect(await exited(first)).toBe(0);
    expect(existsSync(join(state, 'lock'))).toBe(false);
    const indexes = journal(state)
      .filter((r) => r.event === 'attempt-started')
      .map((r) => r.index);
    expect(indexes).toEqual([...new Set(indexes)]);
    expect(ixjobRun(['--resume', ...args]).code).toBe(0);
  });

  test('a lock left by a runner killed with -9 is taken over', async () => {
    const state = join(scratch(), 'state');
    const args = ['--state', state, '--completions', '4', '--', 'sleep', '0.2'];
    const first = startRun(args);
    for (let tries = 0; tries < 100 && !existsSync(join(state, 'lock')); tries++) await sleep(20);
    first.kill('SIGKILL');
    await exited(first);
    expect(existsSync(join(state, 'lock'))).toBe(true);
    const resumed = ixjobRun(['--resume', ...args]);
    expect(resumed.stderr).toBe('');
    expect(resumed.code).toBe(0);
    expect(existsSync(join(state, 'lock'))).toBe(false);
  });
});
