import { join } from 'node:path';
import { formatPodinfoMap, nodeFiles } from '@ixjob/sdk';
import { describe, expect, test } from 'vitest';
import { podinfoVolume } from '../../../../test/support/podinfo-tree.ts';
import { readPodinfo } from '../../src/podinfo/read-podinfo.ts';

const INDEX = 'batch.kubernetes.io/job-completion-index';
const FAILURES = 'batch.kubernetes.io/job-index-failure-count';

describe('readPodinfo on a real kubelet-style volume (..data symlinks)', () => {
  test.each([
    [
      'annotations with index and failure count',
      { annotations: formatPodinfoMap({ [INDEX]: '4', [FAILURES]: '2', 'x/y': 'z' }) },
      [[4, 'annotations:1']],
      [[2, 'annotations:2']],
    ],
    [
      'labels only (1.28+)',
      { labels: formatPodinfoMap({ [INDEX]: '4', 'job-name': 'render' }) },
      [[4, 'labels:1']],
      [],
    ],
    [
      'both files',
      {
        annotations: formatPodinfoMap({ [INDEX]: '4' }),
        labels: formatPodinfoMap({ [INDEX]: '4' }),
      },
      [
        [4, 'annotations:1'],
        [4, 'labels:1'],
      ],
      [],
    ],
    [
      'single-key items',
      { 'job-completion-index': '9', 'job-index-failure-count': '1' },
      [[9, 'job-completion-index']],
      [[1, 'job-index-failure-count']],
    ],
    ['annotations without the key', { annotations: formatPodinfoMap({ 'x/y': '1' }) }, [], []],
    ['an empty annotations file', { annotations: '' }, [], []],
  ])('%s', (_name, files, indexes, attempts) => {
    const dir = podinfoVolume(files);
    const facts = readPodinfo(dir, '--podinfo', nodeFiles);
    expect(facts.indexes.map((r) => [r.index, r.where.slice(dir.length + 1)])).toEqual(indexes);
    expect(facts.attempts.map((r) => [r.attempt, r.where.slice(dir.length + 1)])).toEqual(attempts);
  });

  test('a single file path holding a bare value is the index', () => {
    const dir = podinfoVolume({ index: '12' });
    expect(readPodinfo(join(dir, 'index'), '--podinfo', nodeFiles).indexes).toMatchObject([
      { index: 12 },
    ]);
  });

  test('a missing default path is no source; a named one is an error', () => {
    expect(readPodinfo('/nonexistent/podinfo', undefined, nodeFiles)).toEqual({
      indexes: [],
      attempts: [],
    });
    expect(() => readPodinfo('/nonexistent/podinfo', '--podinfo', nodeFiles)).toThrow(
      expect.objectContaining({ kind: 'noinput', where: '--podinfo' }),
    );
  });

  test('a named directory without podinfo files is an error', () => {
    const dir = podinfoVolume({ other: 'x' });
    expect(() => readPodinfo(dir, '--podinfo', nodeFiles)).toThrow(
      expect.objectContaining({ kind: 'noinput' }),
    );
  });

  test('a non-numeric index value names its file and line', () => {
    const dir = podinfoVolume({ annotations: formatPodinfoMap({ a: '1', [INDEX]: 'seven' }) });
    expect(() => readPodinfo(dir, undefined, nodeFiles)).toThrow(
      expect.objectContaining({ kind: 'data', where: `${dir}/annotations:2` }),
    );
  });
});
