import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** Vitest global setup: end-to-end tests run the real bundle, so build it from the sources first. */
export default function buildShim(): void {
  execFileSync(
    process.execPath,
    [fileURLToPath(new URL('../../scripts/build-shim.ts', import.meta.url))],
    {
      stdio: 'inherit',
    },
  );
}
