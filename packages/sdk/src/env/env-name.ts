import { IxjobError } from '../failure/ixjob-error.ts';

const INVALID = /[^A-Za-z0-9_]/g;

/**
 * Makes a header or key into a variable name a shell can use: every other character becomes
 * `_`, and a leading digit gets a `_` before it. Case is kept (`frame` stays `frame`).
 */
export function toEnvName(text: string): string {
  const name = text.trim().replace(INVALID, '_');
  return /^[0-9]/.test(name) || name === '' ? `_${name}` : name;
}

/** Names for a list of headers, refusing two that become the same name. */
export function toEnvNames(headers: readonly string[], where: string): string[] {
  const seen = new Map<string, string>();
  return headers.map((header) => {
    const name = toEnvName(header);
    const earlier = seen.get(name);
    if (earlier !== undefined) {
      throw new IxjobError(
        'data',
        `headers ${JSON.stringify(earlier)} and ${JSON.stringify(header)} both become the variable ${name}`,
        where,
      );
    }
    seen.set(name, header);
    return name;
  });
}
