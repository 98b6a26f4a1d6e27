import { type Files, IxjobError } from '@ixjob/sdk/internal';
import { describe, expect, test } from 'vitest';
import { main, type ShimIo } from '../../src/cli/main.ts';
import type { Inspection } from '../../src/exec/inspect-executable.ts';

class Replaced extends Error {
  readonly file: string;
  readonly argv: readonly string[];
  readonly env: Record<string, string>;
  constructor(file: string, argv: readonly string[], env: Record<string, string>) {
    super('replaced');
    this.file = file;
    this.argv = argv;
    this.env = env;
  }
}

const noFiles: Files = { kind: () => 'missing', read: () => new Uint8Array() };

/** Fake I/O: exec throws what it would have run, supervise records it and returns 0. */
function fakeIo(env: Record<string, string> = {}, overrides: Partial<ShimIo> = {}) {
  const out = {
    stdout: '',
    stderr: '',
    supervised: undefined as undefined | { file: string; argv: readonly string[] },
  };
  const io: ShimIo = {
    env: { PATH: '/bin', ...env },
    cwd: '/work',
    files: noFiles,
    preflight: (path) =>
      ['/bin/echo', '/bin/true', '/bin/node'].includes(path)
        ? { kind: 'runnable' }
        : { kind: 'missing' },
    inspect: (path) =>
      ['/bin/echo', '/bin/true', '/bin/node'].includes(path)
        ? { kind: 'runnable' }
        : { kind: 'missing' },
    stdout: (text) => {
      out.stdout += text;
    },
    stderr: (text) => {
      out.stderr += text;
    },
    replace: (file, argv, childEnv) => {
      throw new Replaced(file, argv, childEnv);
    },
    supervise: async (file, argv) => {
      out.supervised = { file, argv };
      return 0;
    },
    help: async (command) => `help for ${command}\n`,
    index: async () => 0,
    install: async () => 0,
    run: async () => 0,
    manifest: async () => 0,
    version: '1.2.3',
    ...overrides,
  };
  return { io, out };
}

async function replaced(args: string[], env?: Record<string, string>): Promise<Replaced> {
  const { io } = fakeIo(env);
  const error = await main(args, io).catch((caught: unknown) => caught);
  expect(error).toBeInstanceOf(Replaced);
  return error as Replaced;
}

describe('main: exec', () => {
  test('replaces itself with the looked-up command, expanded args and the index exported', async () => {
    const run = await replaced([
      '--index',
      '4',
      '--completion-index-var-name',
      'I',
      '--',
      'echo',
      'item $(I) of $(MISSING)',
      '$$(I)',
    ]);
    expect(run.file).toBe('/bin/echo');
    expect(run.argv).toEqual(['echo', 'item 4 of $(MISSING)', '$(I)']);
    expect(run.env).toMatchObject({
      JOB_COMPLETION_INDEX: '4',
      IXJOB_INDEX: '4',
      IXJOB_INDEX_SOURCE: '--index',
      I: '4',
      PATH: '/bin',
    });
    expect(run.env).not.toHaveProperty('IXJOB_COUNT');
  });

  test('the command name itself is expanded before lookup', async () => {
    const run = await replaced(['--', '$(TOOL)'], { JOB_COMPLETION_INDEX: '0', TOOL: 'true' });
    expect(run.file).toBe('/bin/true');
  });

  test('NODE_OPTIONS saved by the launcher is given back to the command, and the saved copy dropped', async () => {
    const run = await replaced(['--', 'node'], {
      JOB_COMPLETION_INDEX: '0',
      IXJOB_SAVED_NODE_OPTIONS: '--max-old-space-size=64',
    });
    expect(run.env.NODE_OPTIONS).toBe('--max-old-space-size=64');
    expect(run.env).not.toHaveProperty('IXJOB_SAVED_NODE_OPTIONS');
  });

  test('an empty saved NODE_OPTIONS stays set and empty', async () => {
    const run = await replaced(['--', 'node'], {
      JOB_COMPLETION_INDEX: '0',
      IXJOB_SAVED_NODE_OPTIONS: '',
    });
    expect(run.env).toHaveProperty('NODE_OPTIONS', '');
  });

  test.each([
    ['--supervise', ['--supervise', '--index', '1', '--', 'true'], {}],
    ['no execve on this Node', ['--index', '1', '--', 'true'], { replace: undefined }],
  ])('supervises with %s', async (_name, args, overrides) => {
    const { io, out } = fakeIo({}, overrides);
    expect(await main(args, io)).toBe(0);
    expect(out.supervised).toEqual({ file: '/bin/true', argv: ['true'] });
  });
});

