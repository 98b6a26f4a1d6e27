// Bundles @ixjob/sdk's entry into a few ESM files: a worker's import then loads a handful of
// modules instead of ~20, which is most of what it costs at start-up. tsc still writes the
// types (dist/*.d.ts) and the per-file modules `./internal` and `./node-version` point at.
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const sdk = fileURLToPath(new URL('../packages/sdk/', import.meta.url));
const outdir = `${sdk}dist/bundle`;
rmSync(outdir, { recursive: true, force: true });
await build({
  entryPoints: [`${sdk}src/entry.ts`],
  outdir,
  bundle: true,
  // The parts loaded only when used (the exec plan, the spec's schema) stay their own files.
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node22',
  conditions: ['@ixjob/source'],
  // The SDK's dependencies are the user's to install and deduplicate.
  packages: 'external',
  minify: true,
  logLevel: 'warning',
});
