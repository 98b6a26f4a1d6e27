import { execFile, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { GOLDEN, GOLDEN_DIR } from '../e2e/golden-manifests.ts';
import {
  type Cluster,
  HARNESS_DIR,
  harnessOrSkip,
  KUBECTL,
  startCluster,
} from '../support/cluster.ts';
import { BASE_ENV, IXJOB } from '../support/ixjob-process.ts';
import { busyboxImage, shimImage } from '../support/k8s-images.ts';
import { finalCondition, harnessStatuses } from '../support/k8s-outcome.ts';
import { copyIn, linkIn } from '../support/rootfs/layout.ts';
import { sharedLibraries } from '../support/rootfs/shared-libraries.ts';

/**
 * `ixjob manifest` on the real control plane: each generated file, applied with kubectl, gives
 * the same completed and failed indexes and the same logs as `ixjob run -f` of that file and
 * `ixjob run` of the same flags; every generator option passes the API server's validation;
 * the kubectl plugin, peers by name and the `$(VAR)` escaping, end to end.
 */

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SEEDS = join(ROOT, 'test/fixtures/seeds');
const SAY_FRUIT = join(ROOT, 'examples/say-fruit');
const SHIM_IMAGE = 'ixjob/shim:test';
const IMAGE = 'busybox:test';
const PEERS_IMAGE = 'getent:test';
const SHIM = ['--image', IMAGE, '--shim-image', SHIM_IMAGE];

/** busybox plus glibc's getent, which resolves names through /etc/hosts (the harness's DNS). */
function peersImage(): string {
  const tree = busyboxImage('peers');
  for (const applet of ['hostname', 'cut', 'mv']) linkIn(tree, `/bin/${applet}`, 'busybox');
  const getent = '/usr/bin/getent';
  copyIn(tree, getent);
  for (const library of sharedLibraries(getent)) copyIn(tree, library);
  writeFileSync(join(tree, 'etc', 'nsswitch.conf'), 'hosts: files\n');
  return tree;
}

interface Case {
  name: string;
  /** Where the work files are, and where `ixjob manifest` and `ixjob run` run. */
  cwd: () => string;
  flags: string[];
  /** After `--`; none for a commands list or an image's own entrypoint. */
  command: string[];
  /** What `ixjob run` of the same flags runs, when the manifest takes it from elsewhere. */
  runCommand?: string[];
  /** The environment `ixjob run` gets for what `--env` gives the pods. */
  runEnv?: Record<string, string>;
  completed: string;
  failed: string;
  /** The logs of each index's attempts on the cluster, exactly. */
  logs?: string[][];
}

/**
 * A deliberate difference: a pod's shim says the work list's warnings (a one-line list split at
 * whitespace) in each pod's log, where `ixjob run` says them once on its own stderr, not in
 * each attempt's log. Logs are compared without them; say-fruit's test checks both sides.
 */
const WARNING = /^ixjob: warning: .*\n/gm;
const unwarned = (o: Outcome): Outcome => ({
  ...o,
  logs: o.logs.map((attempts) => attempts.map((log) => log.replace(WARNING, ''))),
});

let scratch = '';
const dirWith = (files: Record<string, string>) => () => {
  const dir = mkdtempSync(join(scratch, 'work-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
};

const CASES: Case[] = [
  {
    name: 'say-fruit',
    cwd: () => SAY_FRUIT,
    flags: [
      '--per-completion-env',
      'FRUIT=@fruits.txt',
      '--per-completion-env',
      'COLOR=@colors.txt',
    ],
    command: ['sh', '-c', 'echo Have a nice $(COLOR) $(FRUIT)'],
    completed: '0-2',
    failed: '',
  },
  {
    // Work list 1: the seed's process_file over a list of files.
    name: 'list-file',
    cwd: () => SEEDS,
    flags: ['--per-completion-env', 'F=@files-to-process.txt'],
    command: ['echo', '/usr/local/bin/process_file', '$(F)'],
    completed: '0-2',
    failed: '',
    logs: [
      ['/usr/local/bin/process_file 12342.dat\n'],
      ['/usr/local/bin/process_file 97283.dat\n'],
      ['/usr/local/bin/process_file 38732.dat\n'],
    ],
  },
  {
    // Work list 3: a program built at several git commits, the commits as CSV.
    name: 'csv',
    cwd: dirWith({
      'commits.csv': 'HASH,NOTE\n3cab5cb4a,first\nfe97ef90b,"a, b"\na8b5e34c5,last\n',
    }),
    flags: ['--csv', 'commits.csv'],
    command: ['sh', '-c', 'echo git checkout $(HASH) "&&" make VERSION=$HASH "($NOTE)"'],
    completed: '0-2',
    failed: '',
    logs: [
      ['git checkout 3cab5cb4a && make VERSION=3cab5cb4a (first)\n'],
      ['git checkout fe97ef90b && make VERSION=fe97ef90b (a, b)\n'],
      ['git checkout a8b5e34c5 && make VERSION=a8b5e34c5 (last)\n'],
    ],
  },
  {
    // Work list 5: blocks of 100 frames.
    name: 'frames',
    cwd: dirWith({}),
    flags: ['--frames', '1-300', '--chunk', '100'],
    command: [
      'sh',
      '-c',
      'echo ./blender -o /vol2/frame_#### --frame-start $(START_FRAME) --frame-end $END_FRAME',
    ],
    completed: '0-2',
    failed: '',
    logs: [1, 101, 201].map((f) => [
      `./blender -o /vol2/frame_#### --frame-start ${f} --frame-end ${f + 99}\n`,
    ]),
  },
  {
    name: 'product',
    cwd: dirWith({ 'sizes.txt': 'small\nlarge\n' }),
    flags: [
      '--combine',
      'product',
      '--per-completion-env',
      'SIZE=@sizes.txt',
      '--per-completion-env',
      'COLOR=red green blue',
    ],
    command: ['echo', '$(SIZE)', '$(COLOR)'],
    completed: '0-5',
    failed: '',
    logs: ['small red', 'small green', 'small blue', 'large red', 'large green', 'large blue'].map(
      (line) => [`${line}\n`],
    ),
  },
  {
    // Work list 2 as whole command lines: no command, each line runs under /bin/sh -c.
    name: 'commands',
    cwd: dirWith({
      'blocks.txt': [0, 16]
        .flatMap((c) => [0, 16].map((r) => [r, c]))
        .map(
          ([r, c]) =>
            `echo process_matrix_block -start_row ${r} -end_row ${(r as number) + 15} -start_col ${c} --end_col ${(c as number) + 15}\n`,
        )
        .join(''),
    }),
    flags: ['--commands', '@blocks.txt'],
    command: [],
    completed: '0-3',
    failed: '',
    logs: [
      ['process_matrix_block -start_row 0 -end_row 15 -start_col 0 --end_col 15\n'],
      ['process_matrix_block -start_row 16 -end_row 31 -start_col 0 --end_col 15\n'],
      ['process_matrix_block -start_row 0 -end_row 15 -start_col 16 --end_col 31\n'],
      ['process_matrix_block -start_row 16 -end_row 31 -start_col 16 --end_col 31\n'],
    ],
  },
  {
    // No command: the image's own Entrypoint and Cmd, from its config (as `crane config` prints).
    name: 'entrypoint',
    cwd: dirWith({
      'image.json': JSON.stringify({
        config: { Entrypoint: ['sh', '-c'], Cmd: ['echo render frame $(START_FRAME)'] },
      }),
    }),
    flags: ['--frames', '1-3', '--image-config', 'image.json'],
    command: [],
    runCommand: ['sh', '-c', 'echo render frame $(START_FRAME)'],
    completed: '0-2',
    failed: '',
    logs: [1, 2, 3].map((f) => [`render frame ${f}\n`]),
  },
  {
    // A pod variable is the kubelet's to expand, a parameter the shim's: `$$(F)` stays literal.
    name: 'env-vars',
    cwd: () => SEEDS,
    flags: [
      '--per-completion-env',
      'F=@files-to-process.txt',
      '--env',
      'GREETING=hello',
      '--env',
      'SHOUT=$(GREETING)!',
    ],
    command: [
      'echo',
      '$(GREETING)',
      '$(SHOUT)',
      '$(F)',
      '$$(F)',
      '$(NOT_SET)',
      'index=$(JOB_COMPLETION_INDEX)',
    ],
    runEnv: { GREETING: 'hello', SHOUT: 'hello!' },
    completed: '0-2',
    failed: '',
    logs: ['12342.dat', '97283.dat', '38732.dat'].map((f, i) => [
      `hello hello! ${f} $(F) $(NOT_SET) index=${i}\n`,
    ]),
  },
  {
    // Exit 66 (no input) is non-retriable: the default policy fails the index at once.
    name: 'fails',
    cwd: () => SEEDS,
    flags: ['--per-completion-env', 'F=@files-to-process.txt', '--backoff-limit-per-index', '3'],
    command: [
      'sh',
      '-c',
      'echo working on $(F); [ $(F) != 97283.dat ] || { echo "cannot open $(F)"; exit 66; }',
    ],
    completed: '0,2',
    failed: '1',
    logs: [
      ['working on 12342.dat\n'],
      ['working on 97283.dat\ncannot open 97283.dat\n'],
      ['working on 38732.dat\n'],
    ],
  },
];

// biome-ignore lint/suspicious/noExplicitAny: objects are read here as the loose JSON kubectl prints
type Json = Record<string, any>;

interface Ran {
  code: number | null;
  stdout: string;
  stderr: string;
}

function run(file: string, args: string[], env: Record<string, string>, cwd?: string) {
  return new Promise<Ran>((resolve) => {
    execFile(file, args, { env, cwd, maxBuffer: 64 << 20 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : null) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

function ixjob(args: string[], cwd?: string, env: Record<string, string> = {}): Ran {
  const r = spawnSync(IXJOB, args, { env: { ...BASE_ENV, ...env }, cwd, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

interface Summary {
  status: { completedIndexes: string; failedIndexes?: string };
  indexes: { index: number; attempts: { log: string }[] }[];
}

/** What a local run gave: its indexes and each attempt's log. */
async function localRun(args: string[], env: Record<string, string>, cwd?: string) {
  const state = mkdtempSync(join(scratch, 'state-'));
  const r = await run(IXJOB, ['run', '-q', '-o', 'json', '--state', state, ...args], env, cwd);
  let summary: Summary;
  try {
    summary = JSON.parse(r.stdout) as Summary;
  } catch {
    throw new Error(`ixjob run ${args.join(' ')} exited ${r.code}: ${r.stderr}`);
  }
  return {
    completed: summary.status.completedIndexes ?? '',
    failed: summary.status.failedIndexes ?? '',
    logs: summary.indexes.map((i) => i.attempts.map((a) => readFileSync(a.log, 'utf8'))),
  };
}

type Outcome = Awaited<ReturnType<typeof localRun>>;

describe.runIf(harnessOrSkip('ixjob manifest on the Kubernetes harness'))(
  'ixjob manifest on a real control plane',
  () => {
    let cluster: Cluster;
    const trees: string[] = [];
    const manifests = new Map<string, string>();
    const local = new Map<string, { fromFile: Outcome; byFlags: Outcome }>();
    const onCluster = new Map<string, Outcome>();
    let statuses: Awaited<ReturnType<typeof harnessStatuses>>;

    /** Each index's pods, oldest first, with their logs. */
    const podsOf = (job: string) => {
      const pods = JSON.parse(
        cluster.kubectlOk([
          'get',
          'pods',
          '-l',
          `batch.kubernetes.io/job-name=${job}`,
          '-o',
          'json',
        ]),
      ) as {
        items: {
          metadata: { name: string; labels: Record<string, string>; creationTimestamp: string };
          status: { podIP?: string; phase: string };
        }[];
      };
      return pods.items.sort((a, b) =>
        a.metadata.creationTimestamp.localeCompare(b.metadata.creationTimestamp),
      );
    };
    const logsOf = (job: string, completions: number) => {
      const pods = podsOf(job);
      return Array.from({ length: completions }, (_, index) =>
        pods
          .filter(
            (p) => p.metadata.labels['batch.kubernetes.io/job-completion-index'] === `${index}`,
          )
          .map((p) => cluster.kubectlOk(['logs', p.metadata.name, '-c', job])),
      );
    };
    /** The plugin as kubectl runs it: found on PATH, with the harness's kubectl beside it. */
    const plugin = (args: string[], cwd?: string): Ran => {
      const r = spawnSync(KUBECTL, ['ixjob', ...args], {
        cwd,
        encoding: 'utf8',
        env: {
          PATH: `${ROOT}node_modules/.bin:${HARNESS_DIR}.bin:/usr/local/bin:/usr/bin:/bin`,
          KUBECONFIG: cluster.kubeconfig,
          HOME: scratch,
        },
        timeout: 120_000,
      });
      return { code: r.status, stdout: r.stdout, stderr: r.stderr };
    };

    beforeAll(async () => {
      scratch = mkdtempSync(join(tmpdir(), 'ixjob-k8s-manifest-'));
      const images = {
        [SHIM_IMAGE]: shimImage(),
        [IMAGE]: busyboxImage('work'),
        [PEERS_IMAGE]: peersImage(),
      };
      trees.push(...Object.values(images));
      // Kubernetes' integration tests shorten the controller's 10 s pod failure backoff alike.
      const started = startCluster({ images, podFailureBackoff: '100ms' });
      // Generated while the harness starts; each file is what kubectl applies and ixjob run -f runs.
      for (const c of CASES) {
        const printed = ixjob(
          ['manifest', c.name, ...SHIM, '--parallelism', '3', ...c.flags, '--', ...c.command],
          c.cwd(),
        );
        if (printed.code !== 0) throw new Error(`ixjob manifest ${c.name}: ${printed.stderr}`);
        manifests.set(c.name, printed.stdout);
        writeFileSync(join(scratch, `${c.name}.yaml`), printed.stdout);
      }
      cluster = await started;
      for (const c of CASES) cluster.kubectlOk(['apply', '-f', '-'], manifests.get(c.name));
      const runs = CASES.map(async (c) => {
        const cwd = c.cwd();
        // What only a manifest takes: the image's config, and the pod's variables (runEnv here).
        const manifestOnly = ['--image-config', '--env'];
        const flags = c.flags.filter(
          (f, i) => !manifestOnly.includes(f) && !manifestOnly.includes(c.flags[i - 1] as string),
        );
        const [fromFile, byFlags] = await Promise.all([
          localRun(['-f', join(scratch, `${c.name}.yaml`)], BASE_ENV),
          localRun(
            ['--parallelism', '3', ...flags, '--', ...(c.runCommand ?? c.command)],
            { ...BASE_ENV, ...c.runEnv },
            cwd,
          ),
        ]);
        local.set(c.name, { fromFile, byFlags });
      });
      statuses = await harnessStatuses(
        cluster,
        CASES.map((c) => c.name),
        100_000,
      );
      await Promise.all(runs);
      for (const c of CASES) {
        const status = statuses.get(c.name) ?? {};
        const completions = local.get(c.name)?.fromFile.logs.length ?? 0;
        onCluster.set(c.name, {
          completed: status.completedIndexes ?? '',
          failed: status.failedIndexes ?? '',
          logs: logsOf(c.name, completions),
        });
      }
    }, 240_000);

    afterAll(async () => {
      await cluster?.stop();
      for (const tree of trees) rmSync(tree, { recursive: true, force: true });
      if (scratch) rmSync(scratch, { recursive: true, force: true });
    });

    test.each(CASES.map((c) => [c.name, c] as const))(
      '%s: the cluster, ixjob run -f and ixjob run agree',
      (name, c) => {
        const k8s = onCluster.get(name) as Outcome;
        const { fromFile, byFlags } = local.get(name) as { fromFile: Outcome; byFlags: Outcome };
        expect({ completed: k8s.completed, failed: k8s.failed }).toEqual({
          completed: c.completed,
          failed: c.failed,
        });
        if (c.logs) expect(k8s.logs).toEqual(c.logs);
        expect(fromFile).toEqual(unwarned(k8s));
        expect(byFlags).toEqual(unwarned(k8s));
      },
    );

    test('say-fruit says the seed’s lines, each pod after the one-line lists’ warnings', () => {
      const warned = (name: string) =>
        `ixjob: warning: ${name}s.txt has a single line, split at whitespace into 3 values as $(cat ${name}s.txt) would be; a file of several lines keeps each line whole, and one value with spaces needs --csv (a header line ${name.toUpperCase()}, then the value)\n`;
      const lines = ['green apple', 'yellow banana', 'red cherry'];
      expect(onCluster.get('say-fruit')?.logs).toEqual(
        lines.map((line) => [`${warned('fruit')}${warned('color')}Have a nice ${line}\n`]),
      );
      // The listed difference: ixjob run's attempts' logs hold the lines alone.
      expect(local.get('say-fruit')?.fromFile.logs).toEqual(
        lines.map((line) => [`Have a nice ${line}\n`]),
      );
    });

    test('the default pod failure policy fails the index at once, and kubectl ixjob status names it', () => {
      expect(finalCondition(statuses.get('fails') ?? {})).toBe('Failed/FailedIndexes');
      // One attempt of index 1 though three retries were allowed: exit 66 is not retried.
      expect(onCluster.get('fails')?.logs.map((l) => l.length)).toEqual([1, 1, 1]);
      const status = plugin(['status', 'fails']);
      expect(status.stderr).toBe('');
      expect(status.code).toBe(1);
      expect(status.stdout).toMatch(/^Completed Indexes: +0,2$/m);
      expect(status.stdout).toMatch(/^Failed Indexes: +1$/m);
      expect(status.stdout).toContain(
        'index 1 (F=97283.dat): 1 attempt, last exit 66: cannot open 97283.dat',
      );
      const done = plugin(['status', 'list-file']);
      expect(done.code).toBe(0);
      expect(done.stdout).toMatch(/^Completed Indexes: +0-2$/m);
      expect(done.stdout).not.toContain('Failures:');
    });

    test('the generated objects: an immutable work ConfigMap named by its digest, the shim installed by an init container', () => {
      const docs = parseAllDocuments(manifests.get('list-file') as string, { version: '1.1' }).map(
        (d) => d.toJS(),
      );
      const [configMap, job] = docs;
      const live = JSON.parse(
        cluster.kubectlOk(['get', 'configmap', configMap.metadata.name, '-o', 'json']),
      );
      expect(live.immutable).toBe(true);
      expect(live.metadata.name).toMatch(/^list-file-work-[0-9a-f]{10}$/);
      expect(Object.keys(live.data).sort()).toEqual(['files-to-process.txt', 'spec.json']);
      const pod = JSON.parse(cluster.kubectlOk(['get', 'job', 'list-file', '-o', 'json'])).spec
        .template.spec;
      expect(pod.initContainers.map((c: { image: string }) => c.image)).toEqual([SHIM_IMAGE]);
      expect(job.spec.completions).toBe(3);
      // The same file again changes nothing: the ConfigMap is the same, by name and content.
      expect(cluster.kubectlOk(['apply', '-f', '-'], manifests.get('list-file'))).toMatch(
        /configmap\/list-file-work-[0-9a-f]{10} unchanged/,
      );
    });

    test('the $(VAR) escaping as written in the pod: the shim’s variables doubled, the pod’s left', () => {
      const job = parseAllDocuments(manifests.get('env-vars') as string, { version: '1.1' })
        .map((d) => d.toJS())
        .find((d) => d.kind === 'Job');
      const container = job.spec.template.spec.containers[0];
      expect(container.args).toEqual([
        'echo',
        '$(GREETING)',
        '$(SHOUT)',
        '$$(F)',
        '$$$$(F)',
        '$(NOT_SET)',
        'index=$$(JOB_COMPLETION_INDEX)',
      ]);
      expect(container.env).toEqual([
        { name: 'GREETING', value: 'hello' },
        { name: 'SHOUT', value: '$(GREETING)!' },
      ]);
    });

    test('kubectl ixjob run creates the Job end to end; --dry-run prints what ixjob manifest prints', () => {
      const flags = [
        'plugin',
        ...SHIM,
        '--parallelism',
        '3',
        '--per-completion-env',
        'F=@files-to-process.txt',
        '--',
        'echo',
        'plugin got $(F)',
      ];
      const dry = plugin(['run', ...flags.slice(0, 1), '--dry-run', ...flags.slice(1)], SEEDS);
      expect([dry.code, dry.stderr]).toEqual([0, '']);
      expect(dry.stdout).toBe(ixjob(['manifest', ...flags], SEEDS).stdout);
      expect(cluster.kubectl(['get', 'job', 'plugin']).code).not.toBe(0);
      const applied = plugin(['run', ...flags], SEEDS);
      expect(applied.stderr).toBe('');
      expect(applied.stdout).toMatch(
        /^configmap\/plugin-work-[0-9a-f]{10} created\njob\.batch\/plugin created\n$/,
      );
      cluster.kubectlOk(['wait', '--for=condition=complete', 'job/plugin', '--timeout=90s']);
      expect(logsOf('plugin', 3)).toEqual(
        ['12342.dat', '97283.dat', '38732.dat'].map((f) => [`plugin got ${f}\n`]),
      );
    }, 120_000);

    test('--peers: each pod finds the other by name, NAME-INDEX.NAME, through the headless Service', () => {
      // Each resolves the other, then stays until both have: a finished pod leaves the Service.
      // The pods share the image's /tmp (one root filesystem on this node): the meeting point.
      const script = [
        'I=$JOB_COMPLETION_INDEX; J=$((1 - I)); M=/tmp/$(IXJOB_JOB_NAME)',
        'until getent hosts $(IXJOB_JOB_NAME)-$J.$(IXJOB_SERVICE) > $M.$I.tmp; do sleep 0.2; done',
        'mv $M.$I.tmp $M.$I',
        'until [ -e $M.0 ] && [ -e $M.1 ]; do sleep 0.2; done',
        'echo "$(hostname) found $(cut -d" " -f1 $M.$I) for $(IXJOB_JOB_NAME)-$J.$(IXJOB_SERVICE) in $(IXJOB_NAMESPACE)"',
      ].join('\n');
      const printed = ixjob(
        [
          'manifest',
          'mesh',
          '--image',
          PEERS_IMAGE,
          '--shim-image',
          SHIM_IMAGE,
          '--peers',
          '--completions',
          '2',
          '--parallelism',
          '2',
          '--',
          'sh',
          '-c',
          script,
        ],
        scratch,
      );
      expect([printed.code, printed.stderr]).toEqual([0, '']);
      const kinds = parseAllDocuments(printed.stdout, { version: '1.1' }).map((d) => d.toJS().kind);
      expect(kinds).toEqual(['Service', 'Job']);
      cluster.kubectlOk(['apply', '-f', '-'], printed.stdout);
      const waited = cluster.kubectl([
        'wait',
        '--for=condition=complete',
        'job/mesh',
        '--timeout=90s',
      ]);
      if (waited.code !== 0)
        throw new Error(
          `mesh: ${waited.stderr}\n${cluster.kubectl(['get', 'pods', '-o', 'yaml']).stdout}`,
        );
      const pods = podsOf('mesh');
      const ip = (index: number) =>
        pods.find(
          (p) => p.metadata.labels['batch.kubernetes.io/job-completion-index'] === `${index}`,
        )?.status.podIP;
      expect(logsOf('mesh', 2)).toEqual([
        [`mesh-0 found ${ip(1)} for mesh-1.mesh in default\n`],
        [`mesh-1 found ${ip(0)} for mesh-0.mesh in default\n`],
      ]);
      expect(ip(0)).not.toBe(ip(1));
    }, 120_000);

    test('--work-volume: the work files read from a volume of the user’s, not the ConfigMap', () => {
      // The way out past the ConfigMap's 1 MiB; a hostPath stands for the user's volume here.
      const data = mkdtempSync(join(scratch, 'data-'));
      mkdirSync(join(data, 'lists'));
      copyFileSync(
        join(SEEDS, 'files-to-process.txt'),
        join(data, 'lists', 'files-to-process.txt'),
      );
      const printed = ixjob(
        [
          'manifest',
          'from-volume',
          ...SHIM,
          '--parallelism',
          '3',
          '--work-volume',
          JSON.stringify({ hostPath: { path: data } }),
          '--work-path',
          'lists',
          '--per-completion-env',
          'F=@files-to-process.txt',
          '--',
          'echo',
          'from the volume: $(F)',
        ],
        SEEDS,
      );
      expect(printed.code).toBe(0);
      expect(printed.stderr).toBe(
        `ixjob: warning: the pods read ${join(SEEDS, 'files-to-process.txt')} from the work volume as lists/files-to-process.txt: put it there\n`,
      );
      const configMap = parseAllDocuments(printed.stdout, { version: '1.1' })[0]?.toJS();
      expect(Object.keys(configMap.data)).toEqual(['spec.json']);
      cluster.kubectlOk(['apply', '-f', '-'], printed.stdout);
      cluster.kubectlOk(['wait', '--for=condition=complete', 'job/from-volume', '--timeout=90s']);
      expect(logsOf('from-volume', 3)).toEqual(
        ['12342.dat', '97283.dat', '38732.dat'].map((f) => [`from the volume: ${f}\n`]),
      );
    }, 120_000);

    test.each(GOLDEN.map((g) => [g.name] as const))(
      'the golden %s passes the API server’s OpenAPI schema and validation (--dry-run=server, strict)',
      (name) => {
        // In a namespace of their own: say-fruit's Job of the same name runs in the default one.
        if (cluster.kubectl(['get', 'namespace', 'golden']).code !== 0)
          cluster.kubectlOk(['create', 'namespace', 'golden']);
        const file = join(GOLDEN_DIR, `${name}.yaml`);
        const dry = cluster.kubectl([
          'apply',
          '--dry-run=server',
          '--validate=strict',
          '-n',
          'golden',
          '-f',
          file,
        ]);
        expect(dry.stderr).toBe('');
        expect(dry.code).toBe(0);
        expect(dry.stdout).toMatch(
          new RegExp(
            `^configmap/${name}-work-[0-9a-f]{10} created \\(server dry run\\)\njob\\.batch/${name} created \\(server dry run\\)\n$`,
          ),
        );
      },
    );

    test('every generator option passes the API server’s own validation (kubectl apply --dry-run=server)', () => {
      cluster.kubectlOk(['create', 'namespace', 'options']);
      cluster.kubectlOk(['create', 'serviceaccount', 'worker', '-n', 'options']);
      const printed = ixjob(
        [
          'manifest',
          'every-option',
          ...SHIM,
          '-n',
          'options',
          '--per-completion-env',
          'F=@files-to-process.txt',
          '--peers',
          '--queue',
          'team-a',
          '--env',
          'MODE=fast',
          '--labels',
          'team=render,tier=batch',
          '--annotations',
          'owner=render-team',
          '--requests',
          'cpu=100m,memory=64Mi',
          '--limits',
          'cpu=1,memory=128Mi',
          '--service-account',
          'worker',
          '--ttl',
          '600',
          '--overrides',
          '{"spec":{"template":{"spec":{"nodeSelector":{"disk":"ssd"}}}}}',
          '--success-policy',
          'indexes=0-1',
          '--backoff-limit-per-index',
          '2',
          '--max-failed-indexes',
          '1',
          '--pod-failure-policy',
          'FailIndex:3',
          '--pod-failure-policy',
          'Ignore:NotIn:1,2,3',
          '--parallelism',
          '2',
          '--active-deadline',
          '600',
          '--timeout',
          '300',
          '--grace-period',
          '5',
          '--completion-index-var-name',
          'SHARD',
          '--checkpoint-volume',
          '{"emptyDir":{}}',
          '--',
          'echo',
          '$(F)',
          '$(SHARD)',
          '$(MODE)',
        ],
        SEEDS,
      );
      expect([printed.code, printed.stderr]).toEqual([0, '']);
      const dry = cluster.kubectl(
        ['apply', '--dry-run=server', '--validate=strict', '-o', 'json', '-f', '-'],
        printed.stdout,
      );
      expect(dry.stderr).toBe('');
      expect(dry.code).toBe(0);
      const items = (JSON.parse(dry.stdout) as { items: Json[] }).items;
      expect(items.map((i) => i.kind)).toEqual(['ConfigMap', 'Service', 'Job']);
      const job = items[2] as Json;
      expect(job.metadata.labels).toMatchObject({
        team: 'render',
        tier: 'batch',
        'kueue.x-k8s.io/queue-name': 'team-a',
      });
      expect(job.metadata.annotations).toMatchObject({ owner: 'render-team' });
      expect(job.spec).toMatchObject({
        completions: 3,
        parallelism: 2,
        backoffLimitPerIndex: 2,
        maxFailedIndexes: 1,
        activeDeadlineSeconds: 600,
        ttlSecondsAfterFinished: 600,
        successPolicy: { rules: [{ succeededIndexes: '0-1' }] },
        podFailurePolicy: {
          rules: [
            { action: 'FailIndex', onExitCodes: { operator: 'In', values: [3] } },
            { action: 'Ignore', onExitCodes: { operator: 'NotIn', values: [1, 2, 3] } },
          ],
        },
      });
      const pod = job.spec.template.spec;
      expect(pod).toMatchObject({
        serviceAccountName: 'worker',
        subdomain: 'every-option',
        nodeSelector: { disk: 'ssd' },
        activeDeadlineSeconds: 300,
        terminationGracePeriodSeconds: 5,
      });
      expect(pod.containers[0].resources).toEqual({
        requests: { cpu: '100m', memory: '64Mi' },
        limits: { cpu: '1', memory: '128Mi' },
      });
      expect(pod.containers[0].env).toContainEqual({
        name: 'IXJOB_CHECKPOINT_DIR',
        value: '/ixjob-checkpoints/every-option',
      });
      // Nothing was created.
      expect(cluster.kubectl(['get', 'job', 'every-option', '-n', 'options']).code).not.toBe(0);
    });
  },
);
