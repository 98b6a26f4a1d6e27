// The SDK's first module: on an old Node, one clear line before any other module runs. It
// can only run if every module links there, so names that old Node's builtins lack are read
// from the namespace (`fs.globSync`), never imported by name.
import { nodeVersionProblem } from './node-version.ts';

const problem = nodeVersionProblem(process.versions.node);
if (problem !== undefined) throw new Error(`@ixjob/sdk: ${problem} (${process.execPath})`);
