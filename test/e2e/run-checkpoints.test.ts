import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { ixjobRun } from '../support/quiet-run.ts';
import { scratchDirs } from '../support/scratch-dirs.ts';

const scratch = scratchDirs('run-checkpoints');

/** Each index notes in its checkpoint folder that it ran, and fails the first time for index 1. */
const WORKER = [
  'sh',
  '-c',
  'd="$IXJOB_CHECKPOINT_DIR/$JOB_COMPLETION_INDEX"; mkdir -p "$d"; echo ran >> "$d/runs"; ' +
    '[ "$JOB_COMPLETION_INDEX" != 1 ] || [ -e "$d/once" ] || { touch "$d/once"; exit 3; }',
];

describe('ixjob run gives every attempt IXJOB_CHECKPOINT_DIR in its state', () => {
  test('kept across a retry and a resume, cleared by --force', () => {
    const state = join(scratch(), 'state');
    const args = ['--state', state, '--completions', '2', '--pod-failure-policy', 'none'];
    expect(ixjobRun([...args, '--backoff-limit', '1', '--', ...WORKER]).code).toBe(0);
    const runs = (index: number) =>
      readFileSync(join(state, 'checkpoints', String(index), 'runs'), 'utf8');
    // The retry found what the failed attempt left.
    expect([runs(0), runs(1)]).toEqual(['ran\n', 'ran\nran\n']);
    // A workers' folder is the run's: the state is still ixjob's, and a resume accepts it.
    expect(ixjobRun(['--resume', ...args, '--backoff-limit', '1', '--', ...WORKER]).code).toBe(0);
    expect(ixjobRun(['--force', ...args, '--', 'true']).code).toBe(0);
    expect(existsSync(join(state, 'checkpoints'))).toBe(false);
  });

  test('--checkpoint-dir DIR: the Job’s own folder DIR/NAME, as on a volume, which --force keeps', () => {
    const dir = scratch();
    const args = ['--state', join(dir, 'state'), '--checkpoint-dir', join(dir, 'keep')];
    const job = [...args, '--name', 'frames', '--completions', '2', '--backoff-limit', '1'];
    expect(ixjobRun([...job, '--', ...WORKER]).code).toBe(0);
    expect(ixjobRun(['--force', ...job, '--', ...WORKER]).code).toBe(0);
    const runs = (index: number) =>
      readFileSync(join(dir, 'keep', 'frames', String(index), 'runs'), 'utf8');
    // The second run found the first one's progress: index 1 did not fail again.
    expect([runs(0), runs(1)]).toEqual(['ran\nran\n', 'ran\nran\nran\n']);
    expect(existsSync(join(dir, 'state', 'checkpoints'))).toBe(false);
  });
});
