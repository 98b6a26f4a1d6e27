import { execFileSync } from 'node:child_process';
import {
  chmodSync,
  copyFileSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { inspectExecutable } from '../../src/exec/inspect-executable.ts';

/** With binfmt_misc handlers registered, foreign formats may run, and are let through. */
const foreignFormatsRun = (() => {
  try {
    return readdirSync('/proc/sys/fs/binfmt_misc').some(
      (name) => !['register', 'status'].includes(name),
    );
  } catch {
    return false;
  }
})();
const unlessForeign = (kind: string) => ({ kind: foreignFormatsRun ? 'runnable' : kind });

const dir = mkdtempSync(join(tmpdir(), 'ixjob-inspect-'));
const file = (name: string, content: string | Uint8Array, mode = 0o755) => {
  const path = join(dir, name);
  writeFileSync(path, content);
  chmodSync(path, mode);
  return path;
};

/** /bin/true with its ELF e_machine changed to AArch64 (or x86-64 on an ARM machine). */
function foreignElf(): string {
  const bytes = readFileSync('/bin/true');
  bytes.writeUInt16LE(process.arch === 'arm64' ? 62 : 183, 18);
  return file('foreign', bytes);
}

function elfWithLoader(loader: string): string {
  const path = join(dir, `loader-${loader.replaceAll('/', '_')}`);
  copyFileSync('/bin/true', path);
  execFileSync('patchelf', ['--set-interpreter', loader, path]);
  return path;
}

describe('inspectExecutable on real files', () => {
  test.each([
    [
      'an ELF binary and its loader',
      () => '/bin/true',
      { kind: 'runnable', interpreter: expect.stringMatching(/ld-linux|ld-musl/) },
    ],
    [
      'a #! script',
      () => file('script', '#!/bin/sh\necho hi\n'),
      { kind: 'runnable', interpreter: '/bin/sh' },
    ],
    [
      '#! with spaces and an argument',
      () => file('script2', '#!  /usr/bin/env  python3 -u\n'),
      { kind: 'runnable', interpreter: '/usr/bin/env' },
    ],
    ['#! with nothing after it', () => file('empty-shebang', '#!\n'), { kind: 'bad-format' }],
    ['a text file without #!', () => file('plain', 'echo hi\n'), unlessForeign('bad-format')],
    ['an empty executable file', () => file('empty', ''), unlessForeign('bad-format')],
    ['not executable', () => file('noexec', '#!/bin/sh\n', 0o644), { kind: 'no-permission' }],
    ['a directory', () => dir, { kind: 'directory' }],
    ['missing', () => join(dir, 'nope'), { kind: 'missing' }],
    [
      'a dangling symlink',
      () => {
        const link = join(dir, 'dangling');
        symlinkSync(join(dir, 'nowhere'), link);
        return link;
      },
      { kind: 'missing' },
    ],
    [
      'a #! line with CRLF: the carriage return is in the name, as the kernel reads it',
      () => file('crlf', '#!/bin/sh\r\necho hi\r\n'),
      { kind: 'runnable', interpreter: '/bin/sh\r' },
    ],
    [
      'a 300-byte interpreter path',
      () => file('long-shebang', `#!/${'a'.repeat(297)}\n`),
      { kind: 'long-shebang' },
    ],
    [
      'a name that is not UTF-8, found by its bytes',
      () => {
        writeFileSync(Buffer.from(`${dir}/caf\xe9`, 'latin1'), '#!/bin/sh\n', { mode: 0o755 });
        return `${dir}/caf\udce9`;
      },
      { kind: 'runnable', interpreter: '/bin/sh' },
    ],
    ['a path component over 255 bytes', () => join(dir, 'x'.repeat(300)), { kind: 'bad-path' }],
    ['a path through a file', () => '/bin/true/x', { kind: 'missing' }],
    ['an ELF binary for another architecture', foreignElf, unlessForeign('wrong-architecture')],
    [
      'an ELF binary whose loader is elsewhere',
      () => elfWithLoader('/nonexistent/ld.so'),
      { kind: 'runnable', interpreter: '/nonexistent/ld.so' },
    ],
  ])('%s', (_name, make, expected) => {
    expect(inspectExecutable(make())).toEqual(expected);
  });
});
