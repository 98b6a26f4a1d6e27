import { execFileSync } from 'node:child_process';

/** The shared libraries and loader `ldd` says a host program needs, as absolute host paths. */
export function sharedLibraries(program: string): string[] {
  const listing = execFileSync('ldd', [program], { encoding: 'utf8' });
  // Lines are `libc.so.6 => /path (0x…)` or `/loader (0x…)`; the vDSO has no path.
  return [...listing.matchAll(/(\/\S+) \(0x[0-9a-f]+\)$/gm)].map((match) => match[1] ?? '');
}
