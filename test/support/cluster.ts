import { type ChildProcess, execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The Go harness: test/k8s (its own go.mod, k8s.io/kubernetes pinned there). */
export const HARNESS_DIR = fileURLToPath(new URL('../k8s/', import.meta.url));
export const HARNESS_BIN = join(HARNESS_DIR, '.bin', 'ixjob-cluster');
const GO_MOD = readFileSync(join(HARNESS_DIR, 'go.mod'), 'utf8');
/** The Go release the pinned Kubernetes modules need (go.mod's `go` line). */
export const GO_NEEDED = (/^go (\d+)\.(\d+)/m.exec(GO_MOD) ?? []).slice(1).map(Number) as [
  number,
  number,
];
/** The pinned Kubernetes release: go.mod's k8s.io/kubernetes requirement (one place to change). */
export const KUBERNETES_VERSION = /^\s*k8s\.io\/kubernetes (v\d+\.\d+\.\d+)$/m.exec(
  GO_MOD,
)?.[1] as string;
const REQUIRED = process.env.IXJOB_REQUIRE_K8S === '1';

/** Go's version as [major, minor], or undefined when that go does not run. */
function goVersion(go: string): [number, number] | undefined {
  const r = spawnSync(go, ['env', 'GOVERSION'], {
    encoding: 'utf8',
    env: { ...process.env, GOTOOLCHAIN: 'local' },
  });
  const m = /^go(\d+)\.(\d+)/.exec(r.stdout ?? '');
  return r.status === 0 && m ? [Number(m[1]), Number(m[2])] : undefined;
}

const newEnough = (v: [number, number] | undefined) =>
  v !== undefined && (v[0] > GO_NEEDED[0] || (v[0] === GO_NEEDED[0] && v[1] >= GO_NEEDED[1]));

/**
 * The go command to build with: the official tarball's (/usr/local/go) or the one on PATH,
 * whichever is new enough (Debian's golang-go may be older than the harness needs).
 */
export function goCommand(): string | undefined {
  const candidates = ['/usr/local/go/bin/go', 'go'];
  return (
    candidates.find((go) => newEnough(goVersion(go))) ?? candidates.find((go) => goVersion(go))
  );
}

/** Why the control-plane tests cannot run here, or undefined when they can. */
export function harnessUnavailable(): string | undefined {
  const go = goCommand();
  if (!go) return 'no Go toolchain (go on PATH or /usr/local/go/bin/go)';
  const version = goVersion(go);
  if (!newEnough(version)) {
    return `Go ${version?.join('.')} (${go}) is older than go${GO_NEEDED.join('.')}, which k8s.io/kubernetes ${KUBERNETES_VERSION} needs`;
  }
  if (process.getuid?.() !== 0) return 'not root: the node agent needs mount and PID namespaces';
  if (spawnSync('unshare', ['--mount', '--pid', '--fork', 'true']).status !== 0) {
    return 'unshare --mount --pid fails here';
  }
  return undefined;
}

/**
 * Whether to run the control-plane tests: says LOUDLY why not, and with IXJOB_REQUIRE_K8S=1
 * (CI) refuses to skip.
 */
export function harnessOrSkip(what: string): boolean {
  const reason = harnessUnavailable();
  if (reason === undefined) return true;
  const message = `\n*** ${what}: SKIPPED — ${reason} ***\n`;
  if (REQUIRED) throw new Error(`IXJOB_REQUIRE_K8S=1 but ${message}`);
  console.warn(message);
  return false;
}

/** kubectl of that same release, built from its module (the machine's may be any version). */
export const KUBECTL = join(HARNESS_DIR, '.bin', 'kubectl');

/** Builds the harness and kubectl with go build, reusing Go's module and build caches; returns seconds. */
export function buildHarness(): number {
  const go = goCommand();
  if (!go) throw new Error('no Go toolchain');
  const [major, minor] = KUBERNETES_VERSION.slice(1).split('.');
  // What the release's own build stamps, so `kubectl version` names the release on both sides.
  const stamp = [`gitVersion=${KUBERNETES_VERSION}`, `gitMajor=${major}`, `gitMinor=${minor}`]
    .map((kv) => `-X k8s.io/component-base/version.${kv}`)
    .join(' ');
  const started = Date.now();
  execFileSync(
    go,
    [
      'build',
      '-ldflags',
      stamp,
      '-o',
      `${join(HARNESS_DIR, '.bin')}/`,
      './cmd/ixjob-cluster',
      'k8s.io/kubernetes/cmd/kubectl',
    ],
    {
      cwd: HARNESS_DIR,
      stdio: 'inherit',
      env: { ...process.env, GOTOOLCHAIN: 'local' },
      timeout: 60 * 60_000,
    },
  );
  return (Date.now() - started) / 1000;
}

export interface Ran {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface Cluster {
  kubeconfig: string;
  stateDir: string;
  podsDir: string;
  kubectl: (args: string[], input?: string) => Ran;
  /** kubectl that throws with its stderr when it fails. */
  kubectlOk: (args: string[], input?: string) => string;
  stop: () => Promise<void>;
}

export interface ClusterOptions {
  /** Image name to a rootfs directory or "host"; "*" is the fallback. */
  images?: Record<string, string>;
  /** The Job controller's pod failure backoff (Kubernetes: 10s); Go duration. */
  podFailureBackoff?: string;
}

/** Starts the harness (building it if needed) and waits until it is ready. */
export async function startCluster(options: ClusterOptions = {}): Promise<Cluster> {
  if (!existsSync(HARNESS_BIN) || !existsSync(KUBECTL)) buildHarness();
  const stateDir = mkdtempSync(join(tmpdir(), 'ixjob-cluster-'));
  const imagesFile = join(stateDir, 'images.json');
  writeFileSync(imagesFile, JSON.stringify(options.images ?? { '*': 'host' }));
  const args = ['--state-dir', stateDir, '--images', imagesFile];
  if (options.podFailureBackoff) args.push('--pod-failure-backoff', options.podFailureBackoff);
  const logPath = join(stateDir, 'harness.log');
  const { openSync } = await import('node:fs');
  const log = openSync(logPath, 'a');
  const child: ChildProcess = spawn(HARNESS_BIN, args, { stdio: ['ignore', log, log] });
  let exited = false;
  child.on('exit', () => {
    exited = true;
  });
  const readyFile = join(stateDir, 'ready');
  const deadline = Date.now() + 180_000;
  while (!existsSync(readyFile)) {
    if (exited || Date.now() > deadline) {
      const tail = readFileSync(logPath, 'utf8').split('\n').slice(-40).join('\n');
      child.kill('SIGKILL');
      throw new Error(`the harness did not start (${exited ? 'exited' : 'timeout'}):\n${tail}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  const ready = JSON.parse(readFileSync(readyFile, 'utf8')) as {
    kubeconfig: string;
    podsDir: string;
  };
  const kubectl = (kargs: string[], input?: string): Ran => {
    const r = spawnSync(KUBECTL, ['--kubeconfig', ready.kubeconfig, ...kargs], {
      input,
      encoding: 'utf8',
      timeout: 120_000,
    });
    return { code: r.status, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
  };
  return {
    kubeconfig: ready.kubeconfig,
    stateDir,
    podsDir: ready.podsDir,
    kubectl,
    kubectlOk: (kargs, input) => {
      const r = kubectl(kargs, input);
      if (r.code !== 0) throw new Error(`kubectl ${kargs.join(' ')}: ${r.stderr}`);
      return r.stdout;
    },
    stop: async () => {
      if (!exited) {
        const gone = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        await gone;
        clearTimeout(timer);
      }
      if (process.env.IXJOB_KEEP_CLUSTER !== '1')
        rmSync(stateDir, { recursive: true, force: true });
    },
  };
}
