import { describe, expect, test } from 'vitest';
import { runExample } from '../support/examples.ts';

describe('mandelbrot, the README’s main job (npm start)', () => {
  test('six indexes render a band each through the SDK; the bands join into one picture', () => {
    const result = runExample('mandelbrot');
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^Completed Indexes: +0-5$/m);
    const picture = result.stdout.split('\n').filter((line) => /^[ .:\-=+*#%@]{72}$/.test(line));
    expect(picture).toHaveLength(24);
    // The set is symmetric about the real axis: row r mirrors row 24 - r.
    for (let row = 1; row < 12; row++) expect(picture[row]).toBe(picture[24 - row]);
    expect(picture[12]).toMatch(/@{20}/);
    expect(result.stderr).toMatch(/^ixjob: 6 succeeded, 0 failed of 6 in /m);
  });
});
