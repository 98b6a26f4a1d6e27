import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { MIN_NODE_VERSION, nodeVersionProblem } from '../../src/runtime/node-version.ts';

describe('nodeVersionProblem', () => {
  test.each(['22.15.0', '22.15.1', '22.22.0', '23.0.0', '24.1.0', '26.10.0', '100.0.0'])(
    '%s runs ixjob',
    (version) => {
      expect(nodeVersionProblem(version)).toBeUndefined();
    },
  );

  test.each(['22.14.0', '22.0.0', '21.7.3', '20.20.2', '18.19.1', '16.0.0', '0.10.48'])(
    '%s is too old, said in one line',
    (version) => {
      expect(nodeVersionProblem(version)).toBe(
        `Node 22.15 or later is needed, this is Node ${version}`,
      );
    },
  );

  test.each(['package.json', 'packages/sdk/package.json', 'packages/shim/package.json'])(
    '%s asks for the same Node in engines',
    (file) => {
      const root = new URL('../../../../', import.meta.url);
      const { engines } = JSON.parse(readFileSync(new URL(file, root), 'utf8')) as {
        engines: { node: string };
      };
      expect(engines.node).toBe(`>=${MIN_NODE_VERSION}`);
    },
  );
});
