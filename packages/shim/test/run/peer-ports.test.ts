import { createServer, type Server } from 'node:net';
import { describe, expect, test } from 'vitest';
import { LOOPBACK, loopbackPeers, loopbackPorts } from '../../src/run/peer-ports.ts';

function listen(port: number): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen({ port, host: LOOPBACK }, () => resolve(server));
  });
}

describe('loopbackPorts', () => {
  test('a run of free ports, each of which can be listened on', async () => {
    const base = await loopbackPorts(4);
    const servers = await Promise.all([0, 1, 2, 3].map((i) => listen(base + i)));
    for (const server of servers) server.close();
  });

  test('a run with a taken port is passed over', async () => {
    const first = await loopbackPorts(3, () => 0.5);
    const taken = await listen(first + 1);
    try {
      // The first try lands on the taken run, the second elsewhere.
      const tries = [0.5, 0.9];
      const base = await loopbackPorts(3, () => tries.shift() ?? 0.1);
      expect(base).not.toBe(first);
    } finally {
      taken.close();
    }
  });

  test('more indexes than ports set aside: one line, a usage error', async () => {
    await expect(loopbackPorts(100_000)).rejects.toMatchObject({
      kind: 'usage',
      message: '100000 indexes need a port each on this host, and at most 12767 are set aside',
    });
  });

  test('the variables the attempts get', async () => {
    const env = await loopbackPeers(2);
    expect(env.IXJOB_PEER_HOST).toBe('127.0.0.1');
    expect(Number(env.IXJOB_PEER_PORT)).toBeGreaterThanOrEqual(20_000);
  });
});
