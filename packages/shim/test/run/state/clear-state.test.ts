import { describe, expect, test } from 'vitest';
import { scratchDirs } from '../../../../../test/support/scratch-dirs.ts';
import { clearState } from '../../../src/run/state/clear-state.ts';
import { listTree, makeTree } from './state-tree.fixtures.ts';

const scratch = scratchDirs('clear-state');

describe('clearState: what ixjob wrote, and nothing else', () => {
  test.each<[string, string[], string[], string[]?]>([
    [
      'a whole state, but the lock (held by the caller) and lock files in progress',
      [
        'journal.jsonl',
        'logs/0.0.log',
        'logs/1.2.log',
        'podinfo/3/annotations',
        'lock',
        'lock.9.ab',
      ],
      ['lock', 'lock.9.ab'],
    ],
    [
      'a file of the user that appeared since the state was inspected, and its folder',
      ['journal.jsonl', 'logs/0.0.log', 'logs/mine.txt', 'notes.txt'],
      ['logs/', 'logs/mine.txt', 'notes.txt'],
    ],
    [
      'never through a link',
      ['journal.jsonl', 'elsewhere/0.0.log', 'logs -> elsewhere'],
      ['elsewhere/', 'elsewhere/0.0.log', 'logs'],
    ],
    [
      'only what is asked for',
      ['journal.jsonl', 'logs/0.0.log', 'podinfo/3/annotations'],
      ['journal.jsonl', 'logs/', 'logs/0.0.log'],
      ['podinfo'],
    ],
  ])('%s', (_name, before, after, only) => {
    const dir = scratch();
    makeTree(dir, before);
    clearState(dir, only);
    expect(listTree(dir)).toEqual(after);
  });
});
