import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { ixjobSync } from '../support/ixjob-process.ts';
import { scratchDirs } from '../support/scratch-dirs.ts';

/** `--torch`, `--jax`, `--tf`, `--rank-vars`: what a Python worker reads, with no SDK. */

const scratch = scratchDirs('framework-variables');
const CLUSTER = { IXJOB_JOB_NAME: 'train', IXJOB_SERVICE: 'train' };

/** `env`'s output as a map; the values here hold no newlines. */
function envOf(text: string): Record<string, string> {
  const lines = text.split('\n').filter((line) => line.includes('='));
  return Object.fromEntries(
    lines.map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
  );
}

describe('ixjob exec with framework flags', () => {
  test('--torch in a pod of --peers: the leader is pod 0 of the Service', () => {
    const result = ixjobSync(
      ['--index', '2', '--completions', '4', '--torch', '--', 'env'],
      CLUSTER,
    );
    expect([result.code, result.stderr]).toEqual([0, '']);
    expect(envOf(result.stdout.toString())).toMatchObject({
      MASTER_ADDR: 'train-0.train',
      MASTER_PORT: '29500',
      RANK: '2',
      WORLD_SIZE: '4',
      LOCAL_RANK: '0',
      LOCAL_WORLD_SIZE: '1',
      NODE_RANK: '2',
      PET_NNODES: '4',
      PET_NODE_RANK: '2',
      PET_MASTER_ADDR: 'train-0.train',
      PET_MASTER_PORT: '29500',
    });
  });

  test('--jax --tf --rank-vars through resolve', () => {
    const args = ['resolve', '--index', '1', '--completions', '2', '--jax', '--tf', '--rank-vars'];
    const result = ixjobSync(args, CLUSTER);
    expect([result.code, result.stderr]).toEqual([0, '']);
    const { env } = JSON.parse(result.stdout.toString());
    expect(env).toMatchObject({
      RANK: '1',
      WORLD_SIZE: '2',
      JAX_COORDINATOR_ADDRESS: 'train-0.train:29500',
      JAX_NUM_PROCESSES: '2',
      JAX_PROCESS_ID: '1',
    });
    expect(JSON.parse(env.TF_CONFIG)).toEqual({
      cluster: { worker: ['train-0.train:29500', 'train-1.train:29500'] },
      task: { type: 'worker', index: 1 },
    });
  });

  test('no count, or no peers: one line each, before anything runs', () => {
    const noCount = ixjobSync(['--index', '0', '--torch', '--', 'true'], CLUSTER);
    expect([noCount.code, noCount.stderr]).toEqual([
      64,
      'ixjob: --torch needs the world size: give --completions N or a work spec (--completions)\n',
    ]);
    const noPeers = ixjobSync(['--index', '0', '--completions', '2', '--jax', '--', 'true']);
    expect(noPeers.code).toBe(78);
    expect(noPeers.stderr).toMatch(
      /^ixjob: the peers' addresses are not known: .*\(IXJOB_SERVICE\)\n$/,
    );
  });

  test('--rank-vars alone needs no peers', () => {
    const result = ixjobSync(['--index', '1', '--completions', '3', '--rank-vars', '--', 'env']);
    expect([result.code, result.stderr]).toEqual([0, '']);
    expect(envOf(result.stdout.toString())).toMatchObject({ RANK: '1', WORLD_SIZE: '3' });
  });

  test('a parameter may not hide a framework variable', () => {
    const result = ixjobSync(
      ['--index', '0', '--per-completion-env', 'RANK=a b', '--rank-vars', '--', 'true'],
      CLUSTER,
    );
    expect([result.code, result.stderr]).toEqual([
      64,
      'ixjob: the parameter RANK would hide the variable --rank-vars exports under that name (--rank-vars)\n',
    ]);
  });
});

describe('ixjob run with framework flags', () => {
  test('--completions 3 --torch: RANK 0..2, one leader on loopback, a port per index for TF', () => {
    const state = join(scratch(), 'state');
    const script =
      'echo "$RANK $WORLD_SIZE $MASTER_ADDR $MASTER_PORT $PET_MASTER_PORT"; echo "$TF_CONFIG"';
    const result = ixjobSync(
      [
        'run',
        '-q',
        '--state',
        state,
        '--completions',
        '3',
        '--torch',
        '--tf',
        '--',
        'sh',
        '-c',
        script,
      ],
      // A manifest's cluster names in the runner's environment do not reach the attempts.
      CLUSTER,
    );
    expect([result.code, result.stderr]).toEqual([0, '']);
    const logs = readdirSync(join(state, 'logs')).sort();
    expect(logs).toEqual(['0.0.log', '1.0.log', '2.0.log']);
    const lines = logs.map((log) => readFileSync(join(state, 'logs', log), 'utf8').split('\n'));
    const ports = new Set<string>();
    lines.forEach(([torch = '', tf = ''], index) => {
      const [rank, size, addr, port, petPort] = torch.split(' ');
      expect([rank, size, addr, petPort]).toEqual([String(index), '3', '127.0.0.1', port]);
      ports.add(port ?? '');
      const base = Number(port);
      expect(JSON.parse(tf)).toEqual({
        cluster: { worker: [0, 1, 2].map((i) => `127.0.0.1:${base + i}`) },
        task: { type: 'worker', index },
      });
    });
    expect(ports.size).toBe(1);
    expect(Number([...ports][0])).toBeGreaterThan(1023);
  });
});

