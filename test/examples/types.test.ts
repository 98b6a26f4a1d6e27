import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { EXAMPLES_DIR } from '../support/examples.ts';

const TSC = fileURLToPath(new URL('../../node_modules/.bin/tsc', import.meta.url));

describe('the TypeScript examples', () => {
  test('type-check against the built @ixjob/sdk package (its .d.ts, public API only)', () => {
    // examples/tsconfig.json drops the source condition: types come from the package's dist.
    const checked = spawnSync(TSC, ['-p', join(EXAMPLES_DIR, 'tsconfig.json')], {
      encoding: 'utf8',
    });
    expect(checked.stdout + checked.stderr).toBe('');
    expect(checked.status).toBe(0);
  });
});
