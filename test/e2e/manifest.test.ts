import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { ixjobSync } from '../support/ixjob-process.ts';
import { scratchDirs } from '../support/scratch-dirs.ts';

/**
 * `ixjob manifest` prints the Job a cluster runs; `ixjob run -f` runs that same file here,
 * with the same results as `ixjob run` of the same flags.
 */

const scratch = scratchDirs('manifest');
const SHIM = ['--image', 'busybox', '--shim-image', 'ixjob-shim'];

function fruitDir(): string {
  const dir = scratch();
  writeFileSync(join(dir, 'fruits.txt'), 'apple\nbanana\ncherry\n');
  return dir;
}

function manifest(args: string[], cwd: string) {
  const result = ixjobSync(['manifest', ...args], {}, undefined, cwd);
  return { ...result, stdout: result.stdout.toString() };
}

describe('ixjob manifest', () => {
  test('say-fruit: the work ConfigMap and the Indexed Job, as YAML kubectl reads', () => {
    const dir = fruitDir();
    const printed = manifest(
      [
        'say-fruit',
        ...SHIM,
        '--per-completion-env',
        'FRUIT=@fruits.txt',
        '--',
        'sh',
        '-c',
        'echo $(FRUIT)',
      ],
      dir,
    );
    expect([printed.code, printed.stderr]).toEqual([0, '']);
    const docs = parseAllDocuments(printed.stdout, { version: '1.1' }).map((d) => d.toJS());
    expect(docs.map((d) => d.kind)).toEqual(['ConfigMap', 'Job']);
    expect(docs[1].spec).toMatchObject({ completionMode: 'Indexed', completions: 3 });
    const json = manifest(
      [
        'say-fruit',
        ...SHIM,
        '-o',
        'json',
        '--per-completion-env',
        'FRUIT=@fruits.txt',
        '--',
        'sh',
        '-c',
        'echo $(FRUIT)',
      ],
      dir,
    );
    expect(JSON.parse(json.stdout)).toEqual({ apiVersion: 'v1', kind: 'List', items: docs });
  });

  test.each([
    ['no name', ['--image', 'x', '--shim-path', '/s', '--completions', '2', '--', 'true'], 'NAME'],
    ['no image', ['job', '--shim-path', '/s', '--completions', '2', '--', 'true'], '--image'],
    ['no shim', ['job', '--image', 'x', '--completions', '2', '--', 'true'], '--shim-image'],
    [
      'a name too long for its pods',
      [`${'a'.repeat(62)}`, ...SHIM, '--completions', '20', '--', 'true'],
      'NAME',
    ],
    [
      'OnFailure with the default policy',
      ['job', ...SHIM, '--restart', 'OnFailure', '--completions', '2', '--', 'true'],
      '--restart',
    ],
    [
      '--overrides that is not JSON',
      ['job', ...SHIM, '--overrides', '{', '--completions', '2', '--', 'true'],
      '--overrides',
    ],
    ['no command and no image config', ['job', ...SHIM, '--completions', '2'], '--image-config'],
  ])('refuses %s: one line, 64', (_name, args, where) => {
    const result = manifest(args, scratch());
    expect(result.code).toBe(64);
    expect(result.stderr).toMatch(
      new RegExp(`^ixjob: [^\\n]+\\(${where.replace(/-/g, '\\-')}\\)\\n$`),
    );
  });
});

describe('ixjob run -f: the manifest, run here', () => {
  test('the same indexes and logs as ixjob run of the same flags, --env among them', () => {
    const dir = fruitDir();
    const work = [
      ...['--per-completion-env', 'FRUIT=@fruits.txt', '--backoff-limit-per-index', '1'],
      // A variable may name an earlier one, which the kubelet expands (and so does ixjob run).
      ...['--env', 'GREETING=hi', '--env', 'WHO=$(GREETING) all'],
    ];
    const command = [
      '--',
      'sh',
      '-c',
      'echo "$(FRUIT) $JOB_COMPLETION_INDEX $(GREETING) $WHO"; [ $(FRUIT) != banana ]',
    ];
    const file = join(dir, 'job.yaml');
    const printed = manifest(['say-fruit', ...SHIM, ...work, ...command], dir);
    writeFileSync(file, printed.stdout);
    const fromFile = ixjobSync([
      'run',
      '-q',
      '-o',
      'json',
      '--state',
      join(scratch(), 's'),
      '-f',
      file,
    ]);
    const byFlags = ixjobSync(
      [
        'run',
        '-q',
        '-o',
        'json',
        '--state',
        join(scratch(), 's'),
        '--parallelism',
        '1',
        ...work,
        ...command,
      ],
      {},
      undefined,
      dir,
    );
    const summary = (stdout: Buffer) => JSON.parse(stdout.toString());
    const [a, b] = [summary(fromFile.stdout), summary(byFlags.stdout)];
    expect([fromFile.code, byFlags.code]).toEqual([1, 1]);
    expect(a.status.completedIndexes).toBe(b.status.completedIndexes);
    expect(a.status.failedIndexes).toBe('1');
    const logs = (s: typeof a) =>
      s.indexes.map((i: { attempts: { log: string }[] }) =>
        i.attempts.map((t) => readFileSync(t.log, 'utf8')),
      );
    expect(logs(a)).toEqual(logs(b));
    expect(logs(a)[0]).toEqual(['apple 0 hi hi all\n']);
    // The manifest holds the whole job: a variable given beside it is refused, not merged.
    const both = ixjobSync(['run', '-f', file, '--env', 'A=1'], {}, undefined, dir);
    expect([both.code, both.stderr.toString()]).toEqual([
      64,
      'ixjob: the manifest holds the whole job: give a command, work, --env or policy flags, or -f, not both (--filename)\n',
    ]);
  });
});

describe('ixjob run -f: a plain Indexed Job written by hand', () => {
  test('its command, env and count, with no ixjob work spec', () => {
    const dir = scratch();
    const file = join(dir, 'plain.yaml');
    writeFileSync(
      file,
      `apiVersion: batch/v1
kind: Job
metadata: {name: plain}
spec:
  completionMode: Indexed
  completions: 3
  parallelism: 2
  template:
    spec:
      restartPolicy: Never
      containers:
        - name: main
          image: busybox
          env: [{name: WHO, value: world}, {name: GREETING, value: "hello $(WHO)"}]
          command: [sh, -c, 'echo "$(GREETING) from $JOB_COMPLETION_INDEX"']
`,
    );
    const result = ixjobSync(['run', '-q', '-o', 'json', '--state', join(dir, 's'), '-f', file]);
    expect(result.code).toBe(0);
    const summary = JSON.parse(result.stdout.toString());
    expect(summary).toMatchObject({ name: 'plain', parallelism: 2 });
    const logs = summary.indexes.map((i: { attempts: { log: string }[] }) =>
      readFileSync(i.attempts[0]?.log ?? '', 'utf8'),
    );
    expect(logs).toEqual(['hello world from 0\n', 'hello world from 1\n', 'hello world from 2\n']);
  });
});
