import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { scratchDirs } from '../../../../../test/support/scratch-dirs.ts';
import { readJournal } from '../../../src/run/journal/read-journal.ts';
import { resumePoint } from '../../../src/run/journal/resume-point.ts';
import { startJournal } from '../../../src/run/journal/start-journal.ts';
import { ended, job, lines, lost, run, started } from './records.fixtures.ts';

const scratch = scratchDirs('start-journal');
const jobFields = { name: 'j', completions: 3, digest: null, command: ['true'] };

describe('startJournal', () => {
  test('a first run: the job, then the run', () => {
    const path = join(scratch(), 'journal.jsonl');
    const started = startJournal({
      journalPath: path,
      point: resumePoint([]),
      job: jobFields,
      now: 100,
      pid: 7,
    });
    started.journal.close();
    expect(readJournal(path).records).toEqual([job, run(100, false)]);
    expect([started.jobStartedAt, started.runStartedAt, started.numbers.peek(0)]).toEqual([
      100, 100, 0,
    ]);
  });

  test('a resume after kill -9: the torn line cut, the run, the lost attempts; numbers go on', () => {
    const path = join(scratch(), 'journal.jsonl');
    const before = [
      job,
      run(100, false),
      started(0, 0),
      ended(0, 0, 1),
      started(0, 1),
      started(1, 0),
    ];
    writeFileSync(path, `${lines(...before)}{"v":1,"eve`);
    const point = resumePoint(readJournal(path).records);
    const resumed = startJournal({ journalPath: path, point, job: jobFields, now: 200, pid: 7 });
    resumed.journal.close();
    expect(readJournal(path)).toMatchObject({
      records: [...before, run(200, true), lost(0, 1, 200), lost(1, 0, 200)],
      tornBytes: 0,
    });
    expect([resumed.jobStartedAt, resumed.runStartedAt]).toEqual([100, 200]);
    expect([resumed.numbers.take(0), resumed.numbers.take(1), resumed.numbers.take(2)]).toEqual([
      2, 1, 0,
    ]);
  });
});
