// Bundles the shim into CommonJS (it starts faster than ESM): a small bundle for the hot
// path, bundles for the parts loaded lazily (execa for --supervise, yargs for --help), and a
// V8 code cache taken from a real run of the hot path.
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type BuildOptions, build, type Plugin } from 'esbuild';

const shim = fileURLToPath(new URL('../packages/shim/', import.meta.url));
const dist = `${shim}dist`;
const { version } = JSON.parse(readFileSync(`${shim}package.json`, 'utf8')) as { version: string };

/** Source modules loaded with `import()`, each built on its own and kept out of the hot bundle. */
const LAZY: Record<string, string> = {
  'exec/supervise.ts': 'supervise',
  'cli/help.ts': 'help',
};

const keepLazyOut: Plugin = {
  name: 'keep-lazy-out',
  setup(builder) {
    builder.onResolve({ filter: /\.ts$/ }, (args) => {
      if (args.kind !== 'dynamic-import') return undefined;
      const entry = Object.entries(LAZY).find(([source]) => args.path.endsWith(source));
      return entry ? { path: `./${entry[1]}.cjs`, external: true } : undefined;
    });
  },
};

const common: BuildOptions = {
  bundle: true,
  platform: 'node',
  target: 'node22',
  format: 'cjs',
  conditions: ['@ixjob/source'],
  define: { IXJOB_VERSION: JSON.stringify(version), 'import.meta.url': '__ixjobModuleUrl' },
  // ESM dependencies (execa, yargs) ask for import.meta.url; give them this file's URL.
  banner: { js: 'var __ixjobModuleUrl = require("node:url").pathToFileURL(__filename).href;' },
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
  build({
    ...common,
    entryPoints: [`${shim}src/bin/start.ts`],
    outfile: `${dist}/ixjob.cjs`,
    banner: {},
  }),
  build({
    ...common,
    entryPoints: Object.fromEntries(
      Object.entries(LAZY).map(([source, name]) => [name, `${shim}src/${source}`]),
    ),
    outdir: dist,
    outExtension: { '.js': '.cjs' },
  }),
]);

// Train the code cache on the Node that runs the build: npm's scripts use the pinned one.
const training = spawnSync(
  process.execPath,
  [`${dist}/ixjob.cjs`, '--index', '0', '--', '/bin/true'],
  {
    env: { PATH: '/usr/bin:/bin', IXJOB_TRAIN_CODE_CACHE: '1' },
    stdio: 'inherit',
  },
);
if (training.status !== 0)
  throw new Error(`code cache training failed: ${training.status ?? training.signal}`);
