import { mkdtempSync, writeFileSync } from 'node:fs';
import { constants, tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { fields, IXJOB, ixjobSync, maskSignals, startUntil } from '../support/ixjob-process.ts';

const MODES = [
  ['exec', []],
  ['supervise', ['--supervise']],
] as const;

const scratch = mkdtempSync(join(tmpdir(), 'ixjob-e2e-'));
const NOT_EXECUTABLE = join(scratch, 'plain.sh');
writeFileSync(NOT_EXECUTABLE, '#!/bin/sh\n', { mode: 0o644 });
const MISSING_INTERPRETER = join(scratch, 'orphan.sh');
writeFileSync(MISSING_INTERPRETER, '#!/nonexistent/sh\n', { mode: 0o755 });

const HOSTILE = `$(rm -rf /); rm -rf / ; "dq" 'sq' \`id\` \\ \n second line\t tab é 日本 🎬 \u00a0 $$(X) $HOME`;

describe.each(MODES)('the real ixjob, %s mode', (_mode, modeFlags) => {
  test.each([0, 1, 42, 255])('exit code %i passes through', (code) => {
    const result = ixjobSync([...modeFlags, '--index', '0', '--', 'exit-with', String(code)]);
    expect(result).toMatchObject({ code, stderr: '' });
  });

  test('hostile values reach argv and env byte for byte, expanded once, no shell', () => {
    const result = ixjobSync(
      [
        ...modeFlags,
        '--completion-index-var-name',
        'I',
        '--',
        'show',
        '$(HOSTILE)',
        'i=$(I)',
        '$$(HOSTILE)',
        '$(UNDEFINED)',
        HOSTILE,
      ],
      { JOB_COMPLETION_INDEX: '3', HOSTILE, SHOW: 'HOSTILE I IXJOB_INDEX_SOURCE' },
    );
    expect(result.stderr).toBe('');
    expect(fields(result.stdout)).toEqual([
      HOSTILE,
      'i=3',
      '$(HOSTILE)',
      '$(UNDEFINED)',
      HOSTILE.replace('$$(X)', '$(X)'),
      HOSTILE,
      '3',
      'JOB_COMPLETION_INDEX',
    ]);
  });

  test('stdin, stdout and stderr are the command’s', () => {
    const result = ixjobSync(
      [...modeFlags, '--index', '0', '--', 'sh', '-c', 'cat; echo err >&2'],
      {},
      'piped in\n',
    );
    expect(result.stdout.toString()).toBe('piped in\n');
    expect(result.stderr).toBe('err\n');
  });

  test('SIGPIPE and SIGXFSZ are not left ignored for the command', () => {
    const result = ixjobSync([...modeFlags, '--index', '0', '--', 'sig-ignored']);
    const ignored = maskSignals(result.stdout.toString());
    expect(ignored).not.toContain(constants.signals.SIGPIPE);
    expect(ignored).not.toContain(constants.signals.SIGXFSZ);
  });

  test('the image’s NODE_OPTIONS reaches the command unchanged and does not touch the shim', () => {
    // Applied to the shim's own Node, this would stop it at once.
    const poison = '--require /nonexistent/ixjob-poison.cjs --max-old-space-size=7';
    const result = ixjobSync([...modeFlags, '--index', '0', '--', 'show'], {
      NODE_OPTIONS: poison,
      SHOW: 'NODE_OPTIONS IXJOB_SAVED_NODE_OPTIONS',
    });
    expect(result.stderr).toBe('');
    expect(fields(result.stdout)).toEqual([poison, '<unset>']);
  });

  test.each([
    ['unset', {}, '<unset>'],
    ['set and empty', { NODE_OPTIONS: '' }, ''],
  ])('NODE_OPTIONS %s stays so', (_name, env, expected) => {
    const result = ixjobSync([...modeFlags, '--index', '0', '--', 'show'], {
      ...env,
      SHOW: 'NODE_OPTIONS',
    });
    expect(fields(result.stdout)).toEqual([expected]);
  });

  test.each([
    [
      'a missing command',
      ['no-such-command-ixjob'],
      127,
      /^ixjob: command not found: no-such-command-ixjob \(PATH=.*\)\n$/,
    ],
    ['a missing path', ['./nope/x'], 127, /^ixjob: \.\/nope\/x: no such file \(\.\/nope\/x\)\n$/],
    ['a directory', ['/tmp'], 126, /^ixjob: \/tmp is a directory \(\/tmp\)\n$/],
    [
      'a file without the execute bit',
      [NOT_EXECUTABLE],
      126,
      /^ixjob: \S+ is not executable \(permission denied\) \(\S+\)\n$/,
    ],
    [
      'a script whose interpreter is missing',
      [MISSING_INTERPRETER],
      127,
      /^ixjob: \S+: its interpreter \/nonexistent\/sh \(named by \S+\) does not exist \(\S+\)\n$/,
    ],
  ])('%s exits with its code and one line on stderr', (_name, command, code, line) => {
    const result = ixjobSync([...modeFlags, '--index', '0', '--', ...command]);
    expect(result.code).toBe(code);
    expect(result.stderr).toMatch(line);
  });
});

describe('the real ixjob: exec replaces, supervise forwards', () => {
  test('exec: the command has the PID the shim was started with', async () => {
    const { child, match, finished } = await startUntil(
      IXJOB,
      ['--index', '0', '--', 'trap-term'],
      {},
      /ready (\d+)/,
    );
    expect(Number(match[1])).toBe(child.pid);
    child.kill('SIGTERM');
    expect((await finished).code).toBe(42);
  });

  test('exec: a command killed by a signal dies of it, as without the shim', () => {
    expect(ixjobSync(['--index', '0', '--', 'kill-self', 'TERM'])).toMatchObject({
      code: null,
      signal: 'SIGTERM',
    });
  });

  test.each([
    ['TERM', 143],
    ['KILL', 137],
    ['USR1', 138],
  ])('supervise: a command killed by SIG%s exits %i', (signal, code) => {
    expect(ixjobSync(['--supervise', '--index', '0', '--', 'kill-self', signal])).toMatchObject({
      code,
      stderr: '',
    });
  });

  test.each(['SIGTERM', 'SIGINT', 'SIGHUP', 'SIGQUIT', 'SIGUSR1', 'SIGUSR2'] as const)(
    'supervise: %s sent to the shim reaches the command, and its death is 128+n',
    async (signal) => {
      const { child, finished } = await startUntil(
        IXJOB,
        ['--supervise', '--index', '0', '--', 'trap-term'],
        {},
        /ready/,
      );
      // trap-term handles TERM itself; every other signal kills it.
      child.kill(signal);
      expect((await finished).code).toBe(
        signal === 'SIGTERM' ? 42 : 128 + constants.signals[signal],
      );
    },
  );

  test('supervise: the shim is the parent, the command has its own PID', async () => {
    const { child, match, finished } = await startUntil(
      IXJOB,
      ['--supervise', '--index', '0', '--', 'trap-term'],
      {},
      /ready (\d+)/,
    );
    expect(Number(match[1])).not.toBe(child.pid);
    child.kill('SIGTERM');
    expect((await finished).code).toBe(42);
  });
});

describe('the real ixjob: bad input is one line, never a stack trace', () => {
  test.each([
    [['--nope'], {}, 64],
    [['--index', 'seven', '--', 'true'], {}, 64],
    [['--', 'true'], {}, 78],
    [['--', 'true'], { JOB_COMPLETION_INDEX: '1', NOMAD_ALLOC_INDEX: '2' }, 78],
    [['--podinfo', '/nonexistent', '--', 'true'], {}, 66],
    [['resolve', '-o', 'xml'], { JOB_COMPLETION_INDEX: '1' }, 64],
  ])('%j', (args, env, code) => {
    const result = ixjobSync(args, env);
    expect(result.code).toBe(code);
    expect(result.stderr).toMatch(/^ixjob: [^\n]+\n$/);
    expect(result.stdout.toString()).toBe('');
  });

  test('IXJOB_DEBUG=1 shows the stack', () => {
    const result = ixjobSync(['--', 'true'], { IXJOB_DEBUG: '1' });
    expect(result.code).toBe(70);
    expect(result.stderr).toMatch(/no completion index found[\s\S]*\n\s+at /);
  });
});
