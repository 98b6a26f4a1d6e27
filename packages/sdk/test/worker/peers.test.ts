import { IxjobError, type PeerAddress, peers } from '@ixjob/sdk';
import { describe, expect, test } from 'vitest';

const CLUSTER = { IXJOB_JOB_NAME: 'train', IXJOB_SERVICE: 'train-svc', IXJOB_COUNT: '4' };
const LOCAL = { IXJOB_PEER_HOST: '127.0.0.1', IXJOB_PEER_PORT: '21000', IXJOB_COUNT: '3' };

describe('peers()', () => {
  test.each<[string, Record<string, string>, number, boolean, PeerAddress[]]>([
    [
      'a cluster: pod names under the Service',
      { ...CLUSTER, IXJOB_INDEX: '2' },
      2,
      false,
      [0, 1, 2, 3].map((i) => ({ host: `train-${i}.train-svc`, port: 29500 })),
    ],
    [
      'under ixjob run: loopback, a port per rank',
      { ...LOCAL, IXJOB_INDEX: '0' },
      0,
      true,
      [0, 1, 2].map((i) => ({ host: '127.0.0.1', port: 21000 + i })),
    ],
  ])('%s', (_, env, rank, isLeader, addresses) => {
    const group = peers({ env });
    expect(group).toMatchObject({ rank, worldSize: addresses.length, isLeader });
    expect(group.leader).toEqual(addresses[0]);
    expect(group.self).toEqual(addresses[rank]);
    expect(addresses.map((_, i) => group.address(i))).toEqual(addresses);
    expect(() => group.address(addresses.length)).toThrow(RangeError);
  });

  test('--index from the options, as the shim takes it', () => {
    const { IXJOB_COUNT: _, ...noCount } = CLUSTER;
    expect(peers({ env: noCount, index: 3, count: 4 })).toMatchObject({ rank: 3, worldSize: 4 });
    expect(() => peers({ env: { ...CLUSTER, IXJOB_INDEX: '3' }, count: 5 })).toThrow(
      /world size is 4 by .*, not 5/,
    );
  });

  test.each<[string, Record<string, string>, RegExp]>([
    [
      'no world size',
      { IXJOB_INDEX: '0', IXJOB_JOB_NAME: 'j', IXJOB_SERVICE: 's' },
      /world size is not known/,
    ],
    [
      'no peers variables',
      { IXJOB_INDEX: '0', IXJOB_COUNT: '2' },
      /peers' addresses are not known/,
    ],
  ])('%s: a config error, one line', (_, env, message) => {
    let caught: unknown;
    try {
      peers({ env });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(IxjobError);
    expect(caught).toMatchObject({ kind: 'config', message: expect.stringMatching(message) });
    expect((caught as Error).message).not.toContain('\n');
  });
});

describe('waitForPeers', () => {
  test('resolves once real names resolve', async () => {
    const env = { IXJOB_JOB_NAME: 'j', IXJOB_SERVICE: 's', IXJOB_COUNT: '2', IXJOB_INDEX: '0' };
    const group = peers({ env });
    // Real lookups, of names this host always has.
    const names: string[] = [];
    await group.waitForPeers({
      timeoutMs: 5000,
      lookup: async (host) => {
        names.push(host);
        const { lookup } = await import('node:dns/promises');
        return lookup(host.replace(/^j-[0-9]+\.s$/, 'localhost'));
      },
    });
    expect(names).toEqual(['j-0.s', 'j-1.s']);
    await peers({ env: { ...LOCAL, IXJOB_INDEX: '1' } }).waitForPeers({ timeoutMs: 5000 });
  });

  test('retries a name that appears late', async () => {
    const env = { ...CLUSTER, IXJOB_INDEX: '0' };
    let calls = 0;
    await peers({ env }).waitForPeers({
      ranks: [1],
      timeoutMs: 5000,
      lookup: async () => {
        calls++;
        if (calls < 3) throw Object.assign(new Error('nope'), { code: 'ENOTFOUND' });
      },
    });
    expect(calls).toBe(3);
  });

  test('a name that never resolves: one clear error after the timeout', async () => {
    const env = {
      IXJOB_JOB_NAME: 'nobody',
      IXJOB_SERVICE: 'ixjob.invalid',
      IXJOB_COUNT: '2',
      IXJOB_INDEX: '0',
    };
    const started = Date.now();
    const wait = peers({ env }).waitForPeers({ timeoutMs: 400 });
    await expect(wait).rejects.toBeInstanceOf(IxjobError);
    await expect(wait).rejects.toMatchObject({
      kind: 'unavailable',
      message: expect.stringMatching(
        /^peers not found after 400 ms: nobody-0\.ixjob\.invalid, nobody-1\.ixjob\.invalid \(last lookup: [A-Z_]+\)$/,
      ),
    });
    expect(Date.now() - started).toBeGreaterThanOrEqual(390);
    expect(Date.now() - started).toBeLessThan(3000);
  });

  test('an aborted signal stops the wait', async () => {
    const env = {
      IXJOB_JOB_NAME: 'nobody',
      IXJOB_SERVICE: 'ixjob.invalid',
      IXJOB_COUNT: '1',
      IXJOB_INDEX: '0',
    };
    const controller = new AbortController();
    const wait = peers({ env }).waitForPeers({ signal: controller.signal, timeoutMs: 60_000 });
    setTimeout(() => controller.abort(), 100);
    await expect(wait).rejects.toMatchObject({ name: 'AbortError' });
  });
});
