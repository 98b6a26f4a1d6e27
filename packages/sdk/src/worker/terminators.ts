const NEWLINE = 0x0a;
const QUOTE = 0x22;

/**
 * Finds record ends. `find` returns the position of the next terminating LF in
 * `bytes[from, to)`, or -1; it is called again on later bytes only, so a CSV finder carries
 * the quote state from one call to the next.
 */
export interface Terminators {
  find(bytes: Buffer, from: number, to: number): number;
}

/** Lines and JSON Lines: every LF ends a record (JSON strings cannot hold a raw LF). */
export function lineTerminators(): Terminators {
  return {
    find(bytes, from, to) {
      const at = bytes.subarray(0, to).indexOf(NEWLINE, from);
      return at;
    },
  };
}

/**
 * CSV (RFC 4180): an LF ends a record only outside quotes, and outside means an even number of
 * `"` bytes since the start of the file, because every quote (opening, closing, or one of an
 * escaped `""` pair) flips the state. `insideQuotes` is the state at the first byte searched.
 */
export function csvTerminators(insideQuotes: boolean): Terminators {
  let inside = insideQuotes;
  return {
    find(bytes, from, to) {
      // A view ending at `to`, so indexOf (memchr) never runs into stale bytes past it.
      const view = bytes.subarray(0, to);
      let newline = view.indexOf(NEWLINE, from);
      for (let i = from; ; ) {
        const quote = view.indexOf(QUOTE, i);
        if (!inside && newline !== -1 && (quote === -1 || newline < quote)) return newline;
        if (quote === -1) return -1;
        inside = !inside;
        i = quote + 1;
        if (newline !== -1 && newline < i) newline = view.indexOf(NEWLINE, i);
      }
    },
  };
}

/** Flips `inside` once per `"` in `bytes[from, to)`: the quote state after those bytes. */
export function flipPerQuote(bytes: Buffer, from: number, to: number, inside: boolean): boolean {
  const view = bytes.subarray(0, to);
  let state = inside;
  for (let at = view.indexOf(QUOTE, from); at !== -1; at = view.indexOf(QUOTE, at + 1)) {
    state = !state;
  }
  return state;
}
