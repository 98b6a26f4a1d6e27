import type { PeerAddress } from '../env/framework-variables.ts';
import { peerAddresses } from '../env/peer-addresses.ts';
import { IxjobError } from '../failure/ixjob-error.ts';
import { nodeFiles } from '../io/files.ts';
import { findIndex } from '../locate/find-index.ts';

export type { PeerAddress } from '../env/framework-variables.ts';

/** Where {@link peers} looks; the defaults are what a pod has. */
export interface PeersOptions {
  /** The environment to read (default: `process.env`). */
  env?: Readonly<Record<string, string | undefined>> | undefined;
  /** This process's index, as the shim's `--index` gives it: for running a worker by hand. */
  index?: number | undefined;
  /** Where the downward-API files are mounted (default: `$IXJOB_PODINFO`, then `/etc/podinfo`). */
  podinfo?: string | undefined;
  /** The world size, when the environment does not give it (the shim exports `IXJOB_COUNT`). */
  count?: number | undefined;
}

export interface WaitOptions {
  /** Stops the wait: the promise rejects with the signal's reason. */
  signal?: AbortSignal | undefined;
  /** Give up after this long (default: 5 minutes, about what a cluster takes to schedule pods). */
  timeoutMs?: number | undefined;
  /** Which ranks to wait for (default: every one). */
  ranks?: readonly number[] | undefined;
  /** How a name is looked up (default: `dns.lookup`, as the frameworks' own connects do). */
  lookup?: ((host: string) => Promise<unknown>) | undefined;
}

/** This process's place among its peers, and where each of them listens. */
export interface Peers {
  /** This process's rank: its completion index. */
  readonly rank: number;
  /** How many peers, this one included: the job's completions. */
  readonly worldSize: number;
  /** Rank 0 leads: it hosts torch's store, JAX's coordinator, TF's chief work. */
  readonly isLeader: boolean;
  readonly leader: PeerAddress;
  /** This process's own address: where its peers will reach it. */
  readonly self: PeerAddress;
  /** Each rank's address. */
  address(rank: number): PeerAddress;
  /**
   * Resolves once every peer's name resolves, retrying with backoff: a new pod's name takes
   * seconds to appear in cluster DNS. Rejects with one `IxjobError` naming the peers still
   * missing when `timeoutMs` passes.
   */
  waitForPeers(options?: WaitOptions): Promise<void>;
}

const FIRST_DELAY_MS = 50;
const MAX_DELAY_MS = 2000;
const DEFAULT_TIMEOUT_MS = 5 * 60_000;

/**
 * Rank, world size, the leader and every peer's address: in a cluster the pod names
 * `<job>-<i>.<service>` that `ixjob manifest --peers` makes resolvable, under `ixjob run` with
 * a framework flag loopback and a port per index.
 *
 * @example
 * const group = peers();
 * await group.waitForPeers({ signal, timeoutMs: 60_000 });
 * connect(group.leader.host, group.leader.port);
 */
export function peers(options: PeersOptions = {}): Peers {
  const env = options.env ?? process.env;
  const index = options.index === undefined ? undefined : String(options.index);
  const info = findIndex({ env, files: nodeFiles, index, podinfo: options.podinfo });
  const worldSize = info.count ?? options.count;
  if (worldSize === undefined) {
    throw new IxjobError(
      'config',
      'the world size is not known: run under the ixjob shim with --completions N or a work spec',
      'IXJOB_COUNT',
    );
  }
  if (info.count !== null && options.count !== undefined && options.count !== info.count) {
    throw new IxjobError(
      'config',
      `the world size is ${info.count} by ${info.source}, not ${options.count}`,
      'IXJOB_COUNT',
    );
  }
  const where = peerAddresses(env, worldSize);
  const address = (rank: number): PeerAddress => {
    if (!Number.isSafeInteger(rank) || rank < 0 || rank >= worldSize)
      throw new RangeError(`a rank is an integer in 0..${worldSize - 1}; got ${rank}`);
    return where(rank);
  };
  return {
    rank: info.index,
    worldSize,
    isLeader: info.index === 0,
    leader: address(0),
    self: address(info.index),
    address,
    waitForPeers: (wait = {}) =>
      waitForNames(
        (wait.ranks ?? Array.from({ length: worldSize }, (_, i) => i)).map((r) => address(r).host),
        wait,
      ),
  };
}

/** Retries each distinct name until it resolves; on timeout, one error naming what is missing. */
export async function waitForNames(
  hosts: readonly string[],
  options: WaitOptions = {},
): Promise<void> {
  // The resolver loads at the first wait, not at every worker's start (its ESM facade costs ms).
  const lookup =
    options.lookup ??
    ((host: string) => process.getBuiltinModule('node:dns/promises').lookup(host));
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const deadline = Date.now() + timeoutMs;
  const missing = [...new Set(hosts)];
  let delay = FIRST_DELAY_MS;
  let lastError = '';
  while (missing.length > 0) {
    options.signal?.throwIfAborted();
    const host = missing[0] as string;
    try {
      await lookup(host);
      missing.shift();
      delay = FIRST_DELAY_MS;
      continue;
    } catch (error) {
      lastError = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    }
    const left = deadline - Date.now();
    if (left <= 0) {
      const names =
        missing.length > 3
          ? `${missing.slice(0, 3).join(', ')} and ${missing.length - 3} more`
          : missing.join(', ');
      throw new IxjobError(
        'unavailable',
        `peers not found after ${timeoutMs} ms: ${names} (last lookup: ${lastError})`,
        host,
      );
    }
    const { setTimeout: sleep } = process.getBuiltinModule('node:timers/promises');
    await sleep(Math.min(delay, left), undefined, { signal: options.signal });
    delay = Math.min(delay * 2, MAX_DELAY_MS);
  }
}
