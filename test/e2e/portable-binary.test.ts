import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { BUNDLE } from '../support/build-once.ts';
import { readProc } from '../support/ixjob-process.ts';
import { podinfoVolume } from '../support/podinfo-tree.ts';
import { type Container, runContained, startContained } from '../support/rootfs/container.ts';
import { canContain } from '../support/rootfs/permitted.ts';
import { compileProbes, type Probes } from '../support/rootfs/probes.ts';
import { TREES } from '../support/rootfs/trees.ts';

/** The shim as an image runs it, from the bundle mounted read-only at /ixjob. */
const SHIM = '/ixjob/bin/ixjob';
const FRUIT = ['--per-completion-env', 'FRUIT=apple banana cherry'];
const IMAGE_NODE_OPTIONS = '--require /nonexistent.js';

/** The `NAME=value` lines `/probe env` prints (its own PID as `pid`), as an object. */
const seen = (stdout: string): Record<string, string> =>
  Object.fromEntries(
    stdout
      .split('\n')
      .filter((line) => line.includes('='))
      .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
  );

describe.skipIf(!canContain())('the portable binary as PID 1 of a container', () => {
  let probes: Probes | undefined;
  let podinfo: string | undefined;

  beforeAll(() => {
    if (!existsSync(join(BUNDLE, 'bin/ixjob'))) {
      throw new Error(`${BUNDLE}/bin/ixjob is missing: run \`npm run build:binary\` first`);
    }
    probes = compileProbes();
    // The kubelet's downward-API volume for index 2 of an Indexed Job.
    podinfo = podinfoVolume({ annotations: 'batch.kubernetes.io/job-completion-index="2"' });
  });

  afterAll(() => {
    for (const dir of [probes?.dir, podinfo]) if (dir) rmSync(dir, { recursive: true });
  });

  describe.each(TREES)('in a $name root filesystem', ({ build }) => {
    let container: Container;

    beforeAll(() => {
      if (!probes || !podinfo) throw new Error('the shared setup failed');
      container = { tree: build(probes), bundle: BUNDLE, podinfo };
    });

    afterAll(() => {
      if (container) rmSync(container.tree, { recursive: true });
    });

    test('the index from the podinfo annotations and its parameters reach the command', () => {
      const run = runContained(container, [
        SHIM,
        ...FRUIT,
        '--',
        '/probe',
        'env',
        'JOB_COMPLETION_INDEX',
        'FRUIT',
      ]);
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      expect(seen(run.stdout)).toMatchObject({ JOB_COMPLETION_INDEX: '2', FRUIT: 'cherry' });
    });

    test('exec mode leaves the command as PID 1', () => {
      const run = runContained(container, [SHIM, '--', '/probe', 'env']);
      expect(run.code).toBe(0);
      expect(seen(run.stdout).pid).toBe('1');
    });

    test('supervise mode forwards SIGTERM and exits 143 when it kills the command', async () => {
      const { match, pid1, finished } = await startContained(
        container,
        [SHIM, '--supervise', '--', '/probe', 'wait'],
        {},
        /ready (\d+)/,
      );
      // The shim, not the command, is PID 1: the SIGTERM below goes to the shim.
      expect(match[1]).not.toBe('1');
      expect(readProc(`/proc/${pid1}/cmdline`)).toContain('/ixjob/');
      process.kill(pid1, 'SIGTERM');
      expect((await finished).code).toBe(143);
    });

    test('a missing command is exit 127 with one line on stderr', () => {
      const run = runContained(container, [SHIM, '--', '/nope']);
      expect(run.code).toBe(127);
      // Without the s flag `.` stops at a newline, so this is exactly one line.
      expect(run.stderr).toMatch(/^ixjob: .*\n?$/);
    });

    test("the image's NODE_OPTIONS neither alters the shim nor is lost, and no LD_ variable leaks", () => {
      const run = runContained(container, [SHIM, ...FRUIT, '--', '/probe', 'env'], {
        NODE_OPTIONS: IMAGE_NODE_OPTIONS,
      });
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      const env = seen(run.stdout);
      expect(env).toMatchObject({ FRUIT: 'cherry', NODE_OPTIONS: IMAGE_NODE_OPTIONS });
      expect(Object.keys(env).filter((name) => name.startsWith('LD_'))).toEqual([]);
    });
  });
});