describe('main: a failed execve (Node 26+ throws) is explained by the full inspection', () => {
  test.each([
    [
      'the interpreter is missing',
      { '/bin/script': { kind: 'runnable', interpreter: '/usr/bin/python9' } },
      127,
      'ixjob: /bin/script: its interpreter /usr/bin/python9 (named by /bin/script) does not exist (/bin/script)',
    ],
    [
      'nothing more is known',
      { '/bin/script': { kind: 'runnable' } },
      127,
      'ixjob: cannot execute /bin/script: ENOENT (script)',
    ],
  ] as const)('%s', async (_name, deep, code, line) => {
    const { io, out } = fakeIo(
      { JOB_COMPLETION_INDEX: '0' },
      {
        preflight: (path) => (path === '/bin/script' ? { kind: 'runnable' } : { kind: 'missing' }),
        inspect: (path) => (deep as Record<string, Inspection>)[path] ?? { kind: 'missing' },
        replace: (file, argv) => {
          throw new IxjobError('not-found', `cannot execute ${file}: ENOENT`, argv[0]);
        },
      },
    );
    expect(await main(['--', 'script'], io)).toBe(code);
    expect(out.stderr).toBe(`${line}\n`);
  });
});

describe('main: resolve, help, version', () => {
  test('resolve prints what exec would export', async () => {
    const { io, out } = fakeIo({
      JOB_COMPLETION_INDEX: '2',
      CLOUD_RUN_TASK_INDEX: '2',
      CLOUD_RUN_TASK_COUNT: '3',
    });
    expect(await main(['resolve', '-o', 'env'], io)).toBe(0);
    expect(out.stdout).toBe(
      'JOB_COMPLETION_INDEX=2\nIXJOB_INDEX=2\nIXJOB_INDEX_SOURCE=JOB_COMPLETION_INDEX\nIXJOB_COUNT=3\n',
    );
  });

  test.each([
    [['--help'], 'help for exec\n'],
    [['resolve', '--help'], 'help for resolve\n'],
    [['--version'], '1.2.3\n'],
  ])('%j prints %j', async (args, expected) => {
    const { io, out } = fakeIo();
    expect(await main(args, io)).toBe(0);
    expect(out.stdout).toBe(expected);
  });
});

describe('main: every expected failure is one line and its exit code', () => {
  test.each([
    [['--bogus', '--', 'true'], {}, 64, "ixjob: unknown option '--bogus' (--bogus)"],
    [
      ['--index', 'x', '--', 'true'],
      {},
      64,
      'ixjob: --index is not a non-negative whole number: "x" (--index)',
    ],
    [
      ['--', 'true'],
      {},
      78,
      'ixjob: no completion index found: set JOB_COMPLETION_INDEX, mount the downward API at /etc/podinfo, or pass --index',
    ],
    [['--index', '1'], {}, 64, 'ixjob: no command given: ixjob [flags] -- CMD [ARG...]'],
    [['--index', '1', '--', 'nope'], {}, 127, 'ixjob: command not found: nope (PATH=/bin)'],
    [
      ['--index', '1', '--completion-index-var-name', '1X', '--', 'true'],
      {},
      64,
      'ixjob: "1X" is not a valid variable name (letters, digits and _, not starting with a digit) (--completion-index-var-name)',
    ],
    [
      ['--index', '1', '--', 'true'],
      { JOB_COMPLETION_INDEX: '2' },
      78,
      'ixjob: two sources disagree on the index: --index says 1, JOB_COMPLETION_INDEX says 2 (--index, JOB_COMPLETION_INDEX)',
    ],
    [
      ['--podinfo', '/nope', '--', 'true'],
      {},
      66,
      'ixjob: no downward-API file or directory at /nope (--podinfo)',
    ],
  ])('%j', async (args, env, code, line) => {
    const { io, out } = fakeIo(env);
    expect(await main(args, io)).toBe(code);
    expect(out.stderr).toBe(`${line}\n`);
    expect(out.stdout).toBe('');
  });

  test('IXJOB_DEBUG=1 lets the error through with its stack', async () => {
    const { io } = fakeIo({ IXJOB_DEBUG: '1' });
    await expect(main(['--', 'true'], io)).rejects.toMatchObject({ kind: 'config' });
  });
});
