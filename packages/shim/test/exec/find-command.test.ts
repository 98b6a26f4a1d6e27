import { describe, expect, test } from 'vitest';
import { DEFAULT_PATH, findCommand } from '../../src/exec/find-command.ts';
import type { Inspection } from '../../src/exec/inspect-executable.ts';

/** A fake file system of inspections: anything not listed is missing. */
const fake = (entries: Record<string, Inspection>) => (path: string) =>
  entries[path] ?? { kind: 'missing' as const };
const run: Inspection = { kind: 'runnable' };

describe('findCommand', () => {
  test.each<[string, string, string | undefined, Record<string, Inspection>, string]>([
    ['first PATH match', 'tool', '/a:/b', { '/a/tool': run, '/b/tool': run }, '/a/tool'],
    [
      'skips a non-executable match',
      'tool',
      '/a:/b',
      { '/a/tool': { kind: 'no-permission' }, '/b/tool': run },
      '/b/tool',
    ],
    [
      'skips a directory',
      'tool',
      '/a:/b',
      { '/a/tool': { kind: 'directory' }, '/b/tool': run },
      '/b/tool',
    ],
    [
      'empty PATH entry is the working directory',
      'tool',
      '/a::/b',
      { '/work/tool': run },
      '/work/tool',
    ],
    ['relative PATH entry', 'tool', 'bin', { '/work/bin/tool': run }, '/work/bin/tool'],
    [
      'a slash means a path, not a lookup',
      './tool',
      '/a',
      { '/work/tool': run, '/a/tool': run },
      '/work/tool',
    ],
    ['absolute path', '/opt/x', '/a', { '/opt/x': run }, '/opt/x'],
    ['default PATH when unset', 'sh', undefined, { '/usr/bin/sh': run }, '/usr/bin/sh'],
    [
      'script with a present interpreter',
      's',
      '/a',
      { '/a/s': { kind: 'runnable', interpreter: '/bin/sh' }, '/bin/sh': run },
      '/a/s',
    ],
  ])('%s', (_name, command, path, tree, expected) => {
    expect(findCommand(command, path, '/work', fake(tree))).toBe(expected);
  });

  test.each<
    [string, string, Record<string, Inspection>, { kind: string; message: unknown; where?: string }]
  >([
    [
      'not found anywhere',
      'tool',
      {},
      { kind: 'not-found', message: 'command not found: tool', where: 'PATH=/a:/b' },
    ],
    [
      'a path that does not exist',
      './tool',
      {},
      { kind: 'not-found', message: './tool: no such file' },
    ],
    ['empty command', '', {}, { kind: 'not-found', message: 'the command is an empty string' }],
    [
      'only a non-executable match',
      'tool',
      { '/b/tool': { kind: 'no-permission' } },
      { kind: 'not-executable', message: '/b/tool is not executable (permission denied)' },
    ],
    [
      'a directory',
      '/a',
      { '/a': { kind: 'directory' } },
      { kind: 'not-executable', message: '/a is a directory' },
    ],
    [
      'no #! and not ELF',
      '/x',
      { '/x': { kind: 'bad-format' } },
      {
        kind: 'not-executable',
        message: '/x cannot be executed: no #! line and not an ELF binary',
      },
    ],
    [
      'missing #! interpreter',
      '/x',
      { '/x': { kind: 'runnable', interpreter: '/usr/bin/python9' } },
      {
        kind: 'not-found',
        message: '/x: its interpreter /usr/bin/python9 (named by /x) does not exist',
      },
    ],
    [
      'interpreter not executable',
      '/x',
      { '/x': { kind: 'runnable', interpreter: '/i' }, '/i': { kind: 'no-permission' } },
      {
        kind: 'not-executable',
        message: '/x: its interpreter /i is not executable (permission denied)',
      },
    ],
    [
      'nested interpreter missing',
      '/x',
      {
        '/x': { kind: 'runnable', interpreter: '/i' },
        '/i': { kind: 'runnable', interpreter: '/j' },
      },
      { kind: 'not-found', message: '/x: its interpreter /j (named by /i) does not exist' },
    ],
    [
      'a script saved with CRLF line endings',
      '/x',
      { '/x': { kind: 'runnable', interpreter: '/bin/sh\r' }, '/bin/sh': run },
      {
        kind: 'not-found',
        message:
          '/x has Windows line endings (CRLF): its #! line names "/bin/sh\\r", carriage return included, which does not exist; convert it to LF line endings (dos2unix, or sed -i \'s/\\r$//\')',
        where: '/x',
      },
    ],
    [
      'a #! line longer than the kernel reads',
      '/x',
      { '/x': { kind: 'long-shebang' } },
      {
        kind: 'not-executable',
        message: expect.stringContaining(
          "/x cannot be executed: the interpreter's path on its #! line",
        ),
      },
    ],
    [
      'a path the kernel cannot follow',
      '/x',
      { '/x': { kind: 'bad-path' } },
      { kind: 'not-executable', message: expect.stringContaining('not a usable path') },
    ],
    [
      'interpreter loop',
      '/x',
      { '/x': { kind: 'runnable', interpreter: '/x' } },
      { kind: 'not-executable', message: '/x: too many levels of #! interpreters' },
    ],
  ])('rejects %s', (_name, command, tree, expected) => {
    expect(() => findCommand(command, '/a:/b', '/work', fake(tree))).toThrow(
      expect.objectContaining(expected),
    );
  });

  test('the default PATH is Docker’s', () => {
    expect(DEFAULT_PATH).toBe('/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin');
  });
});
