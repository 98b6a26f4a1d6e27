import { constants } from 'node:os';
import { cString, cStrings, environmentStrings } from '../../exec/c-strings.ts';
import type { Exit, Launched, LaunchRequest } from './launched.ts';

type Ffi = typeof import('node:ffi');

// glibc's and musl's values (spawn.h); the structures are smaller than these buffers on both.
const SETSIGDEF = 0x04;
const SETSIGMASK = 0x08;
const SETSID = 0x80;
const WNOHANG = 1;
const O_RDONLY = 0;
const STRUCT_BYTES = 512;
const SIGSET_BYTES = 128;

const SIGNAL_NAMES = new Map(
  Object.entries(constants.signals).map(([name, number]) => [number, name as NodeJS.Signals]),
);

function lostChild(pid: number): Exit {
  const error = Object.assign(new Error(`process ${pid} was reaped by another waiter`), {
    code: 'ECHILD',
  });
  return { code: null, signal: null, error };
}

/** A raw wait status as Node reports an exit: the code, or the signal that killed it. */
function decodeStatus(status: number): Exit {
  const signal = status & 0x7f;
  if (signal === 0) return { code: (status >> 8) & 0xff, signal: null };
  return { code: null, signal: SIGNAL_NAMES.get(signal) ?? null };
}

/**
 * Starts commands with libc's posix_spawn through node:ffi. Node's spawn forks the whole
 * runner and waits for the exec, a millisecond of the runner's one thread per attempt; glibc's
 * posix_spawn shares memory with the parent until the exec (clone with CLONE_VFORK), so a local
 * job of short commands runs about twice as fast. The child gets what Node's spawn gives it:
 * a new session, every signal at its default and none blocked, stdin on /dev/null.
 */
export function posixSpawner(ffi: Ffi): (request: LaunchRequest) => Launched {
  const { functions: c } = ffi.dlopen(null, {
    posix_spawn: {
      arguments: ['buffer', 'buffer', 'buffer', 'buffer', 'buffer', 'buffer'],
      return: 'int32',
    },
    posix_spawnattr_init: { arguments: ['buffer'], return: 'int32' },
    posix_spawnattr_setflags: { arguments: ['buffer', 'int16'], return: 'int32' },
    posix_spawnattr_setsigdefault: { arguments: ['buffer', 'buffer'], return: 'int32' },
    posix_spawnattr_setsigmask: { arguments: ['buffer', 'buffer'], return: 'int32' },
    posix_spawn_file_actions_init: { arguments: ['buffer'], return: 'int32' },
    posix_spawn_file_actions_destroy: { arguments: ['buffer'], return: 'int32' },
    posix_spawn_file_actions_adddup2: { arguments: ['buffer', 'int32', 'int32'], return: 'int32' },
    posix_spawn_file_actions_addopen: {
      arguments: ['buffer', 'int32', 'string', 'int32', 'uint32'],
      return: 'int32',
    },
    sigfillset: { arguments: ['buffer'], return: 'int32' },
    sigemptyset: { arguments: ['buffer'], return: 'int32' },
    waitpid: { arguments: ['int32', 'buffer', 'int32'], return: 'int32' },
  });
  const attributes = Buffer.alloc(STRUCT_BYTES);
  const everySignal = Buffer.alloc(SIGSET_BYTES);
  const noSignal = Buffer.alloc(SIGSET_BYTES);
  c.posix_spawnattr_init(attributes);
  c.sigfillset(everySignal);
  c.sigemptyset(noSignal);
  c.posix_spawnattr_setflags(attributes, SETSID | SETSIGDEF | SETSIGMASK);
  c.posix_spawnattr_setsigdefault(attributes, everySignal);
  c.posix_spawnattr_setsigmask(attributes, noSignal);

  // Scratch for the synchronous calls below: one of each serves every attempt.
  const actions = Buffer.alloc(STRUCT_BYTES);
  const pidOut = Buffer.alloc(4);
  const status = Buffer.alloc(8);
  const waiting = new Map<number, (exit: Exit) => void>();
  /** SIGCHLD says some child ended: reap ours only, never the ones Node's spawn started. */
  const reap = () => {
    for (const [pid, resolve] of waiting) {
      const reaped = c.waitpid(pid, status, WNOHANG);
      if (reaped === 0) continue;
      waiting.delete(pid);
      // -1: someone else reaped it, and how it ended is lost; never wait for it forever.
      resolve(reaped === pid ? decodeStatus(status.readInt32LE(0)) : lostChild(pid));
    }
    if (waiting.size === 0) stopListening();
  };
  // Signal handles do not keep Node's loop alive: a long timer does, while children run.
  let keepAlive: NodeJS.Timeout | undefined;
  const stopListening = () => {
    process.off('SIGCHLD', reap);
    clearInterval(keepAlive);
    keepAlive = undefined;
  };

  return ({ file, argv, env, output }) => {
    if (output === undefined) throw new Error('posix_spawn attempts write to a descriptor');
    c.posix_spawn_file_actions_init(actions);
    c.posix_spawn_file_actions_addopen(actions, 0, '/dev/null', O_RDONLY, 0);
    c.posix_spawn_file_actions_adddup2(actions, output, 1);
    c.posix_spawn_file_actions_adddup2(actions, output, 2);
    // Exact bytes, as the pod's exec passes them: escaped bytes (not UTF-8) are restored.
    const path = cString(file);
    const args = cStrings(ffi, argv);
    const environment = cStrings(ffi, environmentStrings(env));
    if (keepAlive === undefined) {
      process.on('SIGCHLD', reap);
      keepAlive = setInterval(() => {}, 2 ** 31 - 1);
    }
    const failed = c.posix_spawn(pidOut, path, actions, attributes, args.table, environment.table);
    c.posix_spawn_file_actions_destroy(actions);
    // The strings must outlive the call: this keeps them reachable until here.
    void args.bytes;
    void environment.bytes;
    if (failed !== 0) {
      if (waiting.size === 0) stopListening();
      const code = Object.entries(constants.errno).find(([, n]) => n === failed)?.[0] ?? 'EIO';
      const error = Object.assign(new Error(`spawn ${file} ${code}`), { code, errno: -failed });
      return {
        pid: undefined,
        running: () => false,
        exited: Promise.resolve({ code: null, signal: null, error }),
      };
    }
    const pid = pidOut.readInt32LE(0);
    let done = false;
    const exited = new Promise<Exit>((resolve) =>
      waiting.set(pid, (exit) => {
        done = true;
        resolve(exit);
      }),
    );
    return { pid, running: () => !done, exited };
  };
}
