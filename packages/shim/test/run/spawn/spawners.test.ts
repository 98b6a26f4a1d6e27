import { mkdtempSync, openSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeBytes } from '@ixjob/sdk/internal';
import { afterAll, describe, expect, test } from 'vitest';
import type { Launched, LaunchRequest } from '../../../src/run/spawn/launched.ts';
import { nodeSpawn } from '../../../src/run/spawn/node-spawn.ts';
import { posixSpawner } from '../../../src/run/spawn/posix-spawn.ts';

const ffi = process.getBuiltinModule('node:ffi') as typeof import('node:ffi') | undefined;
const dir = mkdtempSync(join(tmpdir(), 'ixjob-spawners-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Both ways of starting an attempt must give the command the same world. */
const SPAWNERS: { name: string; launch?: (request: LaunchRequest) => Launched }[] = [
  { name: "Node's spawn", launch: nodeSpawn },
  { name: 'posix_spawn through node:ffi', ...(ffi ? { launch: posixSpawner(ffi) } : {}) },
];

let runs = 0;
/** Runs `argv` with its output in a file; resolves with how it ended and what it printed. */
async function run(
  launch: (request: LaunchRequest) => Launched,
  argv: string[],
  env: Record<string, string> = { PATH: '/usr/bin:/bin' },
  file = argv[0] ?? '',
) {
  const log = join(dir, `${runs++}.log`);
  const output = openSync(log, 'w');
  const launched = launch({ file, argv, env, output });
  const exit = await launched.exited;
  return { launched, exit, printed: readFileSync(log, 'utf8') };
}

const sh = (script: string) => ['/bin/sh', '-c', script];

/**
 * Signals 32 and 33, which glibc keeps for its threads: its posix_spawn leaves them ignored
 * where the parent handles them, and no program can use them through glibc or musl.
 */
const GLIBC_RESERVED = (1n << 31n) | (1n << 32n);

/** Descriptors this test process holds open without close-on-exec (a test runner's channel): any spawn passes those on. */
const INHERITABLE = readdirSync('/proc/self/fd').filter((fd) => {
  if (Number(fd) <= 2) return false;
  try {
    const flags = /flags:\s+(\d+)/.exec(readFileSync(`/proc/self/fdinfo/${fd}`, 'utf8'))?.[1];
    return (Number.parseInt(flags ?? '0', 8) & 0o2000000) === 0;
  } catch {
    return false;
  }
});

describe.each(SPAWNERS)('$name', ({ launch }) => {
  test.skipIf(!launch).each([
    { script: 'exit 0', code: 0, signal: null },
    { script: 'exit 3', code: 3, signal: null },
    { script: 'exit 255', code: 255, signal: null },
    { script: 'kill -TERM $$', code: null, signal: 'SIGTERM' },
    { script: 'kill -KILL $$', code: null, signal: 'SIGKILL' },
    { script: 'kill -PIPE $$', code: null, signal: 'SIGPIPE' },
  ])('`$script` ends with code $code, signal $signal', async ({ script, code, signal }) => {
    const { exit } = await run(launch as never, sh(script));
    expect(exit).toEqual({ code, signal });
  });

  test.skipIf(!launch)('stdout and stderr both go to the descriptor, in order', async () => {
    const { printed } = await run(launch as never, sh('echo out; echo err >&2; echo out2'));
    expect(printed).toBe('out\nerr\nout2\n');
  });

  test.skipIf(!launch)(
    'the environment is exactly the one given, values byte for byte',
    async () => {
      const env = { PATH: '/usr/bin:/bin', ODD: 'a b\tc\n$(X) é', EMPTY: '' };
      const { printed } = await run(launch as never, ['/usr/bin/env', '-0'], env);
      expect(printed.split('\0').filter(Boolean).sort()).toEqual(
        Object.entries(env)
          .map(([name, value]) => `${name}=${value}`)
          .sort(),
      );
    },
  );

  test.skipIf(!launch)('argv[0] is the one given, not the file', async () => {
    const { printed } = await run(launch as never, ['echo', 'hello'], undefined, '/bin/busybox');
    expect(printed).toBe('hello\n');
  });

  test.skipIf(!launch)(
    'a new session and group, stdin on /dev/null, no signal ignored or blocked, no descriptor leaked',
    async () => {
      const { launched, printed } = await run(
        launch as never,
        sh(
          'cut -d" " -f5,6 /proc/$$/stat; readlink /proc/$$/fd/0; grep -E "^Sig(Blk|Ign)" /proc/$$/status | cut -f2; ls /proc/$$/fd',
        ),
      );
      const [ids, stdin, blocked, ignored, ...fds] = printed.trim().split('\n');
      const pid = String(launched.pid);
      // Fields 5 and 6 of /proc/PID/stat: the process group and the session.
      expect(ids).toBe(`${pid} ${pid}`);
      expect(stdin).toBe('/dev/null');
      expect(BigInt(`0x${blocked}`)).toBe(0n);
      expect(BigInt(`0x${ignored}`) & ~GLIBC_RESERVED).toBe(0n);
      expect(fds.sort()).toEqual(['0', '1', '2', ...INHERITABLE].sort());
    },
  );

  test.skipIf(!launch).each([
    { what: 'a missing file', file: '/nonexistent/command', code: 'ENOENT' },
    { what: 'a file without execute permission', file: 'plain', code: 'EACCES' },
  ])('$what never starts, and says why ($code)', async ({ file, code }) => {
    const path = file === 'plain' ? join(dir, 'plain') : file;
    if (file === 'plain') writeFileSync(path, '#!/bin/sh\n');
    const { exit, launched } = await run(launch as never, [path]);
    expect(exit.code).toBeNull();
    expect(exit.signal).toBeNull();
    expect(exit.error?.code).toBe(code);
    expect(launched.running()).toBe(false);
  });

  test.skipIf(!launch)('running() is true until the command has exited', async () => {
    const log = openSync(join(dir, 'running.log'), 'w');
    const launched = (launch as (request: LaunchRequest) => Launched)({
      file: '/bin/sleep',
      argv: ['sleep', '0.2'],
      env: {},
      output: log,
    });
    expect(launched.running()).toBe(true);
    await launched.exited;
    expect(launched.running()).toBe(false);
  });

  test.skipIf(!launch)('many at once each get their own end', async () => {
    const ends = await Promise.all(
      Array.from({ length: 40 }, (_, i) => run(launch as never, sh(`exit ${i}`))),
    );
    expect(ends.map(({ exit }) => exit.code)).toEqual(Array.from({ length: 40 }, (_, i) => i));
  });
});

test('node:ffi is there on the pinned Node, so the fast spawner is what runs', () => {
  expect(ffi).toBeDefined();
});

test.skipIf(!ffi)(
  'posix_spawn: a child another waiter reaped ends as ECHILD, never a wait forever',
  async () => {
    const native = ffi as typeof import('node:ffi');
    const { functions } = native.dlopen(null, {
      waitpid: { arguments: ['int32', 'buffer', 'int32'], return: 'int32' },
    });
    const launch = posixSpawner(native);
    const output = openSync(join(dir, 'stolen.log'), 'w');
    const launched = launch({ file: '/bin/true', argv: ['true'], env: {}, output });
    // Blocks until it exits, before the runner's SIGCHLD handler can run.
    expect(functions.waitpid(launched.pid ?? 0, Buffer.alloc(8), 0)).toBe(launched.pid);
    const exit = await launched.exited;
    expect(exit).toMatchObject({ code: null, signal: null, error: { code: 'ECHILD' } });
  },
);

describe('bytes that are not UTF-8 (escaped, see surrogate-escape.ts)', () => {
  const latin1 = (text: string) => Buffer.from(text, 'latin1');
  const value = decodeBytes(latin1('caf\xe9 \xff'));

  test.skipIf(!ffi)(
    'posix_spawn passes them byte for byte, in arguments and variables',
    async () => {
      const launch = posixSpawner(ffi as NonNullable<typeof ffi>);
      const log = join(dir, `${runs++}.log`);
      const launched = launch({
        file: '/bin/sh',
        argv: ['/bin/sh', '-c', 'printf "%s\\0%s\\0" "$1" "$V"', 'sh', value],
        env: { PATH: '/usr/bin:/bin', V: value },
        output: openSync(log, 'w'),
      });
      expect(await launched.exited).toEqual({ code: 0, signal: null });
      const expected = Buffer.concat([latin1('caf\xe9 \xff\0'), latin1('caf\xe9 \xff\0')]);
      expect(readFileSync(log)).toEqual(expected);
    },
  );

  test.each([
    ['an argument', ['/bin/echo', value], {}],
    ['a variable', ['/bin/echo'], { V: value }],
    ['the command path', [`/tmp/${value}`], {}],
  ])("Node's spawn refuses %s (EILSEQ) instead of changing it", async (_name, argv, env) => {
    const { launched, exit } = await run(nodeSpawn, argv, { PATH: '/usr/bin:/bin', ...env });
    expect(launched.pid).toBeUndefined();
    expect(exit).toMatchObject({ code: null, signal: null, error: { code: 'EILSEQ' } });
  });
});
