import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expandKubelet, goQuote, parsePodinfoMap } from '@ixjob/sdk/internal';
import { describe, expect, test } from 'vitest';
import { goCommand, HARNESS_DIR, harnessOrSkip } from '../support/cluster.ts';
import { fromHex, type GoVectors } from '../support/go-vectors.ts';

/** Vectors printed by the kubelet's own code (test/k8s/cmd/kubelet-vectors). */
const VECTORS_PATH = fileURLToPath(new URL('../vectors/kubelet.json', import.meta.url));
interface KubeletVectors extends GoVectors {
  singleKey: { name: string; hex: string; fileHex: string }[];
  expand: { name: string; inputHex: string; envHex: Record<string, string>; outputHex: string }[];
}
const vectors = JSON.parse(readFileSync(VECTORS_PATH, 'utf8')) as KubeletVectors;
const utf8 = (hex: string) => Buffer.from(hex, 'hex').toString('utf8');
/** Only bytes that survive a JavaScript string can be compared as strings. */
const isUtf8 = (hex: string) => Buffer.from(utf8(hex)).toString('hex') === hex;

describe('downward-API files, against the kubelet (downwardapi.CollectData, fieldpath.FormatMap)', () => {
  test.each(vectors.quote)(
    'a value is quoted as the kubelet quotes it: $name',
    ({ hex, quotedHex }) => {
      expect(goQuote(fromHex(hex))).toBe(utf8(quotedHex));
    },
  );

  test.each(vectors.files)('a whole-map file parses back: $name', ({ entriesHex, fileHex }) => {
    const parsed = parsePodinfoMap(fromHex(fileHex), 'annotations');
    const entries = Object.fromEntries(
      [...parsed].map(([key, { value }]) => [key, Buffer.from(value).toString('hex')]),
    );
    expect(entries).toEqual(entriesHex);
  });

  test.each(vectors.singleKey)('a single-key item is the raw value: $name', ({ hex, fileHex }) => {
    expect(fileHex).toBe(hex);
  });
});

describe('$(VAR) expansion, against the kubelet (third_party/forked/golang/expansion)', () => {
  const cases = vectors.expand.map((v) => ({ ...v, comparable: isUtf8(v.inputHex) }));
  test.each(cases.filter((c) => c.comparable))('$name', ({ inputHex, envHex, outputHex }) => {
    const env = new Map(Object.entries(envHex).map(([k, v]) => [k, utf8(v)]));
    expect(expandKubelet(utf8(inputHex), (name) => env.get(name))).toBe(utf8(outputHex));
  });

  test('inputs that are not UTF-8 are listed, not silently dropped', () => {
    // The kubelet turns the byte after a lone `$` into U+FFFD when it is not UTF-8; a
    // JavaScript string cannot carry such input, so the shim never sees it.
    expect(cases.filter((c) => !c.comparable).map((c) => c.name)).toEqual([
      'invalid utf-8 after dollar',
    ]);
  });
});

describe.runIf(harnessOrSkip('kubelet vectors regeneration'))('the generator', () => {
  test('the committed vectors are what the kubelet code prints today', () => {
    const printed = execFileSync(goCommand() ?? 'go', ['run', './cmd/kubelet-vectors'], {
      cwd: HARNESS_DIR,
      encoding: 'utf8',
      env: { ...process.env, GOTOOLCHAIN: 'local' },
    });
    expect(printed).toBe(readFileSync(VECTORS_PATH, 'utf8'));
  }, 600_000);
});
