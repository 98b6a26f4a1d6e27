/**
 * The launcher moves the image's NODE_OPTIONS here before Node starts, so it neither changes
 * the shim nor is lost: the command gets it back exactly, set or unset.
 */
export const SAVED_NODE_OPTIONS = 'IXJOB_SAVED_NODE_OPTIONS';

/** The environment the command inherits: the shim's own, with NODE_OPTIONS as the image had it. */
export function inheritedEnvironment(
  env: Readonly<Record<string, string | undefined>>,
): Record<string, string> {
  const inherited: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) {
    if (value !== undefined && name !== SAVED_NODE_OPTIONS) inherited[name] = value;
  }
  const saved = env[SAVED_NODE_OPTIONS];
  if (saved !== undefined) inherited.NODE_OPTIONS = saved;
  return inherited;
}
