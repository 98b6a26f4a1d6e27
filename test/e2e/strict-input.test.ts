// Small strictness errors through the real ixjob: each is one line on stderr and its exit
// code, never "the last wins", a silent zero-padded index, an ignored rename, a product too
// big to count, a work list that chooses the command's code, or a stack trace.
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatPodinfoMap } from '@ixjob/sdk/internal';
import { describe, expect, test } from 'vitest';
import { BASE_ENV, IXJOB } from '../support/ixjob-process.ts';
import { podinfoVolume } from '../support/podinfo-tree.ts';
import { scratchDirs } from '../support/scratch-dirs.ts';

const BIN = IXJOB;
const ixjobSync = (args: string[], env: Record<string, string> = {}) => {
  const result = spawnSync(BIN, args, { env: { ...BASE_ENV, ...env }, encoding: 'utf8' });
  return { code: result.status, stderr: result.stderr, stdout: result.stdout };
};

const scratch = scratchDirs('strict');
const dir = scratch();
const file = (name: string, content: string, mode = 0o644) => {
  const path = join(dir, name);
  writeFileSync(path, content, { mode });
  chmodSync(path, mode);
  return path;
};

/** One line on stderr, this code, and nothing run. */
function refused(
  result: { code: number | null; stderr: string; stdout: Buffer | string },
  code: number,
  line: RegExp,
) {
  expect(result.code).toBe(code);
  expect(result.stderr.split('\n')).toEqual([expect.stringMatching(line), '']);
  expect(result.stdout.toString()).toBe('');
}

const INDEX = 'batch.kubernetes.io/job-completion-index';

describe('a single-valued flag given twice', () => {
  test.each([
    [
      ['--index', '1', '--index', '2', '--', 'true'],
      /^ixjob: --index was given twice, as "1" and "2": give it once \(--index\)$/,
    ],
    [['resolve', '--index', '0', '-o', 'json', '--output=sh'], /--output was given twice/],
    [
      ['--index', '0', '--combine', 'zip', '--combine', 'product', '--', 'true'],
      /--combine was given twice/,
    ],
    [
      ['run', '--completions', '2', '--completions', '3', '--', 'true'],
      /--completions was given twice/,
    ],
  ])('%j: 64', (args, line) => {
    refused(ixjobSync(args), 64, line);
  });

  test('the same value twice says it once', () => {
    const result = ixjobSync([
      '--index',
      '1',
      '--index=1',
      '--',
      'show',
      '$(JOB_COMPLETION_INDEX)',
    ]);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout.toString()).toBe('1\0');
  });
});

describe('an index has one decimal form, wherever it is read', () => {
  const annotations = (value: string) => ({ annotations: formatPodinfoMap({ [INDEX]: value }) });
  test.each([
    ['--index', ['--index', '007'], {}, 64],
    ['JOB_COMPLETION_INDEX', [], { JOB_COMPLETION_INDEX: '007' }, 78],
    ['JOB_COMPLETION_INDEX +3', [], { JOB_COMPLETION_INDEX: '+3' }, 78],
    ['JOB_COMPLETION_INDEX " 3"', [], { JOB_COMPLETION_INDEX: ' 3' }, 78],
    ['Slurm', [], { SLURM_ARRAY_TASK_ID: '07', SLURM_ARRAY_TASK_MIN: '0' }, 78],
    ['Cloud Run', [], { CLOUD_RUN_TASK_INDEX: '00' }, 78],
    ['the podinfo annotation', ['--podinfo', podinfoVolume(annotations('007'))], {}, 65],
  ])('%s', (_name, flags, env, code) => {
    const result = ixjobSync([...flags, '--', 'true'], env);
    refused(result, code, /^ixjob: .*(leading zero|not a non-negative whole number)/);
  });
});

describe('the work spec', () => {
  const huge = file(
    'huge.yaml',
    'combine: product\ndimensions:\n  - frames: 1-4503599627370495\n  - frames: 1-3\n',
  );
  const typo = file(
    'typo.yaml',
    'dimensions:\n  - values: { FRUIT: [apple] }\nrename: { FRUTI: F }\n',
  );

  test.each([
    ['exec', ['--index', '0', '--spec', huge, '--', 'true']],
    ['resolve', ['resolve', '--index', '0', '--spec', huge]],
    ['run', ['run', '-q', '--state', join(scratch(), 's'), '--spec', huge, '--', 'true']],
  ])('a product of more than 2^53 − 1 items: %s refuses it with 65', (_name, args) => {
    refused(
      ixjobSync(args),
      65,
      /^ixjob: the product 4503599627370495 × 3 has more than 2\^53 − 1 items/,
    );
  });

  test.each([
    ['exec', ['--index', '0', '--spec', typo, '--', 'true']],
    ['resolve', ['resolve', '--index', '0', '--spec', typo]],
    ['run', ['run', '-q', '--state', join(scratch(), 's'), '--spec', typo, '--', 'true']],
  ])('a rename of a name no dimension sets: %s refuses it with 65', (_name, args) => {
    refused(
      ixjobSync(args),
      65,
      /^ixjob: rename names FRUTI, which no dimension sets \(they set FRUIT\) \(.*typo\.yaml\)$/,
    );
  });
});

