import { readFileSync } from 'node:fs';
import { expect, test } from 'vitest';
import { assemble } from '../../../../scripts/build-wasm.ts';

test('the committed WebAssembly is what its WAT source assembles to', async () => {
  const committed = readFileSync(
    new URL('../../src/scan/line-skip.wasm.ts', import.meta.url),
    'utf8',
  );
  expect(await assemble('packages/sdk/src/scan/line-skip.wat')).toBe(committed);
});
