import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatPodinfoMap, nodeFiles } from '@ixjob/sdk/internal';
import { describe, expect, test } from 'vitest';
import { podinfoVolume } from '../../../../test/support/podinfo-tree.ts';
import { PODINFO_CAP, readPodinfo } from '../../src/podinfo/read-podinfo.ts';

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

describe('readPodinfo: only regular files, at most PODINFO_CAP bytes', () => {
  /** A well-formed annotations file of exactly `bytes` bytes. */
  const big = (bytes: number) => {
    const head = `${INDEX}="3"\nk="`;
    return `${head}${'a'.repeat(bytes - head.length - 1)}"`;
  };
  /** Lays out a podinfo directory by hand: `annotations` is what `make` puts there. */
  const podinfoDir = (make: (path: string) => void) => {
    const dir = mkdtempSync(join(tmpdir(), 'ixjob-podinfo-special-'));
    make(join(dir, 'annotations'));
    return dir;
  };
  test.each<[string, (path: string) => void, string, string]>([
    [
      'a directory named annotations',
      (path) => mkdirSync(path),
      'noinput',
      'is a directory, not a downward-API file',
    ],
    [
      'a FIFO named annotations',
      (path) => execFileSync('mkfifo', [path]),
      'noinput',
      'is a FIFO, not a regular file',
    ],
    [
      'annotations one byte over the cap',
      (path) => writeFileSync(path, big(PODINFO_CAP.bytes + 1)),
      'data',
      'a downward-API file is over 4 MiB, the most ixjob reads',
    ],
  ])('%s', (_name, make, kind, message) => {
    const dir = podinfoDir(make);
    for (const namedBy of ['--podinfo', undefined])
      expect(() => readPodinfo(dir, namedBy, nodeFiles)).toThrow(
        expect.objectContaining({
          kind,
          where: join(dir, 'annotations'),
          message: expect.stringContaining(message),
        }),
      );
  });

  test('annotations of exactly the cap are read', () => {
    const dir = podinfoDir((path) => writeFileSync(path, big(PODINFO_CAP.bytes)));
    expect(readPodinfo(dir, '--podinfo', nodeFiles).indexes).toMatchObject([{ index: 3 }]);
  });

  test.each([
    ['/dev/null', 'is a character device, not a regular file'],
    ['/dev/zero', 'is a character device, not a regular file'],
  ])('%s as the podinfo path: 66', (path, message) => {
    expect(() => readPodinfo(path, '--podinfo', nodeFiles)).toThrow(
      expect.objectContaining({ kind: 'noinput', message: expect.stringContaining(message) }),
    );
  });
});