describe('parameters cannot hijack the command', () => {
  const fakes = join(dir, 'fakes');
  mkdirSync(fakes);
  writeFileSync(join(fakes, 'echo'), '#!/bin/sh\necho FAKE\n', { mode: 0o755 });
  const pathJson = file('path.json', JSON.stringify([{ PATH: fakes, N: '1' }]));
  const preload = file('preload.csv', 'LD_PRELOAD,N\n/tmp/evil.so,1\n');
  const bashEnv = file('bash-env.json', JSON.stringify([{ BASH_ENV: '/tmp/evil.sh' }]));
  const nodeOptions = file('node.jsonl', `${JSON.stringify({ NODE_OPTIONS: '--require /x' })}\n`);
  const work: [string, string[], string, string][] = [
    ['a JSON key PATH', ['--json', pathJson], 'PATH', 'path.json'],
    ['a CSV header LD_PRELOAD', ['--csv', preload], 'LD_PRELOAD', 'preload.csv'],
    ['a JSON key BASH_ENV', ['--json', bashEnv], 'BASH_ENV', 'bash-env.json'],
    ['a JSON Lines key NODE_OPTIONS', ['--json', nodeOptions], 'NODE_OPTIONS', 'node.jsonl'],
  ];
  const line = (name: string, where: string) =>
    new RegExp(
      `^ixjob: the parameter ${name} would choose which program runs or what it loads, so a work list may not set it; if that is meant, pass --allow-param ${name} \\(.*${where.replace('.', '\\.')}\\)$`,
    );

  test.each(work)('%s: exec refuses it with 65', (_name, flags, name, where) => {
    refused(ixjobSync(['--index', '0', ...flags, '--', 'echo', 'real']), 65, line(name, where));
  });

  test.each(work)('%s: resolve refuses it with 65', (_name, flags, name, where) => {
    refused(ixjobSync(['resolve', '--index', '0', ...flags]), 65, line(name, where));
  });

  test.each(work)('%s: run refuses it before any attempt', (_name, flags, name, where) => {
    const state = join(scratch(), 'state');
    refused(
      ixjobSync(['run', '-q', '--state', state, ...flags, '--', 'echo', 'real']),
      65,
      line(name, where),
    );
    expect(existsSync(join(state, 'logs'))).toBe(false);
  });

  test('the real echo runs without the parameter; with --allow-param PATH the user chose the fake', () => {
    const allowed = ixjobSync([
      '--index',
      '0',
      '--allow-param',
      'PATH',
      '--json',
      pathJson,
      '--',
      'echo',
      'real',
    ]);
    expect(allowed).toMatchObject({ code: 0, stderr: '' });
    expect(allowed.stdout.toString()).toBe('FAKE\n');
  });

  test('--allow-param takes only a variable name', () => {
    refused(
      ixjobSync(['--index', '0', '--allow-param', 'A-B', '--', 'true']),
      64,
      /not a valid variable name/,
    );
  });
});

describe('the command', () => {
  const crlf = file('crlf.sh', '#!/bin/sh\r\necho hi\r\n', 0o755);
  const long = file('long.sh', `#!/${'a'.repeat(297)}\necho hi\n`, 0o755);
  test.each([
    ['exec', []],
    ['supervise', ['--supervise']],
  ])('a CRLF script: %s says the line endings are the cause, 127', (_mode, flags) => {
    refused(
      ixjobSync(['--index', '0', ...flags, '--', crlf]),
      127,
      /^ixjob: .*crlf\.sh has Windows line endings \(CRLF\): its #! line names "\/bin\/sh\\r", carriage return included, which does not exist; convert it to LF line endings/,
    );
  });

  test.each([
    ['exec', []],
    ['supervise', ['--supervise']],
  ])('a 300-character #! line: %s says so, 126', (_mode, flags) => {
    refused(
      ixjobSync(['--index', '0', ...flags, '--', long]),
      126,
      /^ixjob: .*long\.sh cannot be executed: the interpreter's path on its #! line does not end within the 256 bytes the kernel reads/,
    );
  });

  test('ixjob run refuses a CRLF script before any attempt', () => {
    const state = join(scratch(), 'state');
    refused(
      ixjobSync(['run', '-q', '--state', state, '--completions', '2', '--', crlf]),
      127,
      /Windows line endings/,
    );
  });
});

describe('a working directory that was deleted', () => {
  test.each([
    ['exec', ['--index', '1', '--', '/bin/true']],
    ['resolve', ['resolve', '--index', '1']],
    ['run', ['run', '--completions', '1', '--', '/bin/true']],
  ])('%s: 66 and one line, no stack trace', (_name, args) => {
    const gone = join(scratch(), 'gone');
    mkdirSync(gone);
    const result = spawnSync(
      '/bin/sh',
      ['-c', 'cd "$1" && rmdir "$1" && shift && exec "$@"', 'sh', gone, BIN, ...args],
      {
        env: BASE_ENV,
        encoding: 'utf8',
      },
    );
    expect(result.status).toBe(66);
    // The npm launcher is a shell script, and dash itself warns first that getcwd failed.
    const ours = result.stderr.split('\n').filter((line) => line.startsWith('ixjob'));
    expect(ours).toEqual([
      'ixjob: the working directory no longer exists or cannot be read (ENOENT): cd to one that does (getcwd)',
    ]);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});
