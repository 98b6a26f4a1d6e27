import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { commandsOrSkip, EXAMPLES_DIR, runExample, USER_ENV } from '../support/examples.ts';
import { sameResult, trainedResult } from './training-result.ts';

const TRAINING = join(EXAMPLES_DIR, 'training');
/** scripts/python-deps.sh makes it from requirements.txt (JAX for CPU). */
const PYTHON = join(TRAINING, '.venv', 'bin', 'python');

const runTraining = (processes: number) =>
  runExample('training', 'run.sh', {}, [String(processes)]);

describe.runIf(commandsOrSkip('training', [PYTHON], 'sh scripts/python-deps.sh'))(
  'training, JAX across processes',
  () => {
    let alone: ReturnType<typeof runTraining>;
    beforeAll(() => {
      alone = spawnSync(PYTHON, ['train.py'], { cwd: TRAINING, env: USER_ENV, encoding: 'utf8' });
    });

    test('one process on the whole data set learns the line (the reference)', () => {
      expect(alone.status, alone.stderr).toBe(0);
      const [w0, w1, w2, bias] = trainedResult(alone.stdout);
      expect([w0, w1, w2, bias].map((v) => Math.round((v ?? 0) * 100) / 100)).toEqual([
        2, -1, 0.49, 0.25,
      ]);
    });

    test.each([2, 4])(
      'run.sh %i: the processes all-reduce their shards’ gradients and end where one process does',
      (processes) => {
        const result = runTraining(processes);
        expect(result.status, result.stderr).toBe(0);
        expect(result.stderr).toMatch(
          new RegExp(`^ixjob: ${processes} succeeded, 0 failed of ${processes} in `, 'm'),
        );
        // Every index took its own contiguous shard and met index 0 at one address.
        const shards = [
          ...result.stdout.matchAll(
            /^\[(\d)\] {2}process \1 of (\d): samples (\d+)-(\d+) of 48 \(coordinator (127\.0\.0\.1:\d+)\)$/gm,
          ),
        ];
        expect(shards.map((m) => Number(m[1])).sort()).toEqual([...Array(processes).keys()]);
        expect(new Set(shards.map((m) => `${m[2]} ${m[5]}`)).size).toBe(1);
        expect(shards.reduce((n, m) => n + Number(m[4]) - Number(m[3]) + 1, 0)).toBe(48);
        const reference = trainedResult(alone.stdout);
        const distributed = trainedResult(result.stdout);
        expect(sameResult(distributed, reference), `${distributed} vs ${reference}`).toBe(true);
      },
      60_000,
    );
  },
);
