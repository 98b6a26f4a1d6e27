import { closeSync, readdirSync, readFileSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { scratchDirs } from '../../../../test/support/scratch-dirs.ts';
import { logOpener, openNewLog, removeUnstartedLogs } from '../../src/run/log-files.ts';

const scratch = scratchDirs('log-files');
const turn = () => new Promise((resolve) => setTimeout(resolve, 20));

describe('logOpener: a new file for every attempt, never an old one', () => {
  test('opens the asked log, and the next indexes’ ahead; removes those not used', async () => {
    const logs = scratch();
    const opener = logOpener({ logs, lookahead: 2, last: 9, nextAttempt: () => 0 });
    const fd = await opener.fd(0, 0);
    writeSync(fd, 'zero\n');
    closeSync(fd);
    await turn();
    expect(readdirSync(logs).sort()).toEqual(['0.0.log', '1.0.log', '2.0.log']);
    const early = await opener.fd(1, 0);
    writeSync(early, 'one\n');
    closeSync(early);
    opener.close();
    await turn();
    expect(readdirSync(logs).sort()).toEqual(['0.0.log', '1.0.log']);
    expect(readFileSync(join(logs, '1.0.log'), 'utf8')).toBe('one\n');
  });

  test('opens ahead with the number each index takes next, and nothing for indexes that will not run', async () => {
    const logs = scratch();
    const next = new Map([
      [1, 3],
      [2, undefined],
      [3, 0],
    ]);
    const opener = logOpener({ logs, lookahead: 3, last: 3, nextAttempt: (i) => next.get(i) });
    closeSync(await opener.fd(0, 5));
    await turn();
    expect(readdirSync(logs).sort()).toEqual(['0.5.log', '1.3.log', '3.0.log']);
    closeSync(await opener.fd(1, 3));
    opener.close();
    await turn();
    expect(readdirSync(logs).sort()).toEqual(['0.5.log', '1.3.log']);
  });

  test('asked for while its early open is still in flight: the same file, once', async () => {
    const logs = scratch();
    const opener = logOpener({ logs, lookahead: 1, last: 1, nextAttempt: () => 0 });
    const [a, b] = await Promise.all([opener.fd(0, 0), opener.fd(1, 0)]);
    writeSync(b, 'one\n');
    closeSync(a);
    closeSync(b);
    opener.close();
    expect(readFileSync(join(logs, '1.0.log'), 'utf8')).toBe('one\n');
  });

  test('a log that exists already is refused with 73, never truncated', async () => {
    const logs = scratch();
    writeFileSync(join(logs, '0.0.log'), 'an earlier attempt’s output\n');
    writeFileSync(join(logs, '1.0.log'), 'another\n');
    const opener = logOpener({ logs, lookahead: 1, last: 1, nextAttempt: () => 0 });
    const refused = expect.objectContaining({
      kind: 'cannot-create',
      message: expect.stringMatching(/^the log exists already: /),
    });
    await expect(opener.fd(0, 0)).rejects.toEqual(
      expect.objectContaining({ kind: 'cannot-create', where: join(logs, '0.0.log') }),
    );
    await expect(opener.fd(1, 0)).rejects.toEqual(refused);
    opener.close();
    expect(readFileSync(join(logs, '0.0.log'), 'utf8')).toBe('an earlier attempt’s output\n');
    expect(readFileSync(join(logs, '1.0.log'), 'utf8')).toBe('another\n');
  });

  test('a logs folder that cannot be written: 73 naming the log', () => {
    const path = join(scratch(), 'missing', '0.0.log');
    expect(() => openNewLog(path)).toThrow(
      expect.objectContaining({
        kind: 'cannot-create',
        where: path,
        message: 'cannot write a log: no such file or directory (ENOENT)',
      }),
    );
  });
});

describe('removeUnstartedLogs', () => {
  test('empty logs of attempts the journal never started go; everything else stays', () => {
    const logs = scratch();
    for (const [name, text] of [
      ['0.0.log', 'ran\n'],
      ['0.1.log', ''],
      ['1.0.log', ''],
      ['2.0.log', 'foreign\n'],
      ['notes.txt', ''],
    ] as const)
      writeFileSync(join(logs, name), text);
    removeUnstartedLogs(logs, (index, attempt) => index === 0 && attempt <= 1);
    expect(readdirSync(logs).sort()).toEqual(['0.0.log', '0.1.log', '2.0.log', 'notes.txt']);
  });
});
