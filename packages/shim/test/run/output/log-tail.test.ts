import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { LAST_LINE_CHARS, lastLineOf, lastLogLine } from '../../../src/run/output/log-tail.ts';

describe('the last line of an attempt log', () => {
  test.each<[string, string, string | undefined]>([
    ['a plain last line', 'one\ntwo\n', 'two'],
    ['no newline at the end', 'one\ntwo', 'two'],
    ['blank lines after it', 'one\ntwo\n\n  \n', 'two'],
    ['a progress bar redrawn with \\r', 'load 10%\rload 50%\rfailed: disk\n', 'failed: disk'],
    ['control characters dropped', 'ok\n\x1b[31merror\x1b[0m\n', '[31merror[0m'],
    ['nothing at all', '', undefined],
    ['only blank lines', '\n\n \n', undefined],
    ['a line too long is cut', `${'x'.repeat(500)}\n`, `${'x'.repeat(LAST_LINE_CHARS - 1)}…`],
  ])('%s', (_name, text, expected) => {
    expect(lastLineOf(text)).toBe(expected);
  });

  test('reads only the end of a big log, and a missing one has none', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ixjob-tail-'));
    const path = join(dir, 'big.log');
    writeFileSync(path, `${'early line\n'.repeat(100_000)}${'y'.repeat(3000)}\nTraceback: boom\n`);
    expect(lastLogLine(path)).toBe('Traceback: boom');
    // A last line longer than what is read is still shown, cut.
    writeFileSync(path, `start\n${'z'.repeat(10_000)}`);
    expect(lastLogLine(path)).toBe(`${'z'.repeat(LAST_LINE_CHARS - 1)}…`);
    expect(lastLogLine(join(dir, 'missing.log'))).toBeUndefined();
  });
});
