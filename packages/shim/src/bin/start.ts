// The file Node starts: runs the bundled shim from V8's code cache when one matches.
// Every pod pays the shim's start-up; a cache taken after a real run (scripts/build-shim.ts)
// skips compiling the functions exec needs, about a third of the shim's own time.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Script } from 'node:vm';

declare const __dirname: string;
declare const require: NodeJS.Require;

const bundle = join(__dirname, 'shim.cjs');
const cacheFile = join(__dirname, 'shim.v8cache');
let cachedData: Buffer | undefined;
try {
  cachedData = readFileSync(cacheFile);
} catch {
  // No cache (or another Node's): compile as usual.
}
const script = new Script(
  `(function (exports, require, module, __filename, __dirname) {${readFileSync(bundle, 'utf8')}\n})`,
  { filename: bundle, ...(cachedData ? { cachedData } : {}) },
);
if (process.env.IXJOB_TRAIN_CODE_CACHE === '1') {
  // The build's training run: instead of exec, keep what this run compiled.
  process.execve = () => {
    writeFileSync(cacheFile, script.createCachedData());
    process.exit(0);
  };
}
const module = { exports: {} };
script.runInThisContext()(module.exports, require, module, bundle, __dirname);
