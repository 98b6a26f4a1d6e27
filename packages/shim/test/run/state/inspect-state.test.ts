import * as fs from 'node:fs';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { scratchDirs } from '../../../../../test/support/scratch-dirs.ts';
import {
  type InspectFs,
  inspectState,
  type StateKind,
} from '../../../src/run/state/inspect-state.ts';
import { makeTree } from './state-tree.fixtures.ts';

const scratch = scratchDirs('inspect-state');

describe('inspectState: an ixjob state, or something else', () => {
  test.each<[string, string[], StateKind]>([
    ['an empty directory', [], { kind: 'empty' }],
    [
      'a state after a run',
      ['journal.jsonl', 'logs/0.0.log', 'logs/12.3.log', 'podinfo/0/annotations', 'lock'],
      { kind: 'state', journal: true },
    ],
    ['a state with no logs yet', ['journal.jsonl', 'logs/'], { kind: 'state', journal: true }],
    ['a runner killed before its journal', ['lock', 'logs/'], { kind: 'state', journal: false }],
    [
      'lock files left by a runner killed while taking the lock',
      ['journal.jsonl', 'lock.123.0af3', 'lock.123.0af3.stale'],
      { kind: 'state', journal: true },
    ],
    ['a file of the user', ['journal.jsonl', 'notes.txt'], { kind: 'foreign', entry: 'notes.txt' }],
    [
      'a working directory',
      ['src/main.ts', 'package.json'],
      { kind: 'foreign', entry: 'package.json' },
    ],
    [
      'a file of the user in logs',
      ['journal.jsonl', 'logs/notes.txt'],
      { kind: 'foreign', entry: 'logs/notes.txt' },
    ],
    [
      'a folder in logs',
      ['journal.jsonl', 'logs/0.0.log/'],
      { kind: 'foreign', entry: 'logs/0.0.log' },
    ],
    ['logs as a link', ['journal.jsonl', 'logs -> /'], { kind: 'foreign', entry: 'logs' }],
    [
      'a log as a link',
      ['journal.jsonl', 'logs/0.0.log -> /etc/passwd'],
      { kind: 'foreign', entry: 'logs/0.0.log' },
    ],
    [
      'podinfo with something else',
      ['journal.jsonl', 'podinfo/0/secrets'],
      { kind: 'foreign', entry: 'podinfo/0/secrets' },
    ],
    ['a file named like the lock, but a folder', ['lock/'], { kind: 'foreign', entry: 'lock' }],
  ])('%s', (_name, paths, expected) => {
    const dir = scratch();
    makeTree(dir, paths);
    expect(inspectState(dir)).toEqual(expected);
  });

  test.each<[string, string, StateKind]>([
    ['an ixjob journal', '{"v":1,"event":"job"}\n{"v":1', { kind: 'state', journal: true }],
    [
      'a journal of an earlier format (so --force can start over)',
      '{"event":"job","startedAt":1}\n',
      { kind: 'state', journal: true },
    ],
    ['an empty journal', '', { kind: 'state', journal: true }],
    ['a journal torn in its first line', '{"v":1,"event":"jo', { kind: 'state', journal: true }],
    [
      'a first line longer than a read',
      `{"v":1,"event":"job","x":"${'x'.repeat(100_000)}"}\n`,
      { kind: 'state', journal: true },
    ],
    ['a file that is not a journal', 'hello\nworld\n', { kind: 'foreign', entry: 'journal.jsonl' }],
    ['JSON of something else', '{"event":"run"}\n', { kind: 'foreign', entry: 'journal.jsonl' }],
  ])('a journal.jsonl holding %s', (_name, text, expected) => {
    const dir = scratch();
    writeFileSync(join(dir, 'journal.jsonl'), text);
    expect(inspectState(dir)).toEqual(expected);
  });

  test('a missing directory', () => {
    expect(inspectState(join(scratch(), 'new'))).toEqual({ kind: 'missing' });
  });

  test('a path that is a file: 73', () => {
    const path = join(scratch(), 'file');
    writeFileSync(path, '');
    expect(() => inspectState(path)).toThrow(
      expect.objectContaining({
        kind: 'cannot-create',
        where: path,
        message: 'the state is not a directory',
      }),
    );
  });

  test('a journal that is a directory: 73', () => {
    const dir = scratch();
    mkdirSync(join(dir, 'journal.jsonl'));
    expect(() => inspectState(dir)).toThrow(
      expect.objectContaining({
        kind: 'cannot-create',
        where: join(dir, 'journal.jsonl'),
        message: 'the journal is not a file',
      }),
    );
  });
});

describe('inspectState: a state this user cannot read is 73 in one line, never 70', () => {
  const denied = (syscall: string, path: string) =>
    Object.assign(new Error(`EACCES: permission denied, ${syscall} '${path}'`), {
      code: 'EACCES',
      syscall,
      path,
    });
  test.each<[string, string, () => InspectFs, (dir: string) => string]>([
    [
      'an unreadable state directory (chmod 000)',
      'readdirSync',
      () => ({
        ...fs,
        readdirSync: ((path: string) => {
          throw denied('scandir', path);
        }) as InspectFs['readdirSync'],
      }),
      (dir) => dir,
    ],
    [
      'an unreadable journal',
      'openSync',
      () => ({
        ...fs,
        openSync: ((path: string) => {
          throw denied('open', path);
        }) as InspectFs['openSync'],
      }),
      (dir) => join(dir, 'journal.jsonl'),
    ],
  ])('%s (%s fails)', (_name, _syscall, io, where) => {
    const dir = scratch();
    makeTree(dir, ['journal.jsonl', 'logs/']);
    expect(() => inspectState(dir, io())).toThrow(
      expect.objectContaining({
        kind: 'cannot-create',
        where: where(dir),
        message: 'cannot read the state: permission denied (EACCES)',
      }),
    );
  });
});