describe('ixjob manifest with framework flags', () => {
  test('--rank-vars needs no Service: only the world size reaches the pod', () => {
    const args = ['manifest', 'split', '--image', 'py', '--shim-path', '/ixjob', '-o', 'json'];
    const result = ixjobSync(
      [...args, '--completions', '2', '--rank-vars', '--', 'true'],
      {},
      undefined,
      scratch(),
    );
    expect([result.code, result.stderr]).toEqual([0, '']);
    const { items } = JSON.parse(result.stdout.toString());
    expect(items.map((o: { kind: string }) => o.kind)).toEqual(['Job']);
    const [container] = items[0].spec.template.spec.containers;
    expect(container.command).toEqual(['/ixjob', '--completions', '2', '--rank-vars', '--']);
  });

  test('--torch adds the peers Service, and the pod shim gets --torch and the world size', () => {
    const dir = scratch();
    const args = ['manifest', 'train', '--image', 'py', '--shim-path', '/ixjob', '-o', 'json'];
    const result = ixjobSync(
      [...args, '--completions', '4', '--torch', '--', 'sh', '-c', 'echo $(RANK) $MASTER_ADDR'],
      {},
      undefined,
      dir,
    );
    expect([result.code, result.stderr]).toEqual([0, '']);
    const { items } = JSON.parse(result.stdout.toString());
    expect(items.map((o: { kind: string }) => o.kind)).toEqual(['Service', 'Job']);
    const pod = items[1].spec.template.spec;
    expect(pod.subdomain).toBe('train');
    const [container] = pod.containers;
    expect(container.command).toEqual(['/ixjob', '--completions', '4', '--torch', '--']);
    // The shim defines RANK, so the kubelet must leave it alone.
    expect(container.args).toEqual(['sh', '-c', 'echo $$(RANK) $MASTER_ADDR']);
    expect(container.env).toEqual(
      expect.arrayContaining([
        { name: 'IXJOB_JOB_NAME', value: 'train' },
        { name: 'IXJOB_SERVICE', value: 'train' },
      ]),
    );
    // ixjob run -f reads the same flags back and runs them on loopback.
    const file = join(dir, 'train.json');
    writeFileSync(file, result.stdout);
    const state = join(dir, 'state');
    const local = ixjobSync(
      ['run', '-f', file, '-q', '--state', state, '--name', 'train'],
      {},
      undefined,
      dir,
    );
    expect([local.code, local.stderr]).toEqual([0, '']);
    const logs = [0, 1, 2, 3].map((i) => readFileSync(join(state, 'logs', `${i}.0.log`), 'utf8'));
    expect(logs).toEqual([0, 1, 2, 3].map((i) => `${i} 127.0.0.1\n`));
  });

  test('a rendezvous runs every index at once: the Job’s parallelism is its count', () => {
    const args = ['manifest', 'meet', '--image', 'py', '--shim-path', '/ixjob', '-o', 'json'];
    const result = ixjobSync(
      [...args, '--completions', '5', '--jax', '--', 'true'],
      {},
      undefined,
      scratch(),
    );
    expect([result.code, result.stderr]).toEqual([0, '']);
    const job = JSON.parse(result.stdout.toString()).items[1];
    expect(job.spec).toMatchObject({ completions: 5, parallelism: 5 });
  });
});

describe('fewer slots than a rendezvous needs is refused, not left to time out', () => {
  test.each([
    ['run', '--completions', '3', '--parallelism', '2', '--jax', '--', 'true'],
    [
      'manifest',
      'meet',
      '--image',
      'py',
      '--shim-path',
      '/ixjob',
      '--completions',
      '3',
      '--parallelism',
      '2',
      '--torch',
      '--',
      'true',
    ],
  ])('ixjob %s', (...args) => {
    const result = ixjobSync(args, {}, undefined, scratch());
    expect(result.code).toBe(64);
    expect(result.stderr.toString()).toMatch(
      /^ixjob: --(jax|torch) needs all 3 indexes running at once, to meet; --parallelism 2 starts fewer \(--parallelism\)\n$/,
    );
  });
});
