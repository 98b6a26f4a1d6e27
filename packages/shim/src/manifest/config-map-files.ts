import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** A ConfigMap's `data` and `binaryData`, as the kubelet lays them out in its volume. */
export interface ConfigMapData {
  data?: Record<string, unknown>;
  binaryData?: Record<string, unknown>;
}

/** Writes each key of a ConfigMap into `dir` as the file a pod would see at its mount. */
export function writeConfigMapFiles(configMap: ConfigMapData, dir: string): void {
  for (const [key, text] of Object.entries(configMap.data ?? {}))
    writeFileSync(join(dir, key), String(text));
  for (const [key, b64] of Object.entries(configMap.binaryData ?? {}))
    writeFileSync(join(dir, key), Buffer.from(String(b64), 'base64'));
}
