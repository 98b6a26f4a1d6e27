import { IxjobError } from '../failure/ixjob-error.ts';
import type { PeerAddress } from './framework-variables.ts';

/** Set by `ixjob run`: every index on this host, index `i` on port `IXJOB_PEER_PORT + i`. */
export const PEER_HOST_VARIABLE = 'IXJOB_PEER_HOST';
/** The leader's port; in a cluster every pod's, as each has its own name. */
export const PEER_PORT_VARIABLE = 'IXJOB_PEER_PORT';
/** Set by `ixjob manifest --peers`: pod `i` is `<job>-<i>.<service>`. */
export const JOB_NAME_VARIABLE = 'IXJOB_JOB_NAME';
export const SERVICE_VARIABLE = 'IXJOB_SERVICE';
/** torchrun's default port: what a cluster uses unless `IXJOB_PEER_PORT` says otherwise. */
export const DEFAULT_PEER_PORT = 29500;

type Env = Readonly<Record<string, string | undefined>>;

function port(env: Env, count: number, perIndex: boolean): number {
  const text = env[PEER_PORT_VARIABLE];
  if (text === undefined || text === '') return DEFAULT_PEER_PORT;
  const value = /^[0-9]{1,5}$/.test(text) ? Number(text) : Number.NaN;
  const last = perIndex ? value + count - 1 : value;
  if (!(value >= 1 && last <= 65_535)) {
    const needs = perIndex ? `, with room for ${count} ports,` : '';
    throw new IxjobError(
      'config',
      `${JSON.stringify(text)} is not a TCP port${needs} (1-65535)`,
      PEER_PORT_VARIABLE,
    );
  }
  return value;
}

/**
 * Each index's address, from the variables the runner or the manifest set: under `ixjob run`
 * one host and a port per index, in a cluster each pod's DNS name and one port.
 */
export function peerAddresses(env: Env, count: number): (index: number) => PeerAddress {
  const host = env[PEER_HOST_VARIABLE];
  if (host !== undefined && host !== '') {
    const base = port(env, count, true);
    return (index) => ({ host, port: base + index });
  }
  const job = env[JOB_NAME_VARIABLE];
  const service = env[SERVICE_VARIABLE];
  if (job === undefined || job === '' || service === undefined || service === '') {
    throw new IxjobError(
      'config',
      `the peers' addresses are not known: run under ixjob run, or in a pod of ixjob manifest --peers (which sets ${JOB_NAME_VARIABLE} and ${SERVICE_VARIABLE})`,
      SERVICE_VARIABLE,
    );
  }
  const shared = port(env, count, false);
  return (index) => ({ host: `${job}-${index}.${service}`, port: shared });
}
