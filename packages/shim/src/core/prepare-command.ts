import { expandKubelet, type Files, findIndex, type IndexInfo, indexExports } from '@ixjob/sdk';

export interface CommandRequest {
  index?: string | undefined;
  podinfo?: string | undefined;
  indexVarName?: string | undefined;
}

export interface PreparedCommand {
  info: IndexInfo;
  /** Exactly the variables the shim adds. */
  exports: Record<string, string>;
  /** The command's whole environment: what it inherits, with the exports on top. */
  env: Record<string, string>;
  /** The command line after `$(VAR)` expansion against `env`. */
  argv: string[];
}

/** Everything exec and resolve share: find the index, build the environment, expand the command. */
export function prepareCommand(
  request: CommandRequest,
  inherited: Readonly<Record<string, string>>,
  commandLine: readonly string[],
  files: Files,
): PreparedCommand {
  const info = findIndex({ env: inherited, files, index: request.index, podinfo: request.podinfo });
  const exports = indexExports(info, request.indexVarName);
  const env = { ...inherited, ...exports };
  const lookup = (name: string): string | undefined =>
    Object.hasOwn(env, name) ? env[name] : undefined;
  const argv = commandLine.map((arg) => expandKubelet(arg, lookup));
  return { info, exports, env, argv };
}
