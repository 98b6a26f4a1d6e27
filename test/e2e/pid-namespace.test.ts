import { spawnSync } from 'node:child_process';
import { describe, expect, test } from 'vitest';
import {
  BASE_ENV,
  fields,
  firstChild,
  IXJOB,
  readProc,
  startUntil,
} from '../support/ixjob-process.ts';

/** PID 1 of a new PID namespace, as in a container: `unshare --pid --fork --mount-proc`. */
const UNSHARE = ['unshare', '--pid', '--fork', '--mount-proc'];
const canUnshare = spawnSync(UNSHARE[0] ?? '', [...UNSHARE.slice(1), 'true']).status === 0;

const inNamespace = (args: string[], env: Record<string, string> = {}) => {
  const result = spawnSync(UNSHARE[0] ?? '', [...UNSHARE.slice(1), IXJOB, ...args], {
    env: { ...BASE_ENV, ...env },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr.toString() };
};

describe.skipIf(!canUnshare)('as PID 1 of a new PID namespace', () => {
  test('exec: the command is PID 1, and gets SIGTERM because it handles it', async () => {
    const { child, match, finished } = await startUntil(
      UNSHARE[0] ?? '',
      [...UNSHARE.slice(1), IXJOB, '--index', '0', '--', 'trap-term'],
      {},
      /ready (\d+)/,
    );
    expect(match[1]).toBe('1');
    const pid1 = await firstChild(child.pid ?? 0);
    // The shim is gone: PID 1 is the command itself.
    expect(readProc(`/proc/${pid1}/cmdline`).split('\0')).toContain(
      `${BASE_ENV.PATH.split(':')[0]}/trap-term`,
    );
    process.kill(pid1, 'SIGTERM');
    const done = await finished;
    expect(done.stdout.toString()).toContain('got TERM');
    expect(done.code).toBe(42);
  });

  test('supervise: the shim is PID 1, forwards SIGTERM, and exits 143 when it kills the command', async () => {
    const { child, match, finished } = await startUntil(
      UNSHARE[0] ?? '',
      [
        ...UNSHARE.slice(1),
        IXJOB,
        '--supervise',
        '--index',
        '0',
        '--',
        'sh',
        '-c',
        'echo ready; exec sleep 60',
      ],
      {},
      /ready/,
    );
    expect(match[0]).toBe('ready');
    const pid1 = await firstChild(child.pid ?? 0);
    expect(readProc(`/proc/${pid1}/cmdline`)).toContain('ixjob.cjs');
    process.kill(pid1, 'SIGTERM');
    expect((await finished).code).toBe(143);
  });

  test.each([
    ['exec', []],
    ['supervise', ['--supervise']],
  ])('%s: exit codes, 126/127 and hostile values hold', (_mode, flags) => {
    expect(inNamespace([...flags, '--index', '0', '--', 'exit-with', '7']).code).toBe(7);
    expect(inNamespace([...flags, '--index', '0', '--', 'no-such-command']).code).toBe(127);
    expect(inNamespace([...flags, '--index', '0', '--', '/tmp']).code).toBe(126);
    const hostile = `$(reboot); "a" 'b' \\ \n é 🎬`;
    const shown = inNamespace([...flags, '--', 'show', '$(V)', 'pid-of-$(IXJOB_INDEX)'], {
      JOB_COMPLETION_INDEX: '5',
      V: hostile,
      SHOW: 'V',
    });
    expect(fields(shown.stdout)).toEqual([hostile, 'pid-of-5', hostile]);
  });
});
