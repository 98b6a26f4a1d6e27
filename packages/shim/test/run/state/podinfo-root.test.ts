import * as fs from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { scratchDirs } from '../../../../../test/support/scratch-dirs.ts';
import {
  makePodinfoRoot,
  type PodinfoIo,
  removePodinfoRoot,
  sweepPodinfoRoots,
} from '../../../src/run/state/podinfo-root.ts';
import type { ProcessTable } from '../../../src/run/state/process-identity.ts';
import { listTree, makeTree } from './state-tree.fixtures.ts';

const scratch = scratchDirs('podinfo-root');

/** Processes 10 (started at 500) and 11 (start unknown) run; every other pid is free. */
const processes: ProcessTable = {
  startTime: (pid) => (pid === 10 ? '500' : pid === 11 ? null : undefined),
  commandLine: () => undefined,
  host: 'here',
};
const io = (uid: number | undefined = process.getuid?.()): PodinfoIo => ({
  fs,
  processes,
  self: { pid: 10, start: '500', host: 'here' },
  uid,
});

describe('sweepPodinfoRoots: dead runners’ podinfo, nothing else', () => {
  test('removes the folders of runners that are gone, keeps everything else', () => {
    const shm = scratch();
    makeTree(shm, [
      'ixjob-10-500-aB3dE9/0/annotations',
      'ixjob-10-499-aB3dE9/0/annotations',
      'ixjob-12-500-xyz123/0/annotations',
      'ixjob-11-x-abcdef/',
      'ixjob-13-x-abcdef/',
      'ixjob-AbCdEf/0/annotations',
      'ixjob-14-1-abcdef',
      'ixjob-15-1-abcdef -> ixjob-AbCdEf',
      'ixjob-16-1-abcdefg/',
      'other/',
    ]);
    expect(sweepPodinfoRoots(shm, io()).sort()).toEqual(
      ['ixjob-10-499-aB3dE9', 'ixjob-12-500-xyz123', 'ixjob-13-x-abcdef'].map((n) => join(shm, n)),
    );
    expect(listTree(shm).filter((p) => !p.includes('/') || p.endsWith('/'))).toEqual([
      'ixjob-10-500-aB3dE9/',
      'ixjob-10-500-aB3dE9/0/',
      'ixjob-11-x-abcdef/',
      'ixjob-14-1-abcdef',
      'ixjob-15-1-abcdef',
      'ixjob-16-1-abcdefg/',
      'ixjob-AbCdEf/',
      'ixjob-AbCdEf/0/',
      'other/',
    ]);
  });

  test('another user’s folders stay', () => {
    const shm = scratch();
    makeTree(shm, ['ixjob-12-500-xyz123/']);
    expect(sweepPodinfoRoots(shm, io(12345))).toEqual([]);
  });

  test('no tmpfs: nothing to do', () => {
    expect(sweepPodinfoRoots(join(scratch(), 'none'), io())).toEqual([]);
  });
});

describe('makePodinfoRoot', () => {
  test('on tmpfs, named after its runner, so a sweep can tell it is alive; removed at the end', () => {
    const shm = scratch();
    const root = makePodinfoRoot(scratch(), shm, io());
    expect(root).toMatch(new RegExp(`^${shm}/ixjob-10-500-[A-Za-z0-9]{6}$`));
    expect(sweepPodinfoRoots(shm, io())).toEqual([]);
    removePodinfoRoot(root, shm);
    expect(fs.readdirSync(shm)).toEqual([]);
  });

  test('without tmpfs, in the state, a dead run’s podinfo cleared first; left there at the end', () => {
    const state = scratch();
    makeTree(state, ['journal.jsonl', 'podinfo/3/annotations']);
    const root = makePodinfoRoot(state, join(scratch(), 'none'), io());
    expect(root).toBe(join(state, 'podinfo'));
    expect(listTree(state)).toEqual(['journal.jsonl']);
    fs.mkdirSync(root);
    removePodinfoRoot(root);
    expect(listTree(state)).toEqual(['journal.jsonl', 'podinfo/']);
  });

  test('a root it did not make is never removed', () => {
    const shm = scratch();
    makeTree(shm, ['ixjob-other/']);
    removePodinfoRoot(join(shm, 'ixjob-other'), shm);
    expect(fs.readdirSync(shm)).toEqual(['ixjob-other']);
  });
});
