import { readdirSync, statSync } from 'node:fs';

/** The files of a portable bundle that ship (bin/ and lib/; not its BUNDLE digest), with sizes. */
export function bundleFiles(bundle: string): { folder: string; file: string; size: number }[] {
  return ['bin', 'lib'].flatMap((folder) =>
    readdirSync(`${bundle}/${folder}`).map((name) => ({
      folder,
      file: `${folder}/${name}`,
      size: statSync(`${bundle}/${folder}/${name}`).size,
    })),
  );
}
