/** The frameworks whose variables the shim can export: `--torch`, `--jax`, `--tf`, `--rank-vars`. */
export const FRAMEWORKS = ['torch', 'jax', 'tf', 'rank'] as const;
export type Framework = (typeof FRAMEWORKS)[number];

/** Where one index listens: a name or IP, and a TCP port. */
export interface PeerAddress {
  readonly host: string;
  readonly port: number;
}

export interface FrameworkInput {
  frameworks: readonly Framework[];
  /** This process's rank: its completion index. */
  index: number;
  /** The world size: the job's completions. */
  count: number;
  /** Index `i`'s address; the leader is index 0. */
  address: (index: number) => PeerAddress;
}

/**
 * The first of these frameworks whose processes meet at index 0 (all but plain
 * `RANK`/`WORLD_SIZE` do): they need the peers' addresses, and every index running at once.
 */
export function rendezvousFramework(
  frameworks: readonly Framework[] | undefined,
): Framework | undefined {
  return (frameworks ?? []).find((framework) => framework !== 'rank');
}

/** Whether these frameworks need the peers' addresses. */
export function needsPeers(frameworks: readonly Framework[] | undefined): boolean {
  return rendezvousFramework(frameworks) !== undefined;
}

/** `host:port`, as JAX's coordinator and TF's cluster spec take it. */
export function hostPort({ host, port }: PeerAddress): string {
  return `${host}:${port}`;
}

/**
 * The variables each framework reads to join the job, one process per index: torch (and
 * torchrun's `PET_*` options, one process per node), JAX's `jax.distributed.initialize()`,
 * TF's `TF_CONFIG`, and the plain `RANK`/`WORLD_SIZE` WebDataset splits by.
 */
export function frameworkVariables(input: FrameworkInput): Record<string, string> {
  const { index, count } = input;
  const rank = String(index);
  const size = String(count);
  // Looked up only when asked for: plain RANK/WORLD_SIZE need no peers.
  const leader = (): PeerAddress => input.address(0);
  const out: Record<string, string> = {};
  for (const framework of input.frameworks) {
    switch (framework) {
      case 'rank':
        Object.assign(out, { RANK: rank, WORLD_SIZE: size });
        break;
      case 'torch': {
        const { host, port } = leader();
        Object.assign(out, {
          MASTER_ADDR: host,
          MASTER_PORT: String(port),
          RANK: rank,
          WORLD_SIZE: size,
          LOCAL_RANK: '0',
          LOCAL_WORLD_SIZE: '1',
          NODE_RANK: rank,
          PET_NNODES: size,
          PET_NODE_RANK: rank,
          PET_MASTER_ADDR: host,
          PET_MASTER_PORT: String(port),
        });
        break;
      }
      case 'jax':
        Object.assign(out, {
          JAX_COORDINATOR_ADDRESS: hostPort(leader()),
          JAX_NUM_PROCESSES: size,
          JAX_PROCESS_ID: rank,
        });
        break;
      case 'tf': {
        const worker = Array.from({ length: count }, (_, i) => hostPort(input.address(i)));
        out.TF_CONFIG = JSON.stringify({
          cluster: { worker },
          task: { type: 'worker', index },
        });
        break;
      }
    }
  }
  return out;
}

/** Every name `frameworkVariables` may export for these frameworks: for the manifest's escaping. */
export function frameworkVariableNames(frameworks: readonly Framework[]): string[] {
  const names = frameworkVariables({
    frameworks,
    index: 0,
    count: 1,
    address: () => ({ host: 'h', port: 1 }),
  });
  return Object.keys(names);
}
