import type { Readable } from 'node:stream';

const holders = new WeakMap<Readable, number>();

/**
 * Pauses `source` until the returned release is called. Several consumers (the attempt log,
 * the line tagger) read one child pipe, so it flows again only when the last holder lets go;
 * a bare `pause()`/`resume()` pair would let one consumer undo another's backpressure.
 */
export function holdSource(source: Readable): () => void {
  const count = holders.get(source) ?? 0;
  holders.set(source, count + 1);
  if (count === 0) source.pause();
  let held = true;
  return () => {
    if (!held) return;
    held = false;
    const left = (holders.get(source) ?? 1) - 1;
    holders.set(source, left);
    if (left === 0) source.resume();
  };
}
