import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, test } from 'vitest';
import { BINPRM_BUF_SIZE, shebangInterpreter } from '../../src/exec/shebang.ts';

const bytes = (text: string) => Buffer.from(text, 'latin1');

describe('shebangInterpreter: the #! line as Linux reads it', () => {
  test.each([
    ['plain', '#!/bin/sh\necho\n', '/bin/sh'],
    ['spaces and an argument', '#!  /usr/bin/env  python3 -u\n', '/usr/bin/env'],
    ['a tab before the name', '#!\t/bin/sh\n', '/bin/sh'],
    ['CRLF: the carriage return is part of the name', '#!/bin/sh\r\necho\r\n', '/bin/sh\r'],
    ['CRLF after an argument stays with the argument', '#!/bin/sh -e\r\n', '/bin/sh'],
    ['no newline in a short file', '#!/bin/sh', '/bin/sh'],
    ['nothing after #!', '#!\n', 'no-interpreter'],
    ['only spaces', '#!   \t \n', 'no-interpreter'],
    ['a name that ends at the 255th byte', `#!/${'a'.repeat(251)} x`, `/${'a'.repeat(251)}`],
    ['a 300-byte name', `#!/${'a'.repeat(297)}\n`, 'too-long'],
    ['a long line whose name is short', `#!/bin/sh ${'x'.repeat(300)}\n`, '/bin/sh'],
    ['a name filling the buffer to its last byte', `#!/${'a'.repeat(253)}`, 'too-long'],
    ['a Latin-1 name keeps its byte', '#!/opt/caf\xe9\n', '/opt/caf\udce9'],
  ])('%s', (_name, header, expected) => {
    const refusals = ['too-long', 'no-interpreter'];
    expect(shebangInterpreter(bytes(header))).toEqual(
      refusals.includes(expected) ? { refused: expected } : { interpreter: expected },
    );
  });

  test('an interpreter named like a refusal is still a name', () => {
    expect(shebangInterpreter(bytes('#!too-long\n'))).toEqual({ interpreter: 'too-long' });
  });

  test('the buffer is the kernel’s 256 bytes', () => {
    expect(BINPRM_BUF_SIZE).toBe(256);
  });
});

// The parser against the kernel itself: each generated script's #! line names an interpreter
// relative to a scratch folder. Where the parser names one, a helper is put at exactly that
// name and must be what runs; where it says the kernel refuses the line (ENOEXEC), the shell
// fallback of execvp runs the script instead.
describe('shebangInterpreter agrees with execve', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ixjob-shebang-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const helper = join(dir, 'helper');
  writeFileSync(helper, '#!/bin/sh\necho INTERPRETER\n', { mode: 0o755 });

  const blank = fc.constantFrom('', ' ', '\t', '  \t');
  const name = fc
    .tuple(
      fc.stringMatching(/^[a-z]{1,12}$/),
      fc.constantFrom('', '\r', 'x\ry'),
      fc.integer({ min: 0, max: 260 }),
    )
    .map(([stem, tail, pad]) => `n${stem}${'p'.repeat(pad)}${tail}`.slice(0, 250 + (pad % 20)));
  const line = fc.tuple(
    blank,
    name,
    fc.constantFrom('', ' -e', '\t-x y', ` ${'z'.repeat(300)}`),
    fc.constantFrom('\n', '\r\n', '', ' \n'),
  );

  test('for generated #! lines', () => {
    let run = 0;
    fc.assert(
      fc.property(line, ([before, interpreter, args, end]) => {
        const case_ = join(dir, `case-${run++}`);
        const script = join(case_, 'script');
        rmSync(case_, { recursive: true, force: true });
        mkdirSync(case_);
        writeFileSync(script, bytes(`#!${before}${interpreter}${args}${end}echo FALLBACK\n`));
        chmodSync(script, 0o755);
        const parsed = shebangInterpreter(readFileSync(script));
        if ('interpreter' in parsed) symlinkSync(helper, join(case_, parsed.interpreter));
        const result = spawnSync('./script', [], { cwd: case_, encoding: 'latin1' });
        // The fallback shell reads the #! line as a comment: with no newline it prints nothing.
        const ran =
          (result.error as NodeJS.ErrnoException | undefined)?.code ??
          (result.stdout.includes('INTERPRETER') ? 'INTERPRETER' : 'FALLBACK');
        expect(ran).toBe('interpreter' in parsed ? 'INTERPRETER' : 'FALLBACK');
      }),
      { numRuns: 150 },
    );
  });
});
