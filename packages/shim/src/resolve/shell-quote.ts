/**
 * Quotes a value for a POSIX shell: inside single quotes nothing is special, and a single
 * quote itself is closed, escaped and reopened. Safe for any value the environment can hold.
 */
export function shellQuote(value: string): string {
  return `'${value.replaceAll("'", `'\\''`)}'`;
}
