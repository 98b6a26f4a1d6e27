import { describe, expect, test } from 'vitest';
import { checkArgumentLimits, MAX_ARG_STRLEN } from '../../src/exec/argument-limits.ts';

const big = (bytes: number) => 'x'.repeat(bytes);

describe('checkArgumentLimits', () => {
  test.each([
    ['a usual command', ['echo', 'hi'], { PATH: '/bin' }],
    ['one argument just under the per-string limit', ['echo', big(MAX_ARG_STRLEN - 1)], {}],
    ['a variable just under it', ['true'], { V: big(MAX_ARG_STRLEN - 3) }],
    ['multi-byte text that fits', ['echo', 'é'.repeat(40_000)], {}],
  ])('lets through %s', (_name, argv, env) => {
    expect(() => checkArgumentLimits(argv, env)).not.toThrow();
  });

  test.each([
    ['one argument over the per-string limit', ['echo', big(MAX_ARG_STRLEN)], {}, 'argument 1'],
    ['a variable over it', ['true'], { HUGE: big(MAX_ARG_STRLEN) }, 'variable HUGE'],
    [
      'multi-byte text over it in bytes, not in characters',
      ['echo', 'é'.repeat(70_000)],
      {},
      'argument 1',
    ],
  ])('refuses %s with 126, naming it', (_name, argv, env, what) => {
    expect(() => checkArgumentLimits(argv, env)).toThrow(
      expect.objectContaining({ kind: 'not-executable', where: what }),
    );
  });

  test('refuses a total beyond what the stack limit allows', () => {
    const env = Object.fromEntries(Array.from({ length: 200 }, (_, i) => [`V${i}`, big(100_000)]));
    expect(() => checkArgumentLimits(['true'], env)).toThrow(
      expect.objectContaining({
        kind: 'not-executable',
        message: expect.stringMatching(/^argument list too long: \d+ bytes/),
      }),
    );
  });
});
