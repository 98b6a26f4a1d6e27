// Bundles the shim: a small CommonJS file for the hot path (CommonJS starts faster than ESM),
// and ESM bundles for the parts that load lazily (execa for --supervise, yargs for --help).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type BuildOptions, build, type Plugin } from 'esbuild';

const shim = fileURLToPath(new URL('../packages/shim/', import.meta.url));
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
      return entry ? { path: `./${entry[1]}.mjs`, external: true } : undefined;
    });
  },
};

const common: BuildOptions = {
  bundle: true,
  platform: 'node',
  target: 'node22',
  conditions: ['@ixjob/source'],
  define: { IXJOB_VERSION: JSON.stringify(version) },
  logLevel: 'warning',
  legalComments: 'none',
};

await Promise.all([
  build({
    ...common,
    entryPoints: [`${shim}src/bin/ixjob.ts`],
    outfile: `${shim}dist/ixjob.cjs`,
    format: 'cjs',
    // Every pod pays for compiling this file at start-up: smaller compiles faster.
    minify: true,
    plugins: [keepLazyOut],
  }),
  build({
    ...common,
    entryPoints: Object.fromEntries(
      Object.entries(LAZY).map(([source, name]) => [name, `${shim}src/${source}`]),
    ),
    outdir: `${shim}dist`,
    outExtension: { '.js': '.mjs' },
    format: 'esm',
    minify: true,
  }),
]);
