import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { BASE_ENV, IXJOB } from '../support/ixjob-process.ts';
import { scratchDirs } from '../support/scratch-dirs.ts';

/**
 * Issue 11, files: every file ixjob reads whole has a cap and every file it reads is a
 * regular one. Real FIFOs, devices, generated big files and real processes throughout; the
 * caps are checked by peak memory, never by time.
 */
const scratch = scratchDirs('file-limits');
const dir = scratch();
const path = (name: string) => join(dir, name);
const fifo = path('fifo');
execFileSync('mkfifo', [fifo]);
mkdirSync(path('folder'));

/** A run that hangs (a FIFO waiting for a writer) fails the test instead of stalling it. */
function ixjob(args: string[]) {
  const result = spawnSync(IXJOB, args, {
    env: BASE_ENV,
    encoding: 'utf8',
    input: '',
    timeout: 20_000,
  });
  return {
    code: result.status,
    signal: result.signal,
    stderr: result.stderr,
    stdout: result.stdout,
  };
}

const TIME = '/usr/bin/time';
/** `ixjob ARGS` under GNU time: its exit code, stderr without time's line, and peak RSS in MiB. */
function peak(args: string[]) {
  const result = spawnSync(TIME, ['-f', '%M', IXJOB, ...args], {
    env: BASE_ENV,
    encoding: 'utf8',
    input: '',
    timeout: 60_000,
  });
  const lines = result.stderr.trimEnd().split('\n');
  const kib = Number(lines.pop());
  // GNU time says "Command exited with non-zero status N" before its figure.
  const stderr = lines.filter((line) => !line.startsWith('Command exited')).join('\n');
  return { code: result.status, stderr, mib: kib / 1024 };
}

describe('only regular files: a FIFO or a device is 66 with the reason, at once', () => {
  const takers: [string, (file: string) => string[]][] = [
    ['--per-completion-env F=@', (f) => ['--per-completion-env', `F=@${f}`]],
    ['--csv', (f) => ['--csv', f]],
    ['--tsv', (f) => ['--tsv', f]],
    ['--json', (f) => ['--json', f]],
    ['--commands @', (f) => ['--commands', `@${f}`]],
    ['--spec', (f) => ['--spec', f]],
  ];
  const specials: [string, string, string][] = [
    ['a FIFO', fifo, 'a FIFO'],
    ['/dev/zero', '/dev/zero', 'a character device'],
    ['/dev/null', '/dev/null', 'a character device'],
    ['a directory', path('folder'), 'a directory'],
  ];
  test.each(
    takers.flatMap(([flag, args]) =>
      specials.map(([name, file, kind]) => [flag, name, args(file), file, kind] as const),
    ),
  )('%s %s', (_flag, _name, args, file, kind) => {
    const result = ixjob(['resolve', '--index', '0', ...args]);
    expect(result.signal).toBeNull();
    expect(result.stderr).toBe(`ixjob: ${file} is ${kind}, not a regular file (${file})\n`);
    expect(result.code).toBe(66);
  });

  test.each<[string, () => string, string]>([
    ['a FIFO', () => fifo, `ixjob: ${fifo} is a FIFO, not a regular file (${fifo})\n`],
    [
      '/dev/zero',
      () => '/dev/zero',
      'ixjob: /dev/zero is a character device, not a regular file (/dev/zero)\n',
    ],
    [
      'a directory holding a directory named annotations',
      () => {
        const podinfo = scratch();
        mkdirSync(join(podinfo, 'annotations'));
        return podinfo;
      },
      'is a directory, not a downward-API file',
    ],
  ])('--podinfo naming %s: 66', (_name, make, message) => {
    const result = ixjob(['resolve', '--podinfo', make(), '--per-completion-env', 'F=a']);
    expect(result.signal).toBeNull();
    expect(result.stderr).toContain(message);
    expect(result.stderr.split('\n')).toHaveLength(2);
    expect(result.code).toBe(66);
  });
});

/** A billion laughs: 9 levels of 9 aliases, 9^9 strings once expanded. */
const laughs = [
  'a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]',
  ...Array.from(
    { length: 9 },
    (_, i) => `a${i + 1}: &a${i + 1} [${Array(9).fill(`*a${i}`).join(', ')}]`,
  ),
  'dimensions: [{ values: { F: *a9 } }]',
].join('\n');

describe.skipIf(!existsSync(TIME))('caps: one line past each, peak memory bounded', () => {
  const LIMIT_MIB = 200;
  const generate = (name: string, content: string | (() => void)) => {
    const file = path(name);
    if (typeof content === 'string') writeFileSync(file, content);
    else content();
    return file;
  };
  test.each<[string, () => string[], number, RegExp]>([
    [
      '--spec /dev/zero',
      () => ['--index', '0', '--spec', '/dev/zero'],
      66,
      /is a character device/,
    ],
    [
      'a 6 MB YAML spec',
      () => [
        '--index',
        '0',
        '--spec',
        generate('big.yaml', `dimensions:\n  - values: { F: [${'a,'.repeat(3_000_000)}a] }\n`),
      ],
      65,
      /^ixjob: a spec file is over 64 KiB, the most ixjob reads: .* \(\S+big\.yaml\)$/,
    ],
    [
      'a spec just under the cap, as dense as YAML gets (32 000 one-letter items)',
      () => [
        '--index',
        '0',
        '--spec',
        generate('dense.yaml', `dimensions:\n  - values: { F: [${'a,'.repeat(32_000)}a] }\n`),
      ],
      0,
      /^$/,
    ],
    [
      'a spec at the cap nested as deep as it goes',
      () => [
        '--index',
        '0',
        '--spec',
        generate('deep.yaml', `${'['.repeat(32_768)}${']'.repeat(32_768)}`),
      ],
      65,
      /^ixjob: malformed spec file: .*deep\.yaml:1\)$/,
    ],
    [
      'an alias bomb',
      () => ['--index', '0', '--spec', generate('bomb.yaml', laughs)],
      65,
      /^ixjob: malformed spec file: Excessive alias count .*bomb\.yaml\)$/,
    ],
    [
      'a 100 MB podinfo file',
      () => {
        const file = generate('annotations-100m', () => {
          writeFileSync(path('annotations-100m'), '');
          truncateSync(path('annotations-100m'), 100 << 20);
        });
        return ['--podinfo', file, '--per-completion-env', 'F=a'];
      },
      65,
      /^ixjob: a downward-API file is over 4 MiB, the most ixjob reads: .*annotations-100m\)$/,
    ],
    [
      'a podinfo file of 100 000 keys (2.5 MB)',
      () => {
        const lines = Array.from({ length: 100_000 }, (_, i) => `k${i}="\\x01\\x02\\x03\\x04"`);
        lines.push('batch.kubernetes.io/job-completion-index="0"');
        return [
          '--podinfo',
          generate('annotations-4m', lines.join('\n')),
          '--per-completion-env',
          'F=a',
        ];
      },
      0,
      /^$/,
    ],
  ])('%s', (_name, args, code, stderr) => {
    const result = peak(['resolve', ...args()]);
    expect(result.stderr).toMatch(stderr);
    expect(result.code).toBe(code);
    expect(result.mib).toBeLessThan(LIMIT_MIB);
  });
});
