import { createServer } from 'node:net';
import { IxjobError, PEER_HOST_VARIABLE, PEER_PORT_VARIABLE } from '@ixjob/sdk/internal';

/** Every index of a local run is on this host. */
export const LOOPBACK = '127.0.0.1';
/** Above the common servers' ports and below Linux's ephemeral range, where connections' own ports come from. */
const LOW = 20_000;
const HIGH = 32_767;
const TRIES = 20;

function free(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen({ port, host: LOOPBACK, exclusive: true }, () =>
      server.close(() => resolve(true)),
    );
  });
}

async function allFree(base: number, count: number): Promise<boolean> {
  for (let port = base; port < base + count; port++) if (!(await free(port))) return false;
  return true;
}

/**
 * A run of `count` ports free on loopback, one per index, found once per run: every attempt of
 * index `i` gets the same `base + i`, so a retried worker finds its peers where they were.
 */
export async function loopbackPorts(
  count: number,
  random: () => number = Math.random,
): Promise<number> {
  if (count > HIGH - LOW) {
    throw new IxjobError(
      'usage',
      `${count} indexes need a port each on this host, and at most ${HIGH - LOW} are set aside`,
      '--completions',
    );
  }
  for (let attempt = 0; attempt < TRIES; attempt++) {
    const base = LOW + Math.floor(random() * (HIGH - LOW - count + 1));
    if (await allFree(base, count)) return base;
  }
  throw new IxjobError(
    'cannot-create',
    `found no ${count} free ports in a row on ${LOOPBACK} between ${LOW} and ${HIGH}`,
    PEER_PORT_VARIABLE,
  );
}

/** The variables that tell each attempt where its peers are (peer-addresses.ts in the SDK reads them). */
export async function loopbackPeers(count: number): Promise<Record<string, string>> {
  return {
    [PEER_HOST_VARIABLE]: LOOPBACK,
    [PEER_PORT_VARIABLE]: String(await loopbackPorts(count)),
  };
}
