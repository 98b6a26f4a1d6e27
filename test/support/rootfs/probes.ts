import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const SOURCE = fileURLToPath(new URL('../../fixtures/probe.c', import.meta.url));

/** test/fixtures/probe.c built once per kind of libc a tree can give it, in `dir`. */
export interface Probes {
  dir: string;
  muslStatic: string;
  muslDynamic: string;
  glibcDynamic: string;
}

export function compileProbes(): Probes {
  const dir = mkdtempSync(join(tmpdir(), 'ixjob-probe-'));
  const compile = (name: string, compiler: string, flags: string[]): string => {
    const out = join(dir, name);
    execFileSync(compiler, [...flags, '-O2', '-Wall', '-o', out, SOURCE], { stdio: 'inherit' });
    return out;
  };
  return {
    dir,
    muslStatic: compile('probe-musl-static', 'musl-gcc', ['-static']),
    muslDynamic: compile('probe-musl-dynamic', 'musl-gcc', []),
    glibcDynamic: compile('probe-glibc-dynamic', 'gcc', []),
  };
}
