import { expandKubelet } from '@ixjob/sdk/internal';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { escapeForKubelet } from '../../src/manifest/kubelet-escape.ts';

const SHIM = new Set(['F', 'START_FRAME', 'JOB_INDEX']);

describe('escapeForKubelet', () => {
  test.each([
    ['a shim variable', 'process $(F)', 'process $$(F)'],
    ['a pod variable stays', 'to $(HOME)/$(F)', 'to $(HOME)/$$(F)'],
    ['a literal $$ survives the kubelet', 'cost $$(F) $$', 'cost $$$$(F) $$$$'],
    ['an unclosed reference', 'x $(F', 'x $(F'],
    ['a lone dollar', 'a$ b$', 'a$ b$'],
    ['nothing to do', 'plain', 'plain'],
  ])('%s', (_name, word, written) => {
    expect(escapeForKubelet(word, SHIM)).toBe(written);
  });

  const word = fc.stringMatching(/^[$()A-Z_a ]{0,30}$/);
  const lookup = (env: Record<string, string>) => (name: string) =>
    Object.hasOwn(env, name) ? env[name] : undefined;

  test('the kubelet hands the shim the word as written when the pod defines none of its variables', () => {
    fc.assert(
      fc.property(word, (w) => {
        expect(expandKubelet(escapeForKubelet(w, SHIM), () => undefined)).toBe(w);
      }),
    );
  });

  test('kubelet then shim gives what the shim alone gives, for pod variables without $', () => {
    const pod = { HOME: '/root', A: 'x y' };
    const all = { ...pod, F: 'f.txt', START_FRAME: '11', JOB_INDEX: '3' };
    fc.assert(
      fc.property(word, (w) => {
        const byKubelet = expandKubelet(escapeForKubelet(w, SHIM), lookup(pod));
        expect(expandKubelet(byKubelet, lookup(all))).toBe(expandKubelet(w, lookup(all)));
      }),
    );
  });
});
