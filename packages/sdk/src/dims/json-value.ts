import { IxjobError } from '../failure/ixjob-error.ts';

/** JSON.parse source text access (ES2026, in V8 since Node 21): not in TypeScript's lib yet. */
const json = JSON as JSON & {
  rawJSON(text: string): object;
  isRawJSON(value: unknown): boolean;
};

/** Whether a parsed value is a number kept as its source text. */
export const isJsonNumber = (value: unknown): boolean => json.isRawJSON(value);

/**
 * JSON.parse with two things it does not do: a number stays its source text (`1e400`,
 * `9007199254740993`), and an object with the same key twice is refused instead of keeping
 * the last. The returned tree holds numbers as `JSON.rawJSON`, so `JSON.stringify` of a nested
 * value writes them back as they were written.
 */
export function parseJsonValue(text: string, file: string, firstLine: number): unknown {
  let value: unknown;
  try {
    value = JSON.parse(text, (_key, parsed: unknown, context?: { source?: string }) =>
      typeof parsed === 'number' && context?.source !== undefined
        ? json.rawJSON(context.source)
        : parsed,
    );
  } catch (error) {
    const message = (error as Error).message;
    throw new IxjobError(
      'data',
      `malformed JSON: ${message}`,
      `${file}:${errorLine(text, message, firstLine)}`,
      {
        cause: error,
      },
    );
  }
  checkStrings(text, file, firstLine);
  return value;
}

/** The line a V8 JSON error's "position N" is on, or the item's first line. */
function errorLine(text: string, message: string, firstLine: number): number {
  const position = /position (\d+)/.exec(message)?.[1];
  if (position === undefined) return firstLine;
  return firstLine + lineCount(text, Number(position));
}

const lineCount = (text: string, end: number): number => {
  let lines = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < end; i = text.indexOf('\n', i + 1)) lines++;
  return lines;
};

/** A string a value is taken from cannot hold a NUL or half a surrogate pair (it has no UTF-8). */
function checkValueString(decoded: string, where: string): void {
  if (decoded.includes('\0')) {
    throw new IxjobError(
      'data',
      'a string holds \\u0000: no environment variable or argument can hold a NUL',
      where,
    );
  }
  if (!decoded.isWellFormed()) {
    throw new IxjobError(
      'data',
      'a string holds half of a UTF-16 surrogate pair (\\uD800-\\uDFFF alone), which has no UTF-8 form',
      where,
    );
  }
}

/**
 * Walks text JSON.parse accepted: refuses an object key given twice (at any depth: a nested
 * object is passed on as JSON text and would lose one), and checks the strings that become
 * values themselves (the item, or a member of a top-level object) for NUL and lone surrogates.
 */
function checkStrings(text: string, file: string, firstLine: number): void {
  /** Per open bracket: the keys seen so far in an object, undefined for an array. */
  const open: (Set<string> | undefined)[] = [];
  let expectKey = false;
  let line = firstLine;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (char === '"') {
      let end = i + 1;
      let escaped = false;
      for (; text[end] !== '"'; end++)
        if (text[end] === '\\') {
          escaped = true;
          end++;
        }
      const token = text.slice(i, end + 1);
      // Only an escape can make a string differ from its text, or hold a NUL.
      const decoded = escaped ? (JSON.parse(token) as string) : token.slice(1, -1);
      const keys = open.at(-1);
      if (expectKey && keys) {
        if (keys.has(decoded)) {
          throw new IxjobError(
            'data',
            `the key ${token} is given twice in one object`,
            `${file}:${line}`,
          );
        }
        keys.add(decoded);
        expectKey = false;
      } else if (escaped && (open.length === 0 || (open.length === 1 && keys))) {
        checkValueString(decoded, `${file}:${line}`);
      }
      i = end;
    } else if (char === '\n') line++;
    else if (char === '{') {
      open.push(new Set());
      expectKey = true;
    } else if (char === '[') open.push(undefined);
    else if (char === '}' || char === ']') open.pop();
    else if (char === ',') expectKey = open.at(-1) !== undefined;
  }
}
