import { mkdirSync, readdirSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** A tree under `dir`: `path/` a folder, `path -> target` a link, else a file with its path as content. */
export function makeTree(dir: string, paths: readonly string[]): void {
  for (const path of paths) {
    const link = / -> /.exec(path);
    if (link) {
      const [from, to] = path.split(' -> ') as [string, string];
      mkdirSync(dirname(join(dir, from)), { recursive: true });
      symlinkSync(to, join(dir, from));
    } else if (path.endsWith('/')) mkdirSync(join(dir, path), { recursive: true });
    else {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), path === 'journal.jsonl' ? JOB_LINE : path);
    }
  }
}

/** A journal's first line, as ixjob writes it. */
export const JOB_LINE =
  '{"v":1,"event":"job","name":"j","completions":1,"digest":null,"command":["true"],"at":1}\n';

/** Every path under `dir`, folders with a trailing `/`, sorted. */
export function listTree(dir: string, prefix = ''): string[] {
  return readdirSync(join(dir, prefix))
    .flatMap((name) => {
      const path = prefix === '' ? name : `${prefix}/${name}`;
      return statSync(join(dir, path), { throwIfNoEntry: false })?.isDirectory() &&
        !readdirSync(join(dir, prefix), { withFileTypes: true })
          .find((d) => d.name === name)
          ?.isSymbolicLink()
        ? [`${path}/`, ...listTree(dir, path)]
        : [path];
    })
    .sort();
}
