// Bundles the shim into CommonJS (it starts faster than ESM): a small bundle for the hot
// path, bundles for the parts loaded lazily (execa for --supervise, yargs for --help), and a
// V8 code cache taken from a real run of the hot path.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BuildOptions, build, type Plugin } from 'esbuild';
import { scannerFor, writeSidecar } from '../packages/sdk/src/internal.ts';

const shim = fileURLToPath(new URL('../packages/shim/', import.meta.url));
const dist = `${shim}dist`;
const sdk = fileURLToPath(new URL('../packages/sdk/', import.meta.url));
const { version } = JSON.parse(readFileSync(`${shim}package.json`, 'utf8')) as { version: string };

/**
 * What is loaded with `import()`, each built into its own bundle and kept out of the hot one:
 * bundle name → entry. The SDK loads its schema (zod), CSV and YAML parsers only when a spec
 * needs them.
 */
const LAZY: Record<string, string> = {
  supervise: `${shim}src/exec/supervise.ts`,
  help: `${shim}src/cli/help.ts`,
  hint: `${shim}src/cli/command-hint.ts`,
  index: `${shim}src/sidecar/index-files.ts`,
  params: `${sdk}src/job/resolve-work.ts`,
  run: `${shim}src/cli/run-entry.ts`,
  manifest: `${shim}src/cli/manifest-entry.ts`,
  install: `${shim}src/install/install-command.ts`,
  'spec-schema': `${sdk}src/spec/spec-file-schema.ts`,
  'csv-parse': 'csv-parse/sync',
  yaml: 'yaml',
};

const keepLazyOut: Plugin = {
  name: 'keep-lazy-out',
  setup(builder) {
    builder.onResolve({ filter: /.*/ }, (args) => {
      if (args.kind !== 'dynamic-import') return undefined;
      const target = args.path.startsWith('.') ? resolve(args.resolveDir, args.path) : args.path;
      const name = Object.keys(LAZY).find((each) => LAZY[each] === target);
      return name === undefined ? undefined : { path: `./${name}.cjs`, external: true };
    });
  },
};

const common: BuildOptions = {
  bundle: true,
  platform: 'node',
  target: 'node22',
  format: 'cjs',
  conditions: ['@ixjob/source'],
  define: { IXJOB_VERSION: JSON.stringify(version), 'import.meta': '__ixjobImportMeta' },
  // ESM dependencies (execa, yargs) ask for import.meta.url: give them this file's URL, worked
  // out only if asked, so the hot bundle does not pay for loading node:url.
  banner: {
    js: 'var __ixjobImportMeta = { get url() { return require("node:url").pathToFileURL(__filename).href; } };',
  },
  // `import()` becomes `require()`, so the lazy bundles load the same way wherever the code runs.
  supported: { 'dynamic-import': false },
  logLevel: 'warning',
  legalComments: 'none',
  // Every pod pays for compiling the hot bundle at start-up: smaller compiles faster.
  minify: true,
};

rmSync(dist, { recursive: true, force: true });
await Promise.all([
  build({
    ...common,
    entryPoints: [`${shim}src/bin/ixjob.ts`],
    outfile: `${dist}/shim.cjs`,
    plugins: [keepLazyOut],
  }),
  // The kubectl plugin: its own small entry, sharing the lazy bundles.
  build({
    ...common,
    entryPoints: [`${shim}src/bin/kubectl-ixjob.ts`],
    outfile: `${dist}/kubectl-ixjob.cjs`,
    plugins: [keepLazyOut],
  }),
  // The start file twice: reading the bundles beside it, and from the portable binary's assets.
  ...[false, true].map((sea) =>
    build({
      ...common,
      entryPoints: [`${shim}src/bin/start.ts`],
      outfile: `${dist}/${sea ? 'ixjob-sea' : 'ixjob'}.cjs`,
      define: { ...common.define, IXJOB_SEA: String(sea) },
      banner: {},
    }),
  ),
  build({
    ...common,
    entryPoints: LAZY,
    outdir: dist,
    outExtension: { '.js': '.cjs' },
    plugins: [keepLazyOut],
  }),
]);

// Train the code cache on the Node that runs the build (npm's scripts use the pinned one), on
// the path every pod takes: the index, a list parameter read through its sidecar, exec.
const training = mkdtempSync(join(tmpdir(), 'ixjob-train-'));
try {
  writeFileSync(join(training, 'list.txt'), 'a\nb\n');
  writeSidecar(
    join(training, 'list.txt'),
    'lines',
    scannerFor('lines', join(training, 'list.txt')),
  );
  const run = spawnSync(
    process.execPath,
    [
      `${dist}/ixjob.cjs`,
      '--index',
      '1',
      '--per-completion-env',
      `ITEM=@${training}/list.txt`,
      '--',
      '/bin/true',
    ],
    { env: { PATH: '/usr/bin:/bin', IXJOB_TRAIN_CODE_CACHE: '1' }, stdio: 'inherit' },
  );
  if (run.status !== 0) throw new Error(`code cache training failed: ${run.status ?? run.signal}`);
} finally {
  rmSync(training, { recursive: true, force: true });
}
