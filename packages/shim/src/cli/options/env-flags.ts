import { assertEnvName, expandKubelet } from '@ixjob/sdk/internal';
import { flagList, pair } from '../flag-values.ts';
import type { ParsedArgv } from '../parse-argv.ts';

/** `--env NAME=VALUE`, repeatable: the container's own variables, in the order given. */
export function envFromFlags(parsed: ParsedArgv): [string, string][] {
  return flagList(parsed, 'env').map((text) => {
    const [name, value] = pair(text, '--env');
    assertEnvName(name, '--env');
    return [name, value];
  });
}

/** The container's variables as its process sees them: each `$(VAR)` expanded against those before it, as the kubelet does. */
export function expandContainerEnv(
  entries: readonly (readonly [string, string])[],
): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of entries) env[name] = expandKubelet(value, (ref) => env[ref]);
  return env;
}
