import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { IxjobError } from '@ixjob/sdk/internal';
import type { ShimIo } from '../cli/main.ts';
import { installBundle, readBundleDigest } from './install-bundle.ts';

/**
 * The bundle to copy: the one this shim runs from (the portable binary's lib/ holds its Node),
 * else the nearest dist/ixjob above this module, which `npm run build:binary` writes.
 */
function ownBundle(execPath: string, moduleUrl: string): string | undefined {
  const candidates = [dirname(dirname(execPath))];
  for (let dir = dirname(fileURLToPath(moduleUrl)); dir !== dirname(dir); dir = dirname(dir))
    candidates.push(join(dir, 'dist/ixjob'));
  return candidates.find((candidate) => readBundleDigest(candidate) !== undefined);
}

/** `ixjob install [--from BUNDLE] DIR`: copies the portable shim into DIR, prints the prefix. */
export function installCommand(
  args: readonly string[],
  from: string | undefined,
  io: Pick<ShimIo, 'stdout'>,
): number {
  const [dir, ...extra] = args;
  if (dir === undefined || extra.length > 0)
    throw new IxjobError('usage', 'install takes one directory: ixjob install [--from BUNDLE] DIR');
  const source = from ?? ownBundle(process.execPath, import.meta.url);
  if (source === undefined)
    throw new IxjobError(
      'noinput',
      'no portable bundle to install: build one with npm run build:binary, or give --from',
      '--from',
    );
  io.stdout(`${installBundle(source, dir).prefix}\n`);
  return 0;
}
