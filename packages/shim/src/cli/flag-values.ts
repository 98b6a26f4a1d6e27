import { IxjobError, MAX_DURATION_SECONDS } from '@ixjob/sdk/internal';
import type { ParsedArgv } from './parse-argv.ts';

/** A string flag's value, or undefined when it was not given. */
export function flagText(parsed: ParsedArgv, name: string): string | undefined {
  const value = parsed.flags[name];
  return typeof value === 'string' ? value : undefined;
}

/** Every value of a repeatable flag, in order. */
export function flagList(parsed: ParsedArgv, name: string): string[] {
  const value = parsed.flags[name];
  return Array.isArray(value) ? value : [];
}

/** A flag holding a whole number, at least `minimum` (0 or 1); undefined when not given. */
export function flagNumber(parsed: ParsedArgv, name: string, minimum: 0 | 1): number | undefined {
  const text = flagText(parsed, name);
  if (text === undefined) return undefined;
  // One canonical form, as for an index: `010` is not read as ten (nor as eight).
  if (
    !/^(?:0|[1-9][0-9]*)$/.test(text) ||
    Number(text) < minimum ||
    !Number.isSafeInteger(Number(text))
  ) {
    const what = `${minimum === 1 ? 'a positive whole number' : 'a whole number'}${/^0[0-9]+$/.test(text) ? ' without leading zeros' : ''}`;
    throw new IxjobError(
      'usage',
      `--${name} must be ${what}: ${JSON.stringify(text)}`,
      `--${name}`,
    );
  }
  return Number(text);
}

/** A duration flag in whole seconds, refused past what a timer can wait for exactly. */
export function flagSeconds(parsed: ParsedArgv, name: string): number | undefined {
  const value = flagNumber(parsed, name, 0);
  if (value !== undefined && value > MAX_DURATION_SECONDS) {
    throw new IxjobError(
      'usage',
      `--${name} must be at most ${MAX_DURATION_SECONDS} seconds (about 68 years): ${value}`,
      `--${name}`,
    );
  }
  return value;
}

/** `K=V`: split at the first `=`, the key not empty. */
export function pair(text: string, where: string): [string, string] {
  const equals = text.indexOf('=');
  if (equals <= 0)
    throw new IxjobError('usage', `expected KEY=VALUE, got ${JSON.stringify(text)}`, where);
  return [text.slice(0, equals), text.slice(equals + 1)];
}
