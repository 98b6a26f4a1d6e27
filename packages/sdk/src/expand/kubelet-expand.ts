/**
 * Expands `$(VAR)` references the way the kubelet expands a container's command and args:
 * a defined variable becomes its value, an undefined one stays as written, `$$` becomes `$`
 * (so `$$(VAR)` is a literal `$(VAR)`), and an unterminated `$(` stays. Values are inserted
 * as they are and never expanded again. No shell syntax (`${VAR}`, `$VAR`) is recognised.
 *
 * One deliberate difference: the kubelet mangles a non-ASCII character right after a lone
 * `$` (it converts one byte to a rune); here that character is kept intact.
 */
export function expandKubelet(input: string, lookup: (name: string) => string | undefined): string {
  let out = '';
  let checkpoint = 0;
  for (let cursor = 0; cursor < input.length - 1; cursor++) {
    if (input[cursor] !== '$') continue;
    out += input.slice(checkpoint, cursor);
    const next = input[cursor + 1];
    if (next === '$') {
      out += '$';
      cursor += 1;
    } else if (next === '(') {
      const close = input.indexOf(')', cursor + 2);
      if (close === -1) {
        out += '$(';
        cursor += 1;
      } else {
        const name = input.slice(cursor + 2, close);
        out += lookup(name) ?? `$(${name})`;
        cursor = close;
      }
    } else {
      // A lone `$`: kept, with whatever follows it.
      out += '$';
    }
    checkpoint = cursor + 1;
  }
  return out + input.slice(checkpoint);
}
