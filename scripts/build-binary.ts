// Builds the portable shim, dist/ixjob/: bin/ixjob (a static launcher) and lib/ (the shim as a
// Node single executable application, with the loader and shared libraries it links against).
// It starts in a root filesystem with no libc at all. Run: npm run build:binary
import { execFileSync } from 'node:child_process';
import {
  chmodSync,
  copyFileSync,
  mkdirSync,
  readdirSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BUNDLE_FILE, bundleDigest } from '../packages/shim/src/install/bundle-digest.ts';
import { bundleFiles } from './bundle-files.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const shimDist = `${root}packages/shim/dist`;
const out = `${root}dist/ixjob`;
const staging = `${root}dist/.ixjob-build`;
/** The pinned Node from the npm registry (the `node` devDependency), not whatever runs this. */
const node = `${root}node_modules/node/bin/node`;

const run = (program: string, args: string[]) =>
  execFileSync(program, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });

/** The shared objects a binary needs, as `ldd` resolves them here: soname → path. */
function sharedLibraries(binary: string): { interpreter: string; libraries: Map<string, string> } {
  const libraries = new Map<string, string>();
  let interpreter = '';
  for (const line of run('ldd', [binary]).split('\n')) {
    const linked = /^\s*(\S+) => (\/\S+)/.exec(line);
    if (linked?.[1] && linked[2]) libraries.set(linked[1], linked[2]);
    const loader = /^\s*(\/\S*ld-linux\S*)/.exec(line);
    if (loader?.[1]) interpreter = loader[1];
  }
  if (!interpreter) throw new Error(`ldd names no loader for ${binary}`);
  return { interpreter, libraries };
}

/** musl's static C makes the smallest launcher; glibc's works where musl-tools is missing. */
function compileLauncher(loader: string, output: string): void {
  const source = `${root}packages/shim/binary/launcher.c`;
  const flags = ['-static', '-Os', '-s', '-Wall', '-Wextra', '-Werror', `-DLOADER="${loader}"`];
  try {
    run('musl-gcc', [...flags, '-o', output, source]);
  } catch {
    run('cc', [...flags, '-o', output, source]);
  }
}

rmSync(staging, { recursive: true, force: true });
mkdirSync(`${staging}/bin`, { recursive: true });
mkdirSync(`${staging}/lib`);

// Node's debug symbols are a quarter of its size and nothing at run time reads them.
const base = `${staging}/node`;
copyFileSync(node, base);
chmodSync(base, 0o755);
run('strip', ['--strip-all', base]);

const assets = Object.fromEntries(
  readdirSync(shimDist)
    .filter((name) => /\.(cjs|v8cache)$/.test(name) && !name.startsWith('ixjob'))
    .map((name) => [name, join(shimDist, name)]),
);
const config = {
  main: `${shimDist}/ixjob-sea.cjs`,
  executable: base,
  output: `${staging}/lib/ixjob`,
  disableExperimentalSEAWarning: true,
  useCodeCache: true,
  execArgv: ['--disable-warning=ExperimentalWarning'],
  // The image's NODE_OPTIONS is for its own programs: the shim ignores it and passes it on.
  execArgvExtension: 'none',
  assets,
};
writeFileSync(`${staging}/sea.json`, JSON.stringify(config, null, 2));
run(node, ['--build-sea', `${staging}/sea.json`]);

// Libraries come from the bundle by the run path; the interpreter path serves a bundle at
// /ixjob, the Dockerfile's place, and the launcher serves one anywhere.
const { interpreter, libraries } = sharedLibraries(base);
const loader = basename(interpreter);
run('patchelf', [
  '--set-interpreter',
  `/ixjob/lib/${loader}`,
  '--set-rpath',
  '$ORIGIN',
  `${staging}/lib/ixjob`,
]);
for (const [soname, path] of [...libraries, [loader, interpreter] as const])
  copyFileSync(path, `${staging}/lib/${soname}`);
chmodSync(`${staging}/lib/${loader}`, 0o755);
compileLauncher(loader, `${staging}/bin/ixjob`);
rmSync(base);
rmSync(`${staging}/sea.json`);

writeFileSync(`${staging}/${BUNDLE_FILE}`, `${bundleDigest(staging)}\n`);
rmSync(out, { recursive: true, force: true });
renameSync(staging, out);

const sizes = bundleFiles(out);
const total = sizes.reduce((sum, { size }) => sum + size, 0);
for (const { file, size } of sizes.toSorted((a, b) => b.size - a.size))
  console.log(`${(size / 1e6).toFixed(2).padStart(8)} MB  ${file}`);
console.log(`${(total / 1e6).toFixed(2).padStart(8)} MB  dist/ixjob (${sizes.length} files)`);
