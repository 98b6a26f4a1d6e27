import { spawn } from 'node:child_process';
import { createHash, type Hash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { afterAll, expect, test } from 'vitest';
import { attemptLogPath, openAttemptLog } from '../../../src/run/output/attempt-log.ts';
import { createLineTagger, type StreamName } from '../../../src/run/output/line-tagger.ts';

const EMIT_LINES = fileURLToPath(new URL('fixtures/emit-lines.ts', import.meta.url));
const PRODUCERS = 8;
const BYTES = 50_000_000;

interface Digest {
  bytes: number;
  sha256: string;
  lines: string;
}

const dir = mkdtempSync(join(tmpdir(), 'ixjob-high-volume-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** What the tagger printed for one stream: the hash of its lines, and of their text alone. */
class Seen {
  readonly lines: Hash = createHash('sha256');
  readonly letters: Hash = createHash('sha256');
  count = 0;
}

/**
 * A destination as slow as a pipe to a terminal (every write completes a turn later) that
 * takes each write apart again: it must be whole lines of one stream, all with its prefix.
 */
function verifier() {
  const seen = new Map<string, Seen>();
  const problems: string[] = [];
  const destination = new Writable({
    highWaterMark: 64 * 1024,
    write(chunk: Buffer, _encoding, callback) {
      const text = chunk.toString('latin1');
      const match = /^\[(\d+)(!\] |\] {2})/.exec(text);
      if (!match || !text.endsWith('\n'))
        problems.push(`not whole tagged lines: ${text.slice(0, 40)}`);
      const [prefix = '', index = '', end] = match ?? [];
      const key = `${index} ${end === '!] ' ? 'stderr' : 'stdout'}`;
      const body = text.slice(prefix.length).replaceAll(`\n${prefix}`, '\n');
      // The alphabets hold no `[`: one would be a line with another prefix inside this write.
      if (body.includes('[')) problems.push(`lines of two streams in one write: ${key}`);
      const stream = seen.get(key) ?? new Seen();
      seen.set(key, stream);
      stream.lines.update(body, 'latin1');
      stream.letters.update(body.replaceAll('\n', ''), 'latin1');
      stream.count += body.length - body.replaceAll('\n', '').length;
      setImmediate(callback);
    },
  });
  return { destination, seen, problems };
}

/** The log split back into its streams by alphabet: stdout `a-z `, stderr `A-Z_`, and newlines. */
function splitLog(path: string) {
  const text = readFileSync(path).toString('latin1');
  const rest = text.replace(/[a-zA-Z _]+/g, '');
  return {
    bytes: text.length,
    stdout: createHash('sha256')
      .update(text.replace(/[^a-z ]+/g, ''), 'latin1')
      .digest('hex'),
    stderr: createHash('sha256')
      .update(text.replace(/[^A-Z_]+/g, ''), 'latin1')
      .digest('hex'),
    newlines: rest.length,
    onlyNewlines: /^\n*$/.test(rest),
  };
}

test(`${PRODUCERS} processes × ${BYTES / 1e6} MB of lines: logs and tagger account for every byte`, async () => {
  const { destination, seen, problems } = verifier();
  const tagger = createLineTagger(destination, { lastIndex: PRODUCERS - 1 });
  const runs = Array.from({ length: PRODUCERS }, async (_, index) => {
    const digestPath = join(dir, `${index}.digest.json`);
    const child = spawn(
      process.execPath,
      [EMIT_LINES, String(index + 1), String(BYTES), digestPath],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    const log = openAttemptLog(attemptLogPath(dir, index, 0), [child.stdout, child.stderr]);
    const tagged = [
      tagger.attach(index, 'stdout', child.stdout),
      tagger.attach(index, 'stderr', child.stderr),
    ];
    const code = await new Promise((resolve) => child.once('close', resolve));
    await Promise.all(tagged);
    return { index, code, logged: await log.done, digestPath };
  });
  const finished = await Promise.all(runs);
  await tagger.flushed();

  expect(problems).toEqual([]);
  for (const { index, code, logged, digestPath } of finished) {
    expect(code).toBe(0);
    const digest = JSON.parse(readFileSync(digestPath, 'utf8')) as Record<StreamName, Digest>;
    const tagged = (stream: StreamName) => seen.get(`${index} ${stream}`) ?? new Seen();
    const [stdout, stderr] = [tagged('stdout'), tagged('stderr')];
    expect(stdout.lines.digest('hex')).toBe(digest.stdout.lines);
    expect(stderr.lines.digest('hex')).toBe(digest.stderr.lines);

    expect(logged).toBe(digest.stdout.bytes + digest.stderr.bytes);
    const log = splitLog(attemptLogPath(dir, index, 0));
    expect(log).toEqual({
      bytes: logged,
      stdout: stdout.letters.digest('hex'),
      stderr: stderr.letters.digest('hex'),
      // The tagger added one newline: the fixture's last stdout line has none.
      newlines: stdout.count + stderr.count - 1,
      onlyNewlines: true,
    });
  }
});
