/**
 * Writes a command word for a pod spec so that the kubelet's `$(VAR)` expansion hands the shim
 * exactly `word`: references to variables the shim exports (the parameters, the index's own)
 * become `$$(NAME)`, and every `$$` is doubled, so only the variables the pod itself defines
 * are expanded by the kubelet, as they would be without the shim.
 */
export function escapeForKubelet(word: string, shimVariables: ReadonlySet<string>): string {
  let out = '';
  let i = 0;
  while (i < word.length) {
    const char = word[i] as string;
    if (char !== '$') {
      out += char;
      i += 1;
      continue;
    }
    const next = word[i + 1];
    if (next === '$') {
      out += '$$$$';
      i += 2;
      continue;
    }
    if (next === '(') {
      const close = word.indexOf(')', i + 2);
      if (close >= 0) {
        // The kubelet reads `$(…)` as one reference, whatever it holds: so does this.
        const name = word.slice(i + 2, close);
        out += shimVariables.has(name) ? `$$(${name})` : word.slice(i, close + 1);
        i = close + 1;
        continue;
      }
      // An unterminated `$(` stays as it is, and so does the rest.
      out += '$(';
      i += 2;
      continue;
    }
    out += '$';
    i += 1;
  }
  return out;
}
