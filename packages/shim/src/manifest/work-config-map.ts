import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { IxjobError } from '@ixjob/sdk/internal';
import { SPEC_KEY } from './spec-for-pod.ts';

/** The API server's limit on a ConfigMap's data, keys included. */
export const CONFIG_MAP_MAX_BYTES = 1024 * 1024;

const utf8 = new TextDecoder('utf-8', { fatal: true });

function asText(bytes: Uint8Array): string | undefined {
  try {
    return utf8.decode(bytes);
  } catch {
    return undefined;
  }
}

/**
 * The work as an immutable ConfigMap: each file as text in `data`, or gzipped into
 * `binaryData` when that is smaller (the shim reads gzip by its magic, under the same name).
 * Its name ends in a digest of the content, so a changed work list is a new ConfigMap and a
 * running Job never sees its list change under it.
 */
export function workConfigMap(
  job: string,
  files: ReadonlyMap<string, Uint8Array>,
  namespace?: string,
): Record<string, unknown> {
  const data: Record<string, string> = {};
  const binaryData: Record<string, string> = {};
  const digest = createHash('sha256');
  let size = 0;
  for (const [key, bytes] of [...files].sort(([a], [b]) => (a < b ? -1 : 1))) {
    digest.update(`${key}\0${bytes.length}\0`).update(bytes);
    const text = asText(bytes);
    const packed = gzipSync(bytes, { level: 9 });
    // What each form costs the API server: text as its bytes, binary as base64.
    const base64 = (length: number) => Math.ceil(length / 3) * 4;
    // The spec stays text: the shim reads a spec file whole as YAML, never through gzip.
    if (text !== undefined && (key === SPEC_KEY || bytes.length <= base64(packed.length))) {
      data[key] = text;
      size += key.length + bytes.length;
    } else {
      const smaller = text === undefined && bytes.length <= packed.length ? bytes : packed;
      binaryData[key] = Buffer.from(smaller).toString('base64');
      size += key.length + base64(smaller.length);
    }
  }
  if (size > CONFIG_MAP_MAX_BYTES) {
    throw new IxjobError(
      'data',
      `the work files take ${size} bytes in a ConfigMap, past the API server's ${CONFIG_MAP_MAX_BYTES}: put them on a volume the pods mount and give --work-volume`,
      '--work-volume',
    );
  }
  const name = `${job}-work-${digest.digest('hex').slice(0, 10)}`;
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: namespace === undefined ? { name } : { name, namespace },
    immutable: true,
    ...(Object.keys(data).length > 0 ? { data } : {}),
    ...(Object.keys(binaryData).length > 0 ? { binaryData } : {}),
  };
}
