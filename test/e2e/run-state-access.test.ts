import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { BASE_ENV, IXJOB } from '../support/ixjob-process.ts';
import { ixjobRun } from '../support/quiet-run.ts';
import { scratchDirs } from '../support/scratch-dirs.ts';

/**
 * Issue 11: a `--state` ixjob cannot use (a device, a journal that is not a file, a folder or
 * journal it may not read) is "cannot create or write" (73) in one line, never an internal 70.
 */
const scratch = scratchDirs('run-state-access');

describe('the run state: no 70 for a state that cannot be used', () => {
  test.each<[string, (state: string) => void, RegExp]>([
    ['/dev/null as the state', () => {}, /^ixjob: the state is not a directory \(\/dev\/null\)\n$/],
    [
      'a FIFO as the journal',
      (state) => {
        mkdirSync(state);
        execFileSync('mkfifo', [join(state, 'journal.jsonl')]);
      },
      /^ixjob: the journal is not a file \(.*journal\.jsonl\)\n$/,
    ],
    [
      'a link to a file as the journal',
      (state) => {
        mkdirSync(state);
        execFileSync('ln', ['-s', '/etc/hostname', join(state, 'journal.jsonl')]);
      },
      /^ixjob: the journal is not a file \(.*journal\.jsonl\)\n$/,
    ],
  ])('%s: 73 in one line', (name, make, stderr) => {
    const state = name.startsWith('/dev/null') ? '/dev/null' : join(scratch(), 'state');
    make(state);
    const result = ixjobRun(['--state', state, '--completions', '1', '--', 'true']);
    expect(result.stderr).toMatch(stderr);
    expect(result.code).toBe(73);
  });

  // chmod stops only a user who is not root: the runner runs as nobody.
  const asNobody = process.getuid?.() === 0 && existsSync('/usr/bin/setpriv');
  test.skipIf(!asNobody).each<[string, string, RegExp]>([
    [
      'the state folder',
      '',
      /^ixjob: cannot read the state: permission denied \(EACCES\) \(.*\/state\)\n$/,
    ],
    [
      'the journal',
      'journal.jsonl',
      /^ixjob: cannot read the state: permission denied \(EACCES\) \(.*journal\.jsonl\)\n$/,
    ],
    [
      'the logs folder',
      'logs',
      /^ixjob: cannot read the state: permission denied \(EACCES\) \(.*\/logs\)\n$/,
    ],
  ])('%s unreadable (chmod 000): 73 in one line', (_name, entry, stderr) => {
    const root = scratch();
    // The scratch folders are 0700 (mkdtemp): nobody must reach into them.
    execFileSync('chmod', ['755', dirname(root)]);
    const state = join(root, 'state');
    const nobody = (args: string[]) =>
      spawnSync(
        '/usr/bin/setpriv',
        ['--reuid=65534', '--regid=65534', '--clear-groups', IXJOB, 'run', '-q', ...args],
        { env: BASE_ENV, encoding: 'utf8', cwd: '/' },
      );
    execFileSync('chmod', ['777', root]);
    expect(nobody(['--state', state, '--completions', '1', '--', 'true']).status).toBe(0);
    execFileSync('chmod', ['000', join(state, entry)]);
    const result = nobody(['--resume', '--state', state, '--completions', '1', '--', 'true']);
    expect(result.stderr).toMatch(stderr);
    expect(result.status).toBe(73);
  });
});
