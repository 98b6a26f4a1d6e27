import * as fs from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { scratchDirs } from '../../../../../test/support/scratch-dirs.ts';
import { type JournalFs, openJournal } from '../../../src/run/journal/open-journal.ts';
import { readJournal } from '../../../src/run/journal/read-journal.ts';
import type { NewRecord } from '../../../src/run/journal/records.ts';
import { job, lines, run } from './records.fixtures.ts';
import { fill, mountTmpfs } from './tmpfs.fixtures.ts';

const scratch = scratchDirs('open-journal');
const started = (index: number): NewRecord => ({
  event: 'attempt-started',
  index,
  attempt: 0,
  at: 1,
});
const startedLine = (index: number) => lines({ v: 1, ...started(index) } as never);

function journalWith(text: string): string {
  const path = join(scratch(), 'journal.jsonl');
  fs.writeFileSync(path, text);
  return path;
}

describe('openJournal: one line per record, after the last whole one', () => {
  test('each record is one line with its version, appended', () => {
    const path = join(scratch(), 'journal.jsonl');
    const journal = openJournal(path);
    journal.append(started(0));
    journal.append(started(1));
    journal.close();
    expect(fs.readFileSync(path, 'utf8')).toBe(startedLine(0) + startedLine(1));
  });

  const whole = lines(job, run(100));
  test.each([
    ['an empty journal', '', ''],
    ['whole records stay', whole, whole],
    ['a torn last line is cut off', `${whole}{"v":1,"eve`, whole],
    ['a record without its newline is cut off', whole.slice(0, -1), lines(job)],
    ['a torn first line leaves nothing', '{"v":1,"event":"jo', ''],
    ['a torn line longer than a read', `${whole}${'x'.repeat(200_000)}`, whole],
    ['a torn line longer than a read and no whole one', 'x'.repeat(200_000), ''],
  ])('%s', (_name, before, kept) => {
    const path = journalWith(before);
    const journal = openJournal(path);
    journal.append(started(5));
    journal.close();
    expect(fs.readFileSync(path, 'utf8')).toBe(kept + startedLine(5));
  });

  test('the version is first and the record as given after it', () => {
    const path = join(scratch(), 'journal.jsonl');
    const journal = openJournal(path);
    journal.append({ event: 'run', pid: 3, resume: false, at: 9 });
    journal.close();
    expect(fs.readFileSync(path, 'utf8')).toBe(
      '{"v":1,"event":"run","pid":3,"resume":false,"at":9}\n',
    );
  });
});

/** Real file calls, but writes fail as `failures` says: a byte count to write short, or an errno. */
function failingFs(failures: (number | string)[]): JournalFs {
  return {
    ...fs,
    writeSync: ((fd: number, buffer: Buffer, offset: number, length: number) => {
      const failure = failures.shift();
      if (typeof failure === 'string') {
        throw Object.assign(new Error(`${failure}: no space left on device, write`), {
          code: failure,
        });
      }
      return fs.writeSync(fd, buffer, offset, failure === undefined ? length : failure);
    }) as JournalFs['writeSync'],
  };
}

describe('openJournal: a write that fails leaves a whole journal and one line', () => {
  test.each<[string, (number | string)[]]>([
    ['fails at once', ['ENOSPC']],
    ['writes part, then fails', [10, 'ENOSPC']],
    ['writes part twice, then fails', [10, 5, 'EIO']],
  ])('%s', (_name, failures) => {
    const path = journalWith(lines(job));
    const journal = openJournal(path, failingFs(failures));
    const error = (() => {
      try {
        journal.append(started(0));
      } catch (caught) {
        return caught;
      }
      return undefined;
    })();
    expect(error).toMatchObject({
      kind: 'cannot-create',
      where: path,
      message: expect.stringMatching(/^cannot write the journal: .* \((ENOSPC|EIO)\)$/),
    });
    // Cut back to the last whole record; every later append says the same.
    expect(fs.readFileSync(path, 'utf8')).toBe(lines(job));
    expect(() => journal.append(started(1))).toThrow(error as Error);
    expect(fs.readFileSync(path, 'utf8')).toBe(lines(job));
    journal.close();
  });

  test('short writes that add up are fine', () => {
    const path = journalWith('');
    const journal = openJournal(path, failingFs([3, 4, 5]));
    journal.append(started(0));
    journal.close();
    expect(fs.readFileSync(path, 'utf8')).toBe(startedLine(0));
  });

  test('a journal that cannot be opened: 73, naming it', () => {
    const path = join(scratch(), 'journal.jsonl');
    fs.mkdirSync(path);
    expect(() => openJournal(path)).toThrow(
      expect.objectContaining({
        kind: 'cannot-create',
        where: path,
        message: 'cannot write the journal: illegal operation on a directory (EISDIR)',
      }),
    );
  });
});

describe('openJournal on a real full disk (tmpfs)', () => {
  test('ENOSPC: one error naming the journal, the journal whole, and appending again once there is room', (context) => {
    const dir = scratch();
    if (!mountTmpfs(dir, 'size=64k')) {
      context.skip('mount -t tmpfs is not permitted here: the full-disk test needs root');
    }
    const path = join(dir, 'journal.jsonl');
    const filler = join(dir, 'filler');
    fs.writeFileSync(path, lines(job));
    const journal = openJournal(path);
    fill(filler);
    let error: unknown;
    let appended = 0;
    const big: NewRecord = {
      event: 'job-ended',
      succeeded: false,
      reason: 'x'.repeat(3000),
      at: 1,
    };
    for (; appended < 10_000; appended++) {
      try {
        journal.append(appended % 2 ? started(appended) : big);
      } catch (caught) {
        error = caught;
        break;
      }
    }
    expect(error).toMatchObject({
      kind: 'cannot-create',
      where: path,
      message: 'cannot write the journal: no space left on device (ENOSPC)',
    });
    const text = fs.readFileSync(path, 'utf8');
    expect(text.endsWith('\n')).toBe(true);
    expect(readJournal(path).records).toHaveLength(1 + appended);
    journal.close();
    fs.rmSync(filler);
    const again = openJournal(path);
    again.append(started(99));
    again.close();
    expect(readJournal(path).records).toHaveLength(2 + appended);
  });

  test('a read-only file system: 73 when opening', (context) => {
    const dir = scratch();
    if (!mountTmpfs(dir, 'size=64k,ro')) {
      context.skip('mount -t tmpfs is not permitted here: the read-only test needs root');
    }
    const path = join(dir, 'journal.jsonl');
    expect(() => openJournal(path)).toThrow(
      expect.objectContaining({
        kind: 'cannot-create',
        where: path,
        message: 'cannot write the journal: read-only file system (EROFS)',
      }),
    );
  });
});
