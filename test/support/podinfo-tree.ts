import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Lays out a downward-API volume as the kubelet does: the visible files are symlinks to
 * `..data/<name>`, and `..data` is a symlink to a timestamped directory holding the data.
 */
export function podinfoVolume(files: Record<string, string | Uint8Array>): string {
  const root = mkdtempSync(join(tmpdir(), 'ixjob-podinfo-'));
  const stamped = '..2026_11_22_15_00_00.123456789';
  mkdirSync(join(root, stamped));
  for (const [name, content] of Object.entries(files)) {
    writeFileSync(join(root, stamped, name), content);
    symlinkSync(join('..data', name), join(root, name));
  }
  symlinkSync(stamped, join(root, '..data'));
  return root;
}
