import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { BASE_ENV, IXJOB } from '../support/ixjob-process.ts';

const COMPLETIONS = 12;

/**
 * `ixjob run … 2>&1 | head -c 10`: the reader goes away after ten bytes. The runner must
 * finish the job anyway, exit with the job's code, and journal every index.
 */
function runIntoHead(flags: string[], command: string) {
  const state = mkdtempSync(join(tmpdir(), 'ixjob-pipe-'));
  const codeFile = join(state, 'exit-code');
  const args = [
    'run',
    '--state',
    state,
    '--completions',
    String(COMPLETIONS),
    '--parallelism',
    '3',
    ...flags,
    '--',
    'sh',
    '-c',
    command,
  ];
  const quoted = [IXJOB, ...args].map((arg) => `'${arg.replaceAll("'", "'\\''")}'`).join(' ');
  const shell = `{ ${quoted} 2>&1; echo $? > '${codeFile}'; } | head -c 10`;
  const result = spawnSync('sh', ['-c', shell], {
    env: BASE_ENV,
    encoding: 'utf8',
    timeout: 60_000,
  });
  const records = readFileSync(join(state, 'journal.jsonl'), 'utf8')
    .trimEnd()
    .split('\n')
    .map(
      (line) => JSON.parse(line) as { event: string; index?: number; end?: { exitCode: number } },
    );
  const ends = records.filter((record) => record.event === 'attempt-ended');
  return {
    printed: result.stdout,
    code: Number(readFileSync(codeFile, 'utf8')),
    succeeded: new Set(ends.filter((e) => e.end?.exitCode === 0).map((e) => e.index)),
    ends,
    jobEnded: records.some((record) => record.event === 'job-ended'),
  };
}

const EVERY_INDEX = new Set(Array.from({ length: COMPLETIONS }, (_, index) => index));
const CHATTY =
  'for i in 1 2 3 4 5; do echo "index $JOB_COMPLETION_INDEX line $i"; sleep 0.02; done';

describe('a closed stdout or stderr never stops the job', () => {
  test.each<[string, string[], string]>([
    ['progress lines on stderr', [], CHATTY],
    ['the summary as JSON on stdout', ['-o', 'json'], CHATTY],
    ['tagged output lines on stdout', ['--tag'], CHATTY],
  ])('%s into `head -c 10`: the job completes', (_name, flags, command) => {
    const run = runIntoHead(flags, command);
    expect(run.printed).toHaveLength(10);
    expect(run.code).toBe(0);
    expect(run.succeeded).toEqual(EVERY_INDEX);
    expect(run.jobEnded).toBe(true);
  });

  test('a job that fails still exits 1, its journal whole', () => {
    const run = runIntoHead(
      ['--backoff-limit-per-index', '0', '--tag'],
      `${CHATTY}; [ "$JOB_COMPLETION_INDEX" != 4 ]`,
    );
    expect(run.code).toBe(1);
    expect(run.succeeded).toEqual(new Set([...EVERY_INDEX].filter((index) => index !== 4)));
    expect(run.jobEnded).toBe(true);
  });
});
