// The user's argv and environment reach the command byte for byte, bytes that are not UTF-8
// included: through exec (libc's execve), through `ixjob run` (posix_spawn), and refused with
// one line where Node's spawn would change them (--supervise, --tag).
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { BASE_ENV, IXJOB } from '../support/ixjob-process.ts';
import { scratchDirs } from '../support/scratch-dirs.ts';

const scratch = scratchDirs('bytes');
const latin1 = (text: string) => Buffer.from(text, 'latin1');
const nul = Buffer.of(0);

interface Ran {
  code: number | null;
  stdout: Buffer;
  stderr: string;
}

/**
 * Runs the real ixjob with arguments and variables given as bytes. Node's spawn takes only
 * text (it would write these bytes as U+FFFD), so a shell reads each from a file and passes it.
 */
function ixjobBytes(
  args: readonly (string | Buffer)[],
  env: Record<string, string | Buffer> = {},
  cwd?: Buffer,
): Ran {
  const dir = scratch();
  const lines: string[] = [];
  const read = (file: string, value: string | Buffer) => {
    writeFileSync(join(dir, file), value);
    // $(…) drops trailing newlines: a final `.` keeps them, and is taken off after.
    return `v=$(cat '${join(dir, file)}'; echo .); v=\${v%.}`;
  };
  if (cwd !== undefined) lines.push(read('cwd', cwd), 'cd "$v" || exit 99');
  for (const [i, arg] of args.entries()) lines.push(read(`a${i}`, arg), `a${i}=$v`);
  for (const [i, [name, value]] of Object.entries(env).entries())
    lines.push(read(`e${i}`, value), `${name}=$v`, `export ${name}`);
  lines.push(`exec "$IXJOB" ${args.map((_, i) => `"$a${i}"`).join(' ')}`);
  const result = spawnSync('/bin/sh', ['-c', lines.join('\n')], {
    env: { ...BASE_ENV, IXJOB },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr.toString() };
}

/** `show`'s output for these values: each NUL-terminated. */
const shown = (...values: Buffer[]) => Buffer.concat(values.flatMap((value) => [value, nul]));

/** The bytes users feed a shim by accident and on purpose. */
const VALUES: [string, Buffer][] = [
  ['Latin-1 é', latin1('caf\xe9.txt')],
  ['a lone continuation byte', latin1('\x80')],
  ['an overlong NUL', latin1('a\xc0\x80b')],
  ['an encoded surrogate', latin1('\xed\xa0\x80')],
  ['0xFF and 0xFE', latin1('\xff\xfe')],
  ['a cut four-byte sequence', latin1('x\xf0\x9f\x98')],
  ['U+FFFD itself', Buffer.from('\ufffd', 'utf8')],
  ['valid UTF-8 beside invalid', Buffer.concat([Buffer.from('日本 🎬 ', 'utf8'), latin1('\xe9')])],
];

const MODES = [
  ['exec', [] as string[]],
  ['run (posix_spawn)', ['run']],
] as const;

/** The command's stdout: straight from exec, from the attempt's log under `ixjob run`. */
function commandOutput(mode: readonly string[], args: (string | Buffer)[], env = {}): Buffer {
  if (mode.length === 0) {
    const result = ixjobBytes(['--index', '0', '--', ...args], env);
    expect(result.stderr).toBe('');
    return result.stdout;
  }
  const state = join(scratch(), 'state');
  const result = ixjobBytes(
    ['run', '-q', '--state', state, '--completions', '1', '--', ...args],
    env,
  );
  expect(result.code).toBe(0);
  return readFileSync(join(state, 'logs', '0.0.log'));
}

describe.each(MODES)('%s passes bytes unchanged', (_mode, mode) => {
  test.each(VALUES)('an argument: %s', (_name, value) => {
    expect(commandOutput(mode, ['show', value, 'plain'])).toEqual(shown(value, latin1('plain')));
  });

  test.each(VALUES)('an inherited variable: %s', (_name, value) => {
    const out = commandOutput(mode, ['show'], { SHOW: 'X', X: value });
    expect(out).toEqual(shown(value));
  });

  test('NODE_OPTIONS that is not UTF-8 reaches the command, and does not touch the shim', () => {
    const options = latin1('--require /nonexistent/\xe9.js');
    const out = commandOutput(mode, ['show'], { SHOW: 'NODE_OPTIONS', NODE_OPTIONS: options });
    expect(out).toEqual(shown(options));
  });

  test('a command whose path is not UTF-8', () => {
    const dir = scratch();
    const script = Buffer.concat([latin1(`${dir}/caf\xe9`)]);
    writeFileSync(script, '#!/bin/sh\necho ran "$0"\n');
    chmodSync(script, 0o755);
    expect(commandOutput(mode, [script])).toEqual(
      Buffer.concat([latin1('ran '), script, latin1('\n')]),
    );
  });
});

describe('exec', () => {
  test("`ixjob -- cat $'caf\\xe9.txt'` reads the file named by those bytes", () => {
    const dir = scratch();
    writeFileSync(latin1(`${dir}/caf\xe9.txt`), 'inside\n');
    const result = ixjobBytes(
      ['--index', '1', '--', 'cat', latin1('caf\xe9.txt')],
      {},
      latin1(dir),
    );
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout.toString()).toBe('inside\n');
  });

  test('a working directory that is not UTF-8: relative paths are found by its bytes', () => {
    const dir = latin1(`${scratch()}/d\xe9`);
    mkdirSync(dir);
    writeFileSync(Buffer.concat([dir, latin1('/tool')]), '#!/bin/sh\npwd\n', { mode: 0o755 });
    const result = ixjobBytes(['--index', '0', '--', './tool'], {}, dir);
    expect(result.stderr).toBe('');
    expect(result.stdout).toEqual(Buffer.concat([dir, latin1('\n')]));
  });

  test('libc’s execve leaves the command what Node’s leaves it: signals, descriptors', () => {
    const state = (arg: Buffer) => {
      const script = 'grep -E "^Sig(Blk|Ign)" /proc/self/status; ls -l /proc/self/fd/ | wc -l';
      const result = ixjobBytes(['--index', '0', '--', 'sh', '-c', script, 'sh', arg]);
      expect(result.stderr).toBe('');
      return result.stdout.toString();
    };
    const viaLibc = state(latin1('\xe9'));
    expect(viaLibc).toMatch(/SigIgn:\s+0+\n/);
    expect(viaLibc).toBe(state(latin1('e')));
  });

  test('any bytes, as arguments and as a variable', () => {
    const bytes = fc.uint8Array({ minLength: 1, maxLength: 24 }).map((array) =>
      // NUL ends a C string: no argument or variable can hold one.
      Buffer.from(array.map((byte) => byte || 1)),
    );
    fc.assert(
      fc.property(bytes, bytes, (arg, value) => {
        const result = ixjobBytes(['--index', '0', '--', 'show', arg], { SHOW: 'V', V: value });
        expect(result.stderr).toBe('');
        expect(result.stdout.equals(shown(arg, value))).toBe(true);
      }),
      { numRuns: 15 },
    );
  });
});

describe('where Node’s spawn would change the bytes, one line instead', () => {
  test('--supervise: 65', () => {
    const result = ixjobBytes(['--index', '0', '--supervise', '--', 'show', latin1('caf\xe9')]);
    expect(result.code).toBe(65);
    expect(result.stderr).toBe(
      "ixjob: bytes that are not UTF-8 cannot be passed on unchanged by --supervise (Node's spawn takes text); exec, without --supervise, passes them (argument 1)\n",
    );
    expect(result.stdout.length).toBe(0);
  });

  test('ixjob run --tag: the attempt fails with 126 and says why in its log', () => {
    const state = join(scratch(), 'state');
    const result = ixjobBytes([
      'run',
      '-q',
      '--tag',
      '--state',
      state,
      '--completions',
      '1',
      '--',
      'show',
      latin1('caf\xe9'),
    ]);
    expect(result.code).toBe(1);
    expect(readFileSync(join(state, 'logs', '0.0.log'), 'utf8')).toMatch(/EILSEQ/);
  });
});
