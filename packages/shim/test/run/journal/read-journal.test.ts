import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { scratchDirs } from '../../../../../test/support/scratch-dirs.ts';
import { readJournal } from '../../../src/run/journal/read-journal.ts';
import { ended, job, lines, run, started } from './records.fixtures.ts';

const scratch = scratchDirs('read-journal');

function journalWith(text: string): string {
  const path = join(scratch(), 'journal.jsonl');
  writeFileSync(path, text);
  return path;
}

describe('readJournal: every whole line, validated', () => {
  test.each([
    ['an empty file', '', 0, 0],
    ['whole records', lines(job, run(100), started(0, 0)), 3, 0],
    ['a torn last line is left out', `${lines(job, run(100))}{"v":1,"event":"attem`, 2, 21],
    ['a torn first line: nothing yet', '{"v":1,"event":"jo', 0, 18],
    [
      'a whole record without its newline is torn too',
      lines(job).slice(0, -1),
      0,
      lines(job).length - 1,
    ],
  ])('%s', (_name, text, count, torn) => {
    const contents = readJournal(journalWith(text));
    expect(contents.records).toHaveLength(count);
    expect(contents.tornBytes).toBe(torn);
    expect(contents.wholeBytes + contents.tornBytes).toBe(Buffer.byteLength(text));
  });

  test('no file is an empty journal', () => {
    expect(readJournal(join(scratch(), 'journal.jsonl'))).toEqual({
      records: [],
      wholeBytes: 0,
      tornBytes: 0,
    });
  });

  test('records come back as written', () => {
    const records = [job, run(100), started(0, 0), ended(0, 0, 3)];
    expect(readJournal(journalWith(lines(...records))).records).toEqual(records);
  });

  test.each([
    [
      'a line that is not JSON',
      `${lines(job)}not json\n${lines(run(100))}`,
      2,
      'the journal has a line that is not JSON',
    ],
    [
      'an empty line',
      `${lines(job)}\n${lines(run(100))}`,
      2,
      'the journal has a line that is not JSON',
    ],
    [
      'a record of no known event',
      `${lines(job)}{"v":1,"event":"attempt-paused","index":0,"at":1}\n`,
      2,
      /^the journal has a line that is not a record \(event\): /,
    ],
    [
      'a field of the wrong type',
      `${lines(job)}{"v":1,"event":"attempt-started","index":"0","attempt":0,"at":1}\n`,
      2,
      /^the journal has a line that is not a record \(index\): /,
    ],
    [
      'a journal of the format before version 1',
      '{"event":"job","name":"j","completions":2,"digest":null,"startedAt":1,"argv":["true"]}\n',
      1,
      'the journal was written by an earlier ixjob, in a format this one cannot resume: --force to start over',
    ],
    [
      'a journal of a later format',
      '{"v":2,"event":"job"}\n',
      1,
      'the journal was written by another ixjob (journal format 2), in a format this one cannot resume: --force to start over',
    ],
    [
      'a journal that does not begin with the job',
      lines(run(100), job),
      1,
      "the journal does not begin with the job's record",
    ],
  ])('%s: 65, naming the line', (_name, text, line, message) => {
    const path = journalWith(text);
    expect(() => readJournal(path)).toThrow(
      expect.objectContaining({
        kind: 'data',
        where: `${path}:${line}`,
        message: typeof message === 'string' ? message : expect.stringMatching(message),
      }),
    );
  });

  test('a journal that is a directory: 73, naming it', () => {
    const path = join(scratch(), 'journal.jsonl');
    mkdirSync(path);
    expect(() => readJournal(path)).toThrow(
      expect.objectContaining({
        kind: 'cannot-create',
        where: path,
        message: 'cannot write the journal: illegal operation on a directory (EISDIR)',
      }),
    );
  });
});
