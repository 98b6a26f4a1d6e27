import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { COMPLETION_INDEX_KEY, type Files, formatPodinfoMap } from '@ixjob/sdk/internal';
import { cannotWrite } from './state/write-failure.ts';

/**
 * Writes the `annotations` file each index's pod would have from the downward API, in the
 * kubelet's exact format, and serves what it wrote back from memory: the runner resolves
 * every attempt through the shim's own parser without reading the file again. A file it
 * cannot write (a full /dev/shm) is one line and 73.
 */
export function podinfoWriter(root: string, fallback: Files) {
  const written = new Map<string, Uint8Array>();
  const made = new Set<string>();
  // Inside a podinfo directory this writer made, only what it wrote exists: no need to ask the disk.
  const ours = (path: string) => made.has(dirname(path));
  const files: Files = {
    kind: (path) =>
      written.has(path)
        ? 'file'
        : made.has(path)
          ? 'dir'
          : ours(path)
            ? 'missing'
            : fallback.kind(path),
    read: (path, cap) => written.get(path) ?? fallback.read(path, cap),
  };
  return {
    files,
    /** Writes index `index`'s annotations; returns its podinfo directory. */
    write(index: number, annotations: Record<string, string>): string {
      const dir = join(root, String(index));
      const path = join(dir, 'annotations');
      const bytes = new TextEncoder().encode(
        formatPodinfoMap({ ...annotations, [COMPLETION_INDEX_KEY]: String(index) }),
      );
      try {
        if (!made.has(dir)) {
          if (made.size === 0) mkdirSync(root, { recursive: true });
          // Not recursive: Node's recursive mkdir costs ten times a plain one, in every index.
          try {
            mkdirSync(dir);
          } catch (error) {
            if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
          }
          made.add(dir);
        }
        writeFileSync(path, bytes);
      } catch (error) {
        throw cannotWrite('podinfo', path, error);
      }
      written.set(path, bytes);
      return dir;
    },
  };
}
