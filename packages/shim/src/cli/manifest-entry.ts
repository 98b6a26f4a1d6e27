import { manifestDocuments } from '../manifest/manifest-documents.ts';
import { renderManifest } from '../manifest/render-manifest.ts';
import { manifestOptions } from './options/manifest-options.ts';
import type { ParsedArgv } from './parse-argv.ts';
import type { ShimIo } from './shim-io.ts';

/** `ixjob manifest NAME …`, loaded lazily: what `kubectl apply -f -` takes, on stdout. */
export async function manifestFromArgv(parsed: ParsedArgv, io: ShimIo): Promise<number> {
  const { options, output } = manifestOptions(parsed, io.cwd);
  const warn = (message: string) => io.stderr(`ixjob: warning: ${message}\n`);
  const documents = await manifestDocuments(options, { cwd: io.cwd, warn });
  io.stdout(renderManifest(documents, output));
  return 0;
}
