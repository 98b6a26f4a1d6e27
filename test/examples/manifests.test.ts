import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { EXAMPLES_DIR, runExample, WITH_MANIFEST } from '../support/examples.ts';

/** IXJOB_UPDATE_GOLDEN=1 rewrites the files; review the diff like code. */
const UPDATE = process.env.IXJOB_UPDATE_GOLDEN === '1';

describe('each example’s checked-in Job is what its manifest.sh prints today', () => {
  test.each(WITH_MANIFEST)('examples/%s/job.yaml', (name) => {
    const printed = runExample(name, 'manifest.sh');
    expect(printed.status, printed.stderr).toBe(0);
    const file = join(EXAMPLES_DIR, name, 'job.yaml');
    if (UPDATE) writeFileSync(file, printed.stdout);
    expect(printed.stdout, `${file} is stale: IXJOB_UPDATE_GOLDEN=1 rewrites it`).toBe(
      readFileSync(file, 'utf8'),
    );
  });
});
