import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { scratchDirs } from '../../../../../test/support/scratch-dirs.ts';
import { openRunState } from '../../../src/run/state/open-state.ts';
import { ended, job, lines, run, started } from '../journal/records.fixtures.ts';
import { mountTmpfs } from '../journal/tmpfs.fixtures.ts';
import { listTree, makeTree } from './state-tree.fixtures.ts';

const scratch = scratchDirs('open-state');
const open = (dir: string, flags: { resume?: boolean; force?: boolean } = {}) =>
  openRunState({
    dir,
    resume: flags.resume ?? false,
    force: flags.force ?? false,
    where: '--state',
  });

/** A state after a run that was killed with index 1's attempt 0 running. */
function killedState(): string {
  const dir = scratch();
  makeTree(dir, ['logs/0.0.log', 'logs/1.0.log', 'logs/2.0.log']);
  writeFileSync(join(dir, 'logs', '2.0.log'), '');
  writeFileSync(
    join(dir, 'journal.jsonl'),
    lines(job, run(100), started(0, 0), ended(0, 0), started(1, 0)),
  );
  return dir;
}

describe('openRunState', () => {
  test('a new directory is made, locked, and has a logs folder', () => {
    const dir = join(scratch(), '.ixjob', 'job');
    const state = open(dir);
    expect(listTree(dir)).toEqual(['lock', 'logs/']);
    expect(state.records).toEqual([]);
    expect(state.journalPath).toBe(join(dir, 'journal.jsonl'));
    state.release();
    expect(listTree(dir)).toEqual(['logs/']);
  });

  test('an empty directory is used', () => {
    const dir = scratch();
    open(dir).release();
    expect(listTree(dir)).toEqual(['logs/']);
  });

  test.each([
    ['--state . in a working directory', ['src/main.ts', 'README.md'], {}],
    ['--force --state . in a working directory', ['src/main.ts', 'README.md'], { force: true }],
    [
      '--force --state .. (a parent holding other things)',
      ['work/journal.jsonl', 'other.txt'],
      { force: true },
    ],
    ['--resume on a directory of the user', ['data.csv'], { resume: true }],
  ])('%s: refused with 64, nothing touched', (_name, paths, flags) => {
    const dir = scratch();
    makeTree(dir, paths);
    const before = listTree(dir);
    expect(() => open(dir, flags)).toThrow(
      expect.objectContaining({
        kind: 'usage',
        where: '--state',
        message: expect.stringMatching(
          `^${dir} is neither empty nor an ixjob state \\(it holds ".*"\\): name a new or empty directory$`,
        ),
      }),
    );
    expect(listTree(dir)).toEqual(before);
  });

  test('an earlier run is not overwritten without --resume or --force; the lock is released', () => {
    const dir = killedState();
    expect(() => open(dir)).toThrow(
      expect.objectContaining({
        kind: 'usage',
        message: `${join(dir, 'journal.jsonl')} holds an earlier run: --resume to carry on with it, --force to start over`,
      }),
    );
    expect(listTree(dir)).not.toContain('lock');
  });

  test('--force starts over: only what ixjob wrote is removed, the directory stays', () => {
    const dir = killedState();
    const state = open(dir, { force: true });
    expect(state.records).toEqual([]);
    expect(listTree(dir)).toEqual(['lock', 'logs/']);
    state.release();
  });

  test('--resume reads the journal; empty logs of attempts never started are removed, others kept', () => {
    const dir = killedState();
    const state = open(dir, { resume: true });
    expect(state.records).toHaveLength(5);
    expect(state.point.unfinished).toEqual([{ index: 1, attempt: 0 }]);
    expect(listTree(dir)).toEqual([
      'journal.jsonl',
      'lock',
      'logs/',
      'logs/0.0.log',
      'logs/1.0.log',
    ]);
    state.release();
  });

  test('--resume --force keeps the journal (the changed spec is the caller’s to accept)', () => {
    const dir = killedState();
    const state = open(dir, { resume: true, force: true });
    expect(state.records).toHaveLength(5);
    state.release();
  });

  test('a second runner on the same state is refused while the first holds it', () => {
    const dir = killedState();
    const first = open(dir, { resume: true });
    expect(() => open(dir, { resume: true })).toThrow(
      expect.objectContaining({
        kind: 'cannot-create',
        message: expect.stringMatching(/^the state is in use by process \d+/),
      }),
    );
    first.release();
    open(dir, { resume: true }).release();
  });

  test('a malformed journal on --resume: 65 naming the line, lock released', () => {
    const dir = scratch();
    writeFileSync(join(dir, 'journal.jsonl'), `${lines(job)}garbage\n`);
    expect(() => open(dir, { resume: true })).toThrow(
      expect.objectContaining({ kind: 'data', where: `${join(dir, 'journal.jsonl')}:2` }),
    );
    expect(listTree(dir)).toEqual(['journal.jsonl']);
  });

  test.each([
    [
      'a path that is a file',
      (dir: string) => {
        writeFileSync(join(dir, 'state'), 'x');
        return join(dir, 'state');
      },
      'the state is not a directory',
    ],
    [
      'a journal that is a directory',
      (dir: string) => {
        mkdirSync(join(dir, 'journal.jsonl'));
        return dir;
      },
      'the journal is not a file',
    ],
    [
      'a state below a file',
      (dir: string) => {
        writeFileSync(join(dir, 'file'), 'x');
        return join(dir, 'file', 'state');
      },
      /^cannot write the state: not a directory \(ENOTDIR\)$/,
    ],
  ])('%s: 73', (_name, make, message) => {
    const dir = make(scratch());
    expect(() => open(dir, { force: true })).toThrow(
      expect.objectContaining({
        kind: 'cannot-create',
        message: typeof message === 'string' ? message : expect.stringMatching(message),
      }),
    );
  });

  test('a read-only state directory: 73', (context) => {
    const dir = scratch();
    if (!mountTmpfs(dir, 'size=64k,ro'))
      context.skip('mount -t tmpfs is not permitted here: the read-only test needs root');
    expect(() => open(dir)).toThrow(
      expect.objectContaining({
        kind: 'cannot-create',
        message: 'cannot write the state: read-only file system (EROFS)',
      }),
    );
  });

  test('a journal of an earlier ixjob: --resume is refused in one line, --force starts over', () => {
    const dir = scratch();
    writeFileSync(join(dir, 'journal.jsonl'), '{"event":"job","startedAt":1,"argv":["true"]}\n');
    expect(() => open(dir, { resume: true })).toThrow(
      expect.objectContaining({
        kind: 'data',
        message: expect.stringMatching(/earlier ixjob.*--force to start over$/),
      }),
    );
    open(dir, { force: true }).release();
    expect(listTree(dir)).toEqual(['logs/']);
    expect(() => readFileSync(join(dir, 'journal.jsonl'))).toThrow();
  });
});
