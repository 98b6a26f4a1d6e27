import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
/** The npm script that builds the shim and the binary: Dockerfile.shim's build stage runs it too. */
export const BUILD_SCRIPT = 'build:binary';
/** The portable bundle that script writes. */
export const BUNDLE = `${root}dist/ixjob`;

const npm = (script: string) =>
  execFileSync('npm', ['run', '--silent', script], { cwd: root, stdio: 'inherit' });

/**
 * Vitest global setup: end-to-end tests run the real bundles, so build them from the sources
 * first, by the very command Dockerfile.shim's build stage runs (the shim, then the binary).
 * Without the binary's build tools (scripts/system-deps.sh) the shim alone is built, and the
 * binary's tests fail saying so, rather than everything failing.
 */
export default function buildShim(): void {
  try {
    npm(BUILD_SCRIPT);
  } catch {
    process.stderr.write(`ixjob tests: npm run ${BUILD_SCRIPT} failed; building the shim alone\n`);
    npm('build');
  }
}
