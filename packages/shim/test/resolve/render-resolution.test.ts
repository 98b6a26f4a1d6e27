import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { renderResolution } from '../../src/resolve/render-resolution.ts';

const info = { index: 7, count: 10, source: 'JOB_COMPLETION_INDEX', attempt: 0 };
const HOSTILE = {
  CMD: '$(rm -rf /); `id`',
  QUOTES: `it's "quoted" \\ '' '`,
  LINES: 'one\ntwo\n',
  UNICODE: 'héllo 日本 🎬 \u00a0',
  EMPTY: '',
};

/** POSIX shells a user's image may have: each must source `-o sh` output to the same bytes. */
const SHELLS = ['/bin/sh', '/bin/bash', '/bin/busybox sh'].filter((shell) => {
  try {
    execFileSync(shell.split(' ')[0] ?? '', ['--help'], { stdio: 'ignore' });
    return true;
  } catch {
    return shell === '/bin/sh';
  }
});

function sourceInShell(shell: string, script: string, names: string[]): string[] {
  const file = join(mkdtempSync(join(tmpdir(), 'ixjob-sh-')), 'env.sh');
  writeFileSync(file, script);
  const [program, ...args] = shell.split(' ');
  const dump = names.map((name) => `printf '%s\\0' "$${name}"`).join('; ');
  const out = execFileSync(program ?? '', [...args, '-c', `. "$1" && ${dump}`, 'sh', file], {
    env: {},
  });
  return out.toString('utf8').split('\0').slice(0, -1);
}

describe('renderResolution', () => {
  test('json is one object: index, count, source, attempt and exactly the exported env', () => {
    expect(JSON.parse(renderResolution('json', info, { IXJOB_INDEX: '7' }))).toEqual({
      index: 7,
      count: 10,
      source: 'JOB_COMPLETION_INDEX',
      attempt: 0,
      env: { IXJOB_INDEX: '7' },
    });
  });

  test('env is NAME=value lines', () => {
    expect(renderResolution('env', info, { A: '1', B: 'x y' })).toBe('A=1\nB=x y\n');
  });

  test('env refuses a value with a newline rather than split it', () => {
    expect(() => renderResolution('env', info, { LINES: 'a\nb' })).toThrow(
      expect.objectContaining({ kind: 'data', where: 'LINES' }),
    );
  });

  test.each(SHELLS)('sh output sourced by %s gives every value byte for byte', (shell) => {
    const script = renderResolution('sh', info, HOSTILE);
    expect(sourceInShell(shell, script, Object.keys(HOSTILE))).toEqual(Object.values(HOSTILE));
  });

  test('sh output round-trips any value through /bin/sh', () => {
    const value = fc.string({ unit: 'grapheme', maxLength: 40 }).map((s) => s.replaceAll('\0', ''));
    fc.assert(
      fc.property(fc.array(value, { minLength: 1, maxLength: 4 }), (values) => {
        const env = Object.fromEntries(values.map((v, i) => [`V${i}`, v]));
        expect(
          sourceInShell('/bin/sh', renderResolution('sh', info, env), Object.keys(env)),
        ).toEqual(values);
      }),
      { numRuns: 60 },
    );
  });
});
