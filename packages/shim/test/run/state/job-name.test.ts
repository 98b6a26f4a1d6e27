import { describe, expect, test } from 'vitest';
import { checkJobName } from '../../../src/run/state/job-name.ts';

describe('checkJobName: one path segment', () => {
  test.each(['render', 'say-fruit', 'a.b', '..a', 'a..', '.hidden', 'with space', 'ünïcode'])(
    '%j is a name',
    (name) => {
      expect(() => checkJobName(name, '--name')).not.toThrow();
    },
  );

  test.each(['', '.', '..', '../..', 'a/b', '/abs', 'trailing/', 'nul\0byte'])(
    '%j is refused with 64, naming the flag',
    (name) => {
      expect(() => checkJobName(name, '--name')).toThrow(
        expect.objectContaining({
          kind: 'usage',
          where: '--name',
          message: expect.stringMatching(/must be one path segment: no '\/', not '\.' or '\.\.'$/),
        }),
      );
    },
  );
});
