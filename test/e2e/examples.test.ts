import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));
/** As `npm start` runs them: with the project's bin directory (ixjob, its Node) on PATH. */
const env = { PATH: `${root}node_modules/.bin:/usr/local/bin:/usr/bin:/bin`, HOME: root };
const example = (name: string) =>
  spawnSync('sh', [`${root}examples/${name}/run.sh`], { env, encoding: 'utf8' });

describe('the examples, end to end', () => {
  test('say-fruit: the seed’s job as a local Indexed Job', () => {
    const result = example('say-fruit');
    expect(result.status).toBe(0);
    const tagged = result.stdout.split('\n').filter((line) => line.startsWith('['));
    expect(tagged.toSorted()).toEqual([
      '[0]  Have a nice green apple',
      '[1]  Have a nice yellow banana',
      '[2]  Have a nice red cherry',
    ]);
    expect(result.stdout).toMatch(/^Completed Indexes: +0-2$/m);
  });

  test('mandelbrot: six bands rendered by six indexes through the SDK, joined into one picture', () => {
    const result = example('mandelbrot');
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^Completed Indexes: +0-5$/m);
    const picture = result.stdout.split('\n').filter((line) => /^[ .:\-=+*#%@]{72}$/.test(line));
    expect(picture).toHaveLength(24);
    // The set is symmetric about the real axis: row r mirrors row 24 - r.
    for (let row = 1; row < 12; row++) expect(picture[row]).toBe(picture[24 - row]);
    expect(picture[12]).toMatch(/@{20}/);
  });
});
