// The file Node starts: runs the shim's bundles from V8's code cache when one matches.
// Every pod pays the shim's start-up; caches taken after a real run (scripts/build-shim.ts)
// skip compiling the functions a pod needs, about a third of the shim's own time.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Script } from 'node:vm';
import { exitCodeFor, formatFailure, IxjobError } from '@ixjob/sdk/internal';
import { nodeVersionProblem } from '@ixjob/sdk/node-version';

declare const __dirname: string;
declare const require: NodeJS.Require;
/** Set by the build: true in the portable binary, whose bundles are assets of the executable. */
declare const IXJOB_SEA: boolean;

interface Assets {
  getAsset(key: string): ArrayBuffer;
}
/** A bundle or its cache by file name: beside this file, or the single executable's asset. */
const read: (file: string) => Buffer | undefined = IXJOB_SEA
  ? (file) => {
      try {
        return Buffer.from((require('node:sea') as Assets).getAsset(file));
      } catch {
        return undefined;
      }
    }
  : (file) => {
      try {
        return readFileSync(join(__dirname, file));
      } catch {
        // Absent: a bundle not built, or no cache (then it compiles as usual).
        return undefined;
      }
    };

interface Loaded {
  script: Script;
  exports: unknown;
}
const loaded = new Map<string, Loaded>();

/** Loads bundle `name`, compiled from its V8 cache when one matches; undefined when none. */
function load(name: string): unknown {
  const known = loaded.get(name);
  if (known) return known.exports;
  const source = read(`${name}.cjs`)?.toString('utf8');
  if (source === undefined) return undefined;
  const file = join(__dirname, `${name}.cjs`);
  const cachedData = read(`${name}.v8cache`);
  const script = new Script(
    `(function (exports, require, module, __filename, __dirname) {${source}\n})`,
    {
      filename: file,
      ...(cachedData ? { cachedData } : {}),
    },
  );
  const module = { exports: {} as unknown };
  // Registered before it runs, so bundles requiring each other get the partial exports.
  const entry: Loaded = { script, exports: module.exports };
  loaded.set(name, entry);
  script.runInThisContext()(module.exports, bundleRequire, module, file, __dirname);
  entry.exports = module.exports;
  return module.exports;
}

/** The bundles ask for each other as `./name.cjs`; everything else is Node's. */
function bundleRequire(id: string): unknown {
  const own = /^\.\/([\w-]+)\.cjs$/.exec(id)?.[1];
  return (own !== undefined ? load(own) : undefined) ?? require(id);
}

if (process.env.IXJOB_TRAIN_CODE_CACHE === '1') {
  // The build's training run: instead of exec, keep what this run compiled, bundle by bundle.
  process.execve = () => {
    for (const [name, { script }] of loaded)
      writeFileSync(join(__dirname, `${name}.v8cache`), script.createCachedData());
    process.exit(0);
  };
}
// First, before any bundle: on an old Node the shim's code fails with riddles (`hn.union is
// not a function`); an old Node is the image's setup, and no retry changes it.
const oldNode = nodeVersionProblem(process.versions.node);
if (oldNode === undefined) load('shim');
else {
  process.stderr.write(`${formatFailure(new IxjobError('config', oldNode, process.execPath))}\n`);
  process.exitCode = exitCodeFor('config');
}
