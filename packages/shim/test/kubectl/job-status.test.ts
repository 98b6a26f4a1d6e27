import { describe, expect, test } from 'vitest';
import {
  type ClusterPod,
  exitCodeOf,
  failedPods,
  statusText,
} from '../../src/kubectl/job-status.ts';

const pod = (
  name: string,
  index: number,
  phase: string,
  at: string,
  exitCode?: number,
): ClusterPod => ({
  metadata: {
    name,
    labels: { 'batch.kubernetes.io/job-completion-index': String(index) },
    creationTimestamp: at,
  },
  status: {
    phase,
    ...(exitCode === undefined
      ? {}
      : { containerStatuses: [{ name: 'main', state: { terminated: { exitCode } } }] }),
  },
});

describe('failedPods', () => {
  test('an index fails when none of its pods succeeded; its last pod is the latest', () => {
    const failed = failedPods([
      pod('j-0-a', 0, 'Succeeded', '2026-01-01T00:00:00Z', 0),
      pod('j-1-a', 1, 'Failed', '2026-01-01T00:00:00Z', 2),
      pod('j-1-b', 1, 'Failed', '2026-01-01T00:01:00Z', 3),
      pod('j-2-a', 2, 'Failed', '2026-01-01T00:00:00Z', 1),
      pod('j-2-b', 2, 'Succeeded', '2026-01-01T00:02:00Z', 0),
      pod('j-3-a', 3, 'Running', '2026-01-01T00:00:00Z'),
    ]);
    expect([...failed.keys()]).toEqual([1]);
    expect(failed.get(1)?.last.metadata.name).toBe('j-1-b');
    expect(exitCodeOf(failed.get(1)?.last as ClusterPod)).toBe(3);
  });
});

describe('statusText', () => {
  test('reads as ixjob run’s summary, failures named by their parameters', () => {
    const text = statusText(
      {
        metadata: { name: 'say-fruit', namespace: 'team' },
        spec: { completions: 3, parallelism: 2 },
        status: {
          succeeded: 2,
          failed: 2,
          completedIndexes: '0,2',
          failedIndexes: '1',
          conditions: [
            {
              type: 'Failed',
              status: 'True',
              reason: 'FailedIndexes',
              message: 'Job has failed indexes',
            },
          ],
        },
      },
      [
        {
          index: 1,
          attempts: 2,
          exitCode: 66,
          params: { FRUIT: 'banana.txt' },
          lastLine: 'cannot open banana.txt',
        },
      ],
    );
    expect(text).toContain('Completed Indexes: 0,2\n');
    expect(text).toContain('Pods Statuses:     0 Active / 2 Succeeded / 2 Failed\n');
    expect(text).toContain('  Failed  True  FailedIndexes  Job has failed indexes\n');
    expect(text).toContain(
      '  index 1 (FRUIT=banana.txt): 2 attempts, last exit 66: cannot open banana.txt\n',
    );
  });
});
