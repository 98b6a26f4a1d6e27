import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { ixjobSync } from '../support/ixjob-process.ts';
import { GOLDEN, GOLDEN_DIR } from './golden-manifests.ts';

/** IXJOB_UPDATE_GOLDEN=1 rewrites the files; review the diff like code. */
const UPDATE = process.env.IXJOB_UPDATE_GOLDEN === '1';

describe('golden manifests of the seed’s work lists', () => {
  test.each(GOLDEN.map((g) => [g.name, g] as const))('%s is current', (name, g) => {
    const printed = ixjobSync(['manifest', name, ...g.args], {}, undefined, g.cwd);
    expect(printed.code, printed.stderr).toBe(0);
    const file = join(GOLDEN_DIR, `${name}.yaml`);
    const text = printed.stdout.toString();
    if (UPDATE) writeFileSync(file, text);
    expect(text, `${file} is stale: IXJOB_UPDATE_GOLDEN=1 rewrites it`).toBe(
      readFileSync(file, 'utf8'),
    );
  });
});
