import { describe, expect, test } from 'vitest';
import { runOptions } from '../../../src/cli/options/run-options.ts';
import { parseArgv } from '../../../src/cli/parse-argv.ts';

const options = (args: string[]) => runOptions(parseArgv(['run', ...args]), '/work');

describe('runOptions', () => {
  test.each([
    ['the command names the job', ['--', '/usr/bin/render', 'x'], 'render'],
    ['--name names it', ['--name', 'frames', '--', 'render'], 'frames'],
    ['a command named .. gives no path', ['--', '..'], 'job'],
    ['a command ending in / gives no path', ['--', '/'], 'job'],
  ])('%s', (_name, args, name) => {
    expect(options(args).job.name).toBe(name);
  });

  test.each([
    ['no rule given: the default', [], undefined],
    ['none: no rules at all', ['--pod-failure-policy', 'none'], []],
    [
      'the user’s rules replace the default',
      ['--pod-failure-policy', 'Ignore:3'],
      [{ action: 'Ignore', onExitCodes: { operator: 'In', values: [3] } }],
    ],
  ])('pod failure policy: %s', (_name, args, rules) => {
    expect(options([...args, '--', 'true']).job.podFailurePolicy).toEqual(rules);
  });

  test('durations are seconds, kept exactly up to 2^31-1', () => {
    const { job } = options(['--timeout', '2147483647', '--grace-period', '3000000', '--', 'x']);
    expect([job.attemptTimeoutSeconds, job.gracePeriodSeconds]).toEqual([2147483647, 3000000]);
  });

  test.each([
    ['a name with a slash', ['--name', '../..'], '--name'],
    ['a name of ..', ['--name', '..'], '--name'],
    [
      'none with other rules',
      ['--pod-failure-policy', 'none', '--pod-failure-policy', 'Ignore:3'],
      '--pod-failure-policy',
    ],
    ['a timeout past 2^31-1 seconds', ['--timeout', '2147483648'], '--timeout'],
    [
      'an active deadline past 2^31-1 seconds',
      ['--active-deadline', '99999999999'],
      '--active-deadline',
    ],
  ])('refuses %s (64)', (_name, args, where) => {
    expect(() => options([...args, '--', 'true'])).toThrow(
      expect.objectContaining({ kind: 'usage', where }),
    );
  });
});
