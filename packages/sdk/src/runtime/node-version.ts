// Runs before anything else of ixjob, on whatever Node the image has: plain syntax, no imports.

/** The oldest Node ixjob runs on, as `engines` says: `process.execve` came in 22.15. */
export const MIN_NODE_VERSION = '22.15';

/** Why Node `version` cannot run ixjob, in one line; undefined when it can. */
export function nodeVersionProblem(version: string): string | undefined {
  const [major = 0, minor = 0] = version.split('.').map(Number);
  const [needMajor = 0, needMinor = 0] = MIN_NODE_VERSION.split('.').map(Number);
  if (major > needMajor || (major === needMajor && minor >= needMinor)) return undefined;
  return `Node ${MIN_NODE_VERSION} or later is needed, this is Node ${version}`;
}
