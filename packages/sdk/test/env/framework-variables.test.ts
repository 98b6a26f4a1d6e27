import {
  type Framework,
  frameworkVariableNames,
  frameworkVariables,
  IxjobError,
  needsPeers,
  type PeerAddress,
  peerAddresses,
} from '@ixjob/sdk/internal';
import { describe, expect, test } from 'vitest';

const cluster = (i: number): PeerAddress => ({ host: `train-${i}.train`, port: 29500 });
const loopback = (i: number): PeerAddress => ({ host: '127.0.0.1', port: 20000 + i });

describe('frameworkVariables', () => {
  test.each<
    [string, Framework[], number, number, (i: number) => PeerAddress, Record<string, string>]
  >([
    ['rank only', ['rank'], 2, 4, cluster, { RANK: '2', WORLD_SIZE: '4' }],
    [
      'torch in a cluster',
      ['torch'],
      2,
      4,
      cluster,
      {
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
      },
    ],
    [
      'jax on loopback',
      ['jax'],
      1,
      3,
      loopback,
      { JAX_COORDINATOR_ADDRESS: '127.0.0.1:20000', JAX_NUM_PROCESSES: '3', JAX_PROCESS_ID: '1' },
    ],
    [
      'tf on loopback: every worker its own port',
      ['tf'],
      1,
      3,
      loopback,
      {
        TF_CONFIG:
          '{"cluster":{"worker":["127.0.0.1:20000","127.0.0.1:20001","127.0.0.1:20002"]},"task":{"type":"worker","index":1}}',
      },
    ],
    [
      'tf in a cluster, the leader itself',
      ['tf'],
      0,
      2,
      cluster,
      {
        TF_CONFIG:
          '{"cluster":{"worker":["train-0.train:29500","train-1.train:29500"]},"task":{"type":"worker","index":0}}',
      },
    ],
  ])('%s', (_, frameworks, index, count, address, expected) => {
    expect(frameworkVariables({ frameworks, index, count, address })).toEqual(expected);
  });

  test('several frameworks at once agree on RANK', () => {
    const out = frameworkVariables({
      frameworks: ['rank', 'torch', 'jax'],
      index: 3,
      count: 4,
      address: cluster,
    });
    expect(out.RANK).toBe('3');
    expect(out.JAX_PROCESS_ID).toBe('3');
    expect(out.WORLD_SIZE).toBe('4');
  });

  test('TF_CONFIG parses as TensorFlow reads it', () => {
    const { TF_CONFIG } = frameworkVariables({
      frameworks: ['tf'],
      index: 0,
      count: 1,
      address: loopback,
    });
    expect(JSON.parse(TF_CONFIG ?? '')).toEqual({
      cluster: { worker: ['127.0.0.1:20000'] },
      task: { type: 'worker', index: 0 },
    });
  });

  test('plain RANK/WORLD_SIZE never look up an address', () => {
    const address = () => {
      throw new Error('no peers here');
    };
    expect(frameworkVariables({ frameworks: ['rank'], index: 0, count: 1, address })).toEqual({
      RANK: '0',
      WORLD_SIZE: '1',
    });
    expect(needsPeers(['rank'])).toBe(false);
    expect(needsPeers(undefined)).toBe(false);
    expect(needsPeers(['rank', 'jax'])).toBe(true);
  });

  test('names, for the manifest', () => {
    expect(frameworkVariableNames(['jax', 'tf']).sort()).toEqual([
      'JAX_COORDINATOR_ADDRESS',
      'JAX_NUM_PROCESSES',
      'JAX_PROCESS_ID',
      'TF_CONFIG',
    ]);
    expect(frameworkVariableNames([])).toEqual([]);
  });
});

describe('peerAddresses', () => {
  test.each<[string, Record<string, string>, number, PeerAddress[]]>([
    [
      'a cluster: pod names, one port',
      { IXJOB_JOB_NAME: 'train', IXJOB_SERVICE: 'train' },
      3,
      [0, 1, 2].map((i) => ({ host: `train-${i}.train`, port: 29500 })),
    ],
    [
      'a cluster with its own port',
      { IXJOB_JOB_NAME: 'j', IXJOB_SERVICE: 's', IXJOB_PEER_PORT: '1234' },
      2,
      [0, 1].map((i) => ({ host: `j-${i}.s`, port: 1234 })),
    ],
    [
      'ixjob run: loopback, a port per index, over cluster names',
      {
        IXJOB_PEER_HOST: '127.0.0.1',
        IXJOB_PEER_PORT: '20000',
        IXJOB_JOB_NAME: 'j',
        IXJOB_SERVICE: 's',
      },
      3,
      [0, 1, 2].map((i) => ({ host: '127.0.0.1', port: 20000 + i })),
    ],
    [
      'the last port fits',
      { IXJOB_PEER_HOST: 'h', IXJOB_PEER_PORT: '65534' },
      2,
      [0, 1].map((i) => ({ host: 'h', port: 65534 + i })),
    ],
  ])('%s', (_, env, count, expected) => {
    const address = peerAddresses(env, count);
    expect(Array.from({ length: count }, (_, i) => address(i))).toEqual(expected);
  });

  test.each<[string, Record<string, string>, RegExp]>([
    ['no peers at all', {}, /peers' addresses are not known.*\(IXJOB_SERVICE\)$/],
    ['a job and no service', { IXJOB_JOB_NAME: 'j' }, /not known/],
    [
      'a port that is not one',
      { IXJOB_PEER_HOST: 'h', IXJOB_PEER_PORT: '8o' },
      /"8o" is not a TCP port/,
    ],
    [
      'port zero',
      { IXJOB_JOB_NAME: 'j', IXJOB_SERVICE: 's', IXJOB_PEER_PORT: '0' },
      /not a TCP port/,
    ],
    [
      'no room for every index',
      { IXJOB_PEER_HOST: 'h', IXJOB_PEER_PORT: '65535' },
      /room for 2 ports/,
    ],
  ])('%s: one line, a config error', (_, env, message) => {
    let caught: unknown;
    try {
      peerAddresses(env, 2);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(IxjobError);
    const error = caught as IxjobError;
    expect(error.kind).toBe('config');
    expect(`${error.message} (${error.where})`).toMatch(message);
    expect(error.message).not.toContain('\n');
  });
});
