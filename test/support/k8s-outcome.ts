import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Cluster } from './cluster.ts';

/** What is compared between `ixjob run` and the Job controller for one scenario. */
export interface Outcome {
  /** The final condition, `Type/Reason`. */
  condition: string;
  completedIndexes: string;
  failedIndexes: string;
  failed: number;
  /** Attempts that started, per index, as the attempts themselves counted them. */
  attempts: number[];
  /** The most attempts running at once. */
  maxRunning: number;
  startOrder: number[];
}

interface Status {
  completedIndexes?: string | null;
  failedIndexes?: string | null;
  failed?: number;
  conditions?: { type: string; status: string; reason?: string }[];
}

const TERMINAL = ['Complete', 'Failed'];

/** The Job's final condition as `Type/Reason`, or undefined while it runs. */
export function finalCondition(status: Status): string | undefined {
  const c = status.conditions?.find((x) => TERMINAL.includes(x.type) && x.status === 'True');
  return c && `${c.type}/${c.reason ?? ''}`;
}

/** Reads the scratch directory the attempts wrote (see job-scenarios.ts's prelude). */
export function outcomeOf(status: Status, completions: number, scratch: string): Outcome {
  const attempts = Array.from({ length: completions }, (_, i) => {
    const file = join(scratch, `attempts.${i}`);
    return existsSync(file) ? readFileSync(file, 'utf8').trim().split('\n').length : 0;
  });
  const events = existsSync(join(scratch, 'events'))
    ? readFileSync(join(scratch, 'events'), 'utf8').trim().split('\n')
    : [];
  let running = 0;
  let maxRunning = 0;
  const startOrder: number[] = [];
  for (const line of events) {
    const [what, index] = line.split(' ');
    if (what === 'start') startOrder.push(Number(index));
    running += what === 'start' ? 1 : -1;
    maxRunning = Math.max(maxRunning, running);
  }
  return {
    condition: finalCondition(status) ?? 'none',
    completedIndexes: status.completedIndexes ?? '',
    failedIndexes: status.failedIndexes ?? '',
    failed: status.failed ?? 0,
    attempts,
    maxRunning,
    startOrder,
  };
}

/** Runs `ixjob run … -o json` and resolves with the Job status it printed. */
export function ixjobRun(
  ixjob: string,
  args: string[],
  env: Record<string, string>,
): Promise<Status> {
  return new Promise((resolve, reject) => {
    const child = spawn(ixjob, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => {
      err += d.toString();
    });
    child.on('error', reject);
    child.on('close', (code) => {
      try {
        resolve((JSON.parse(out) as { status: Status }).status);
      } catch {
        reject(new Error(`ixjob ${args.join(' ')} exited ${code}: ${err}\n${out}`));
      }
    });
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Each Job's status once it has its final condition and no pod still running (attempt counts are final then). */
export async function harnessStatuses(
  cluster: Cluster,
  names: string[],
  timeoutMs: number,
): Promise<Map<string, Status>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const jobs = JSON.parse(cluster.kubectlOk(['get', 'jobs', '-o', 'json'])) as {
      items: { metadata: { name: string }; status: Status }[];
    };
    const pods = JSON.parse(cluster.kubectlOk(['get', 'pods', '-o', 'json'])) as {
      items: { metadata: { labels?: Record<string, string> }; status: { phase: string } }[];
    };
    const busy = new Set(
      pods.items
        .filter((p) => !['Succeeded', 'Failed'].includes(p.status.phase))
        .map((p) => p.metadata.labels?.['job-name']),
    );
    const statuses = new Map(jobs.items.map((j) => [j.metadata.name, j.status]));
    const waiting = names.filter((n) => {
      const s = statuses.get(n);
      return !s || !finalCondition(s) || busy.has(n);
    });
    if (waiting.length === 0) return statuses;
    if (Date.now() > deadline) {
      throw new Error(`Jobs not finished on the harness: ${waiting.join(', ')}`);
    }
    await sleep(1000);
  }
}

export function freshDir(path: string): string {
  mkdirSync(path, { recursive: true });
  return path;
}
