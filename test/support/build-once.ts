import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/**
 * Vitest global setup: end-to-end tests run the real bundles, so build them from the sources
 * first, by the very command Dockerfile.shim's build stage runs (the shim, then the binary).
 */
export default function buildShim(): void {
  execFileSync('npm', ['run', '--silent', 'build:binary'], {
    cwd: fileURLToPath(new URL('../..', import.meta.url)),
    stdio: 'inherit',
  });
}
