// The file Node starts: runs the shim's bundles from V8's code cache when one matches.
// Every pod pays the shim's start-up; caches taken after a real run (scripts/build-shim.ts)
// skip compiling the functions a pod needs, about a third of the shim's own time.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Script } from 'node:vm';

declare const __dirname: string;
declare const require: NodeJS.Require;

interface Loaded {
  script: Script;
  exports: unknown;
}
const loaded = new Map<string, Loaded>();

/** Loads `name.cjs` from this directory, compiled from `name.v8cache` when it matches. */
function load(name: string): unknown {
  const known = loaded.get(name);
  if (known) return known.exports;
  const file = join(__dirname, `${name}.cjs`);
  let cachedData: Buffer | undefined;
  try {
    cachedData = readFileSync(join(__dirname, `${name}.v8cache`));
  } catch {
    // No cache (or another Node's): compile as usual.
  }
  const script = new Script(
    `(function (exports, require, module, __filename, __dirname) {${readFileSync(file, 'utf8')}\n})`,
    {
      filename: file,
      ...(cachedData ? { cachedData } : {}),
    },
  );
  const module = { exports: {} as unknown };
  loaded.set(name, { script, exports: module.exports });
  script.runInThisContext()(module.exports, bundleRequire, module, file, __dirname);
  (loaded.get(name) as Loaded).exports = module.exports;
  return module.exports;
}

/** The bundles ask for each other as `./name.cjs`; everything else is Node's. */
function bundleRequire(id: string): unknown {
  const own = /^\.\/([\w-]+)\.cjs$/.exec(id)?.[1];
  return own !== undefined && existsSync(join(__dirname, `${own}.cjs`)) ? load(own) : require(id);
}

if (process.env.IXJOB_TRAIN_CODE_CACHE === '1') {
  // The build's training run: instead of exec, keep what this run compiled, bundle by bundle.
  process.execve = () => {
    for (const [name, { script }] of loaded)
      writeFileSync(join(__dirname, `${name}.v8cache`), script.createCachedData());
    process.exit(0);
  };
}
load('shim');
