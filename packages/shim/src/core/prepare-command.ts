import {
  expandKubelet,
  type Files,
  findIndex,
  type IndexInfo,
  IxjobError,
  indexExports,
} from '@ixjob/sdk';
import type { ParamsRequest } from './resolve-params.ts';

export interface CommandRequest extends ParamsRequest {
  index?: string | undefined;
  podinfo?: string | undefined;
  indexVarName?: string | undefined;
}

export interface PreparedCommand {
  info: IndexInfo;
  /** Exactly the variables the shim adds: the index's, then the parameters, then the spec's digest. */
  exports: Record<string, string>;
  /** The command's whole environment: what it inherits, with the exports on top. */
  env: Record<string, string>;
  /** The command line after `$(VAR)` expansion against `env`. */
  argv: string[];
}

/** The spec's count, the schedulers' count and `--completions` must all agree. */
function agreedCount(info: IndexInfo, counts: [number | undefined, string][]): number | null {
  let agreed: [number, string] | undefined =
    info.count === null ? undefined : [info.count, info.source];
  for (const [count, where] of counts) {
    if (count === undefined) continue;
    if (agreed && agreed[0] !== count) {
      throw new IxjobError(
        'config',
        `two sources disagree on the count: ${agreed[1]} says ${agreed[0]}, ${where} says ${count}`,
        `${agreed[1]}, ${where}`,
      );
    }
    agreed ??= [count, where];
  }
  if (agreed && info.index >= agreed[0]) {
    throw new IxjobError(
      'data',
      `index ${info.index} is outside the ${agreed[0]} items of ${agreed[1]}`,
      agreed[1],
    );
  }
  return agreed?.[0] ?? null;
}

/**
 * Everything exec and resolve share: find the index, resolve that index's parameters,
 * build the environment, and expand the command. With `--commands` and no command, the
 * index's COMMAND_LINE runs under `/bin/sh -c`.
 */
export async function prepareCommand(
  request: CommandRequest,
  inherited: Readonly<Record<string, string>>,
  commandLine: readonly string[],
  files: Files,
): Promise<PreparedCommand> {
  const found = findIndex({
    env: inherited,
    files,
    index: request.index,
    podinfo: request.podinfo,
  });
  let params: Record<string, string> = {};
  let digest: string | undefined;
  let specCount: number | undefined;
  let specLabel = '';
  const hasSpec =
    request.spec !== undefined || request.specFile !== undefined || request.workSpec !== undefined;
  if (hasSpec) {
    const { resolveParams } = await import('./resolve-params.ts');
    ({
      params,
      digest,
      count: specCount,
      label: specLabel,
    } = await resolveParams(request, found.index));
  }
  const count = agreedCount(found, [
    [specCount, specLabel],
    [hasSpec ? undefined : request.completions, '--completions'],
  ]);
  const info = { ...found, count };
  const exports = indexExports(info, request.indexVarName);
  for (const name of Object.keys(params)) {
    if (Object.hasOwn(exports, name)) {
      throw new IxjobError(
        'usage',
        `the parameter ${name} would hide the index exported under that name`,
        '--completion-index-var-name',
      );
    }
  }
  if (digest !== undefined) {
    Object.assign(exports, params, {
      IXJOB_SPEC_SHA256: digest,
      IXJOB_PARAM_NAMES: Object.keys(params).join(','),
    });
  }
  const env = { ...inherited, ...exports };
  const lookup = (name: string): string | undefined =>
    Object.hasOwn(env, name) ? env[name] : undefined;
  const commandFromSpec = commandLine.length === 0 ? params.COMMAND_LINE : undefined;
  const argv =
    commandFromSpec === undefined
      ? commandLine.map((arg) => expandKubelet(arg, lookup))
      : ['/bin/sh', '-c', commandFromSpec];
  return { info, exports, env, argv };
}
