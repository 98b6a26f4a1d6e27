import { IxjobError, nodeFiles, type ReadCap } from '@ixjob/sdk/internal';
import { parseAllDocuments } from 'yaml';

/** A Job with its work ConfigMap (at most 1 MiB) and a few objects more; YAML costs ~1 KiB of memory per byte. */
const MANIFEST_CAP: ReadCap = {
  bytes: 2 << 20,
  what: 'a manifest',
  hint: 'a Job and its work ConfigMap fit in far less',
};

export type KubeObject = Record<string, unknown> & {
  kind?: unknown;
  metadata?: { name?: unknown };
};

const isObject = (value: unknown): value is KubeObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The objects of a manifest file: a YAML stream (as kubectl reads it, YAML 1.1) or JSON,
 * with `v1` Lists unpacked. Each object is returned with the line it starts on.
 */
export function readManifest(path: string): { object: KubeObject; where: string }[] {
  const text = Buffer.from(nodeFiles.read(path, MANIFEST_CAP)).toString('utf8');
  const out: { object: KubeObject; where: string }[] = [];
  let line = 1;
  for (const document of parseAllDocuments(text, { version: '1.1', prettyErrors: false })) {
    const start = document.range[0];
    line = text.slice(0, start).split('\n').length;
    const [error] = document.errors;
    if (error)
      throw new IxjobError(
        'data',
        `malformed manifest: ${error.message.split('\n')[0]}`,
        `${path}:${line}`,
      );
    const value: unknown = document.toJS({ maxAliasCount: 100 });
    if (value === null || value === undefined) continue;
    const items =
      isObject(value) && value.kind === 'List' && Array.isArray(value.items)
        ? value.items
        : [value];
    for (const item of items) {
      if (!isObject(item))
        throw new IxjobError('data', 'a manifest object must be a mapping', `${path}:${line}`);
      out.push({ object: item, where: `${path}:${line}` });
    }
  }
  return out;
}
