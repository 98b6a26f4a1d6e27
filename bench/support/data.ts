import { closeSync, existsSync, mkdirSync, openSync, renameSync, writeSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const OUT = fileURLToPath(new URL('../.out/', import.meta.url));
// Every benchmark writes its data and state here; a fresh clone has no such folder yet.
mkdirSync(OUT, { recursive: true });

/** Writes `name` once, from blocks of text, atomically; later runs reuse it. */
export function generated(name: string, blocks: () => Iterable<string>): string {
  const path = `${OUT}${name}`;
  if (existsSync(path)) return path;
  const fd = openSync(`${path}.tmp`, 'w');
  for (const block of blocks()) writeSync(fd, block);
  closeSync(fd);
  renameSync(`${path}.tmp`, path);
  return path;
}

/** The value on line `i` (0-based) of the generated lists. */
export const listLine = (i: number): string =>
  `/data/shard/${String(i).padStart(8, '0')}/part-${(i * 7919) % 100_000}.dat`;

export function* listLines(count: number): Iterable<string> {
  for (let start = 0; start < count; start += 10_000) {
    const lines: string[] = [];
    for (let i = start; i < Math.min(count, start + 10_000); i++) lines.push(listLine(i));
    yield `${lines.join('\n')}\n`;
  }
}

/** A quoted CSV: every field quoted, some with commas, doubled quotes and newlines inside. */
export function* quotedCsv(rows: number): Iterable<string> {
  yield '"id","title","notes"\n';
  for (let start = 0; start < rows; start += 10_000) {
    let block = '';
    for (let i = start; i < Math.min(rows, start + 10_000); i++) {
      const notes = i % 10 === 0 ? `line one\nline ""two"", of ${i}` : `plain, note ${i}`;
      block += `"${i}","Title ${i}, part ""${i % 7}""","${notes}"\n`;
    }
    yield block;
  }
}

/** About 1 GiB of list lines, ending in a line the benchmark can recognise; `lines` counts them. */
export function gibibyteList(): { lines: number; blocks: () => Iterable<string> } {
  const block = [...listLines(25_000)].join('');
  const repeats = Math.ceil((1 << 30) / block.length);
  function* blocks(): Iterable<string> {
    for (let i = 0; i < repeats; i++) yield block;
    yield 'the-very-last-line\n';
  }
  return { lines: 25_000 * repeats + 1, blocks };
}
