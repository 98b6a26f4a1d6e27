// Suggestions for mistyped words. Only ever called on the way to a usage error, so the exec
// path pays nothing for it; hand-rolled because the packages for this (fastest-levenshtein)
// count a swap of two letters, the commonest slip (`rnu`), as two edits.

/** Edits (insert, delete, replace, swap two neighbours) turning `a` into `b`. */
export function editDistance(a: string, b: string): number {
  // rows[i][j]: the distance between the first i characters of a and the first j of b.
  const rows = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  const at = (i: number, j: number): number => rows[i]?.[j] ?? 0;
  for (let i = 1; i <= a.length; i++) {
    const row = rows[i] ?? [];
    for (let j = 1; j <= b.length; j++) {
      const replace = at(i - 1, j - 1) + (a[i - 1] === b[j - 1] ? 0 : 1);
      row[j] = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, replace);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        row[j] = Math.min(at(i, j), at(i - 2, j - 2) + 1);
    }
  }
  return at(a.length, b.length);
}

/**
 * The candidates `word` was probably meant to be: the nearest within two edits (fewer for a
 * short word, so `x` suggests nothing), else those it begins (`inst` → `install`).
 */
export function closest(word: string, candidates: readonly string[]): string[] {
  const allowed = Math.min(2, Math.floor(word.length / 2));
  let best = allowed + 1;
  let near: string[] = [];
  for (const candidate of candidates) {
    const distance = editDistance(word, candidate);
    if (distance > allowed) continue;
    if (distance < best) [best, near] = [distance, [candidate]];
    else if (distance === best && !near.includes(candidate)) near.push(candidate);
  }
  if (near.length > 0) return near;
  return word.length >= 2 ? candidates.filter((candidate) => candidate.startsWith(word)) : [];
}

/** `'a'`, `'a' or 'b'`, `'a', 'b' or 'c'`. */
export function orList(words: readonly string[]): string {
  const quoted = words.map((word) => `'${word}'`);
  const last = quoted.pop();
  return quoted.length === 0 ? (last ?? '') : `${quoted.join(', ')} or ${last}`;
}
