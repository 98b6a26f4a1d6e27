import { describe, expect, test } from 'vitest';
import { closest, editDistance, orList } from '../../src/cli/did-you-mean.ts';

describe('editDistance', () => {
  test.each([
    ['', '', 0],
    ['run', 'run', 0],
    ['rnu', 'run', 1],
    ['ru', 'run', 1],
    ['runn', 'run', 1],
    ['rum', 'run', 1],
    ['kitten', 'sitting', 3],
    ['paralelism', 'parallelism', 1],
    ['', 'exec', 4],
  ])('%s → %s: %i', (a, b, distance) => {
    expect(editDistance(a, b)).toBe(distance);
    expect(editDistance(b, a)).toBe(distance);
  });
});

describe('closest', () => {
  const commands = ['exec', 'resolve', 'run', 'index', 'install', 'help'];
  test.each([
    ['rnu', ['run']],
    ['exce', ['exec']],
    ['resovle', ['resolve']],
    ['isntall', ['install']],
    ['hlep', ['help']],
    ['indx', ['index']],
    ['inst', ['install']],
    ['in', ['index', 'install']],
    ['x', []],
    ['r', []],
    ['ls', []],
    ['python', []],
    ['kubectl', []],
  ])('%s → %j', (word, expected) => {
    expect(closest(word, commands)).toEqual(expected);
  });
});

test.each([
  [[], ''],
  [['a'], "'a'"],
  [['a', 'b'], "'a' or 'b'"],
  [['a', 'b', 'c'], "'a', 'b' or 'c'"],
])('orList(%j)', (words, text) => {
  expect(orList(words)).toBe(text);
});
