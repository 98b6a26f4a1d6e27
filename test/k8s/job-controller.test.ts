import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type Cluster, harnessOrSkip, startCluster } from '../support/cluster.ts';
import { IXJOB } from '../support/ixjob-process.ts';
import {
  freshDir,
  harnessStatuses,
  ixjobRun,
  type Outcome,
  outcomeOf,
} from '../support/k8s-outcome.ts';
import { jobManifest, runFlags, SCENARIOS, type Scenario, script } from './job-scenarios.ts';

/** The same PATH on both sides: the harness's host image and `ixjob run` find the same tools. */
const PATH = '/usr/local/bin:/usr/bin:/bin';

/** Deliberate differences (as in the README), per scenario and field; one that goes away fails too, so the list stays true. */
const DIFFERENCES: Record<string, Partial<Record<keyof Outcome, { why: string }>>> = {
  'pid1-ignores-signal': {
    condition: {
      why: 'ixjob run starts the command as an ordinary child, not as PID 1 of a PID namespace (that needs root), so a signal it sends itself kills it (143) where a container ignores it',
    },
  },
};

/** The fields compared for a scenario: timing-dependent ones only where the scenario fixes them. */
function compared(s: Scenario, o: Outcome): Partial<Outcome> {
  const { startOrder, maxRunning, ...rest } = o;
  return { ...rest, ...(s.startOrder && { startOrder }), ...(s.maxRunning && { maxRunning }) };
}

describe.runIf(harnessOrSkip('ixjob run against the Job controller'))(
  'ixjob run and the Job controller agree',
  () => {
    let cluster: Cluster;
    // Made in beforeAll: a skipped suite still runs this callback, but never its afterAll.
    let root: string;
    const local = new Map<string, Outcome>();
    const remote = new Map<string, Outcome>();

    beforeAll(async () => {
      root = mkdtempSync(join(tmpdir(), 'ixjob-k8s-jobs-'));
      // Kubernetes' integration tests shorten the controller's 10 s pod failure backoff alike.
      cluster = await startCluster({ images: { '*': 'host' }, podFailureBackoff: '100ms' });
      const names = SCENARIOS.map((s) => `s-${s.name}`);
      const manifests = SCENARIOS.map((s, i) =>
        jobManifest(s, names[i] as string, freshDir(join(root, 'k8s', s.name)), PATH),
      );
      cluster.kubectlOk(
        ['apply', '-f', '-'],
        JSON.stringify({ apiVersion: 'v1', kind: 'List', items: manifests }),
      );
      const runs = SCENARIOS.map(async (s) => {
        const scratch = freshDir(join(root, 'local', s.name));
        const args = ['run', '--name', s.name, '--state', join(root, 'state', s.name)];
        args.push(...runFlags(s), '-o', 'json', '-q', '--', 'sh', '-c', script(s));
        const status = await ixjobRun(IXJOB, args, { PATH, SCRATCH: scratch });
        local.set(s.name, outcomeOf(status, s.completions, scratch));
      });
      const statuses = await harnessStatuses(cluster, names, 240_000);
      SCENARIOS.forEach((s, i) => {
        const status = statuses.get(names[i] as string) ?? {};
        remote.set(s.name, outcomeOf(status, s.completions, join(root, 'k8s', s.name)));
      });
      await Promise.all(runs);
    }, 400_000);

    afterAll(async () => {
      await cluster?.stop();
      if (root) rmSync(root, { recursive: true, force: true });
    });

    test('at least 15 scenarios cover every policy the issue names', () => {
      expect(SCENARIOS.length).toBeGreaterThanOrEqual(15);
      const actions = SCENARIOS.flatMap((s) => s.podFailurePolicy ?? []).map(
        (r) => `${r.action}:${r.operator}`,
      );
      for (const action of ['FailJob', 'FailIndex', 'Ignore', 'Count']) {
        expect(actions).toContain(`${action}:In`);
        expect(actions).toContain(`${action}:NotIn`);
      }
    });

    test.each(SCENARIOS.map((s) => [s.name, s] as const))('%s', (name, s) => {
      const k8s = compared(s, remote.get(name) as Outcome);
      const ours = compared(s, local.get(name) as Outcome);
      expect(remote.get(name)?.maxRunning).toBeLessThanOrEqual(s.parallelism);
      expect(local.get(name)?.maxRunning).toBeLessThanOrEqual(s.parallelism);
      const listed = DIFFERENCES[name] ?? {};
      for (const field of Object.keys(listed) as (keyof Outcome)[]) {
        expect(ours[field], `${field} was listed as a difference`).not.toEqual(k8s[field]);
        delete ours[field];
        delete k8s[field];
      }
      expect(ours).toEqual(k8s);
    });
  },
);
