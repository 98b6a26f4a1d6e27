import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { scratchDirs } from '../../../../test/support/scratch-dirs.ts';
import { imageCommand } from '../../src/manifest/image-config.ts';

const scratch = scratchDirs('image-config');
const file = (content: string) => {
  const path = join(scratch(), 'config.json');
  writeFileSync(path, content);
  return path;
};

describe('imageCommand', () => {
  test.each([
    [
      'crane config / skopeo inspect --config',
      { config: { Entrypoint: ['/usr/bin/blender', '-b'], Cmd: ['scene.blend'] } },
      ['/usr/bin/blender', '-b', 'scene.blend'],
    ],
    [
      'docker inspect',
      [{ Config: { Entrypoint: null, Cmd: ['python', 'app.py'] } }],
      ['python', 'app.py'],
    ],
    ['an entrypoint alone', { config: { Entrypoint: ['/serve'] } }, ['/serve']],
  ])('%s', (_name, config, command) => {
    expect(imageCommand(file(JSON.stringify(config)))).toEqual(command);
  });

  test.each([
    ['no config file', undefined, 'usage'],
    ['an image with no command', file('{"config":{"Entrypoint":null,"Cmd":null}}'), 'data'],
    ['not JSON', file('{'), 'data'],
    ['not an image config', file('{"name":"x"}'), 'data'],
    ['a missing file', '/nonexistent/config.json', 'noinput'],
  ])('%s: one line', (_name, path, kind) => {
    expect(() => imageCommand(path)).toThrow(expect.objectContaining({ kind }));
  });
});
