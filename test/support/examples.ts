import { type SpawnSyncReturns, spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository's examples/ folder. */
export const EXAMPLES_DIR = fileURLToPath(new URL('../../examples/', import.meta.url));

/** Every example with a cluster view: `manifest.sh` prints the Job checked in as `job.yaml`. */
export const WITH_MANIFEST = readdirSync(EXAMPLES_DIR)
  .filter((name) => existsSync(join(EXAMPLES_DIR, name, 'manifest.sh')))
  .sort();

/** What a user has after `npm ci`: the system PATH, no project bin directory on it. */
export const USER_ENV = { PATH: '/usr/local/bin:/usr/bin:/bin', HOME: process.env.HOME ?? '/root' };

/** Runs `sh examples/NAME/SCRIPT ARGS...` as a user would from the repository's root. */
export function runExample(
  name: string,
  script = 'run.sh',
  env: Record<string, string> = {},
  args: readonly string[] = [],
): SpawnSyncReturns<string> {
  return spawnSync('sh', [join('examples', name, script), ...args], {
    cwd: join(EXAMPLES_DIR, '..'),
    env: { ...USER_ENV, ...env },
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
}

/** The commands an example needs that are not on this machine's PATH. */
function missingCommands(commands: readonly string[]): string[] {
  return commands.filter(
    (command) => spawnSync('sh', ['-c', `command -v ${command}`]).status !== 0,
  );
}

/**
 * Whether an example's end-to-end test can run here: says LOUDLY which commands are missing
 * and what installs them, and with IXJOB_REQUIRE_EXAMPLES=1 (CI) refuses to skip.
 */
export function commandsOrSkip(
  example: string,
  commands: readonly string[],
  installer = 'sh scripts/system-deps.sh',
): boolean {
  const missing = missingCommands(commands);
  if (missing.length === 0) return true;
  const message = `examples/${example}: SKIPPED — missing ${missing.join(', ')} (${installer})`;
  if (process.env.IXJOB_REQUIRE_EXAMPLES === '1') {
    throw new Error(`IXJOB_REQUIRE_EXAMPLES=1 but ${message}`);
  }
  console.warn(`\n*** ${message} ***\n`);
  return false;
}
