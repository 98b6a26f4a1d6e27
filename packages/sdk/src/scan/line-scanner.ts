import type { ItemScanner } from './item-scanner.ts';
import { WASM_BASE64 } from './line-skip.wasm.ts';

const NEWLINE = 0x0a;
const CR = 0x0d;
/** The largest buffer the WebAssembly memory (5 pages) leaves room for: a read of 256 KiB, scanned while in cache. */
const WASM_BUFFER = 4 * 65536;

const isContent = (byte: number): boolean =>
  byte !== 0x20 && byte !== 0x09 && byte !== CR && byte !== NEWLINE;

interface Global {
  value: number;
}
/** The exports of line-skip.wat. */
interface LineSkip {
  memory: { buffer: ArrayBuffer };
  skip(start: number, end: number, want: number): number;
  reset(): void;
  items: Global;
  lines: Global;
  content: Global;
  line_start: Global;
}
/** The part of the WebAssembly API used here (the project's TypeScript libs carry no DOM types). */
interface Wasm {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object) => { exports: unknown };
}
const wasm = (globalThis as unknown as { WebAssembly: Wasm }).WebAssembly;

let compiled: object | undefined;
/** One instance per scanner (its globals are the scan's state); the module compiles once. */
function lineSkip(): LineSkip {
  compiled ??= new wasm.Module(Buffer.from(WASM_BASE64, 'base64'));
  return new wasm.Instance(compiled).exports as LineSkip;
}

/**
 * Items are the non-blank lines: a line holding only spaces, tabs or a CR is skipped, a CR
 * before the newline is not part of the item, and a last line needs no newline. Lines that
 * are only passed over go through a SIMD WebAssembly loop (line-skip.wat).
 */
export function lineScanner(): ItemScanner {
  let lineStart = 0;
  let line = 1;
  /** Whether the current line has a byte other than space, tab or CR. */
  let content = false;
  /** Offset just past the last byte seen, and whether that byte was a CR. */
  let offset = 0;
  let lastWasCR = false;
  let fast: LineSkip | undefined;

  return {
    push(chunk, at, found) {
      let i = 0;
      while (i < chunk.length) {
        const newline = chunk.indexOf(NEWLINE, i);
        const stop = newline === -1 ? chunk.length : newline;
        // Most lines have content in their first byte, so this loop rarely runs long.
        for (let j = i; j < stop && !content; j++) content = isContent(chunk[j] ?? 0);
        if (newline === -1) break;
        const crBefore = newline > 0 ? chunk[newline - 1] === CR : lastWasCR;
        if (content && found(lineStart, at + newline - (crBefore ? 1 : 0), line) === true)
          return true;
        lineStart = at + newline + 1;
        line += 1;
        content = false;
        i = newline + 1;
      }
      offset = at + chunk.length;
      lastWasCR = chunk.length > 0 ? chunk[chunk.length - 1] === CR : lastWasCR;
      return false;
    },
    finish(found) {
      return content && found(lineStart, offset - (lastWasCR ? 1 : 0), line) === true;
    },
    pendingStart: () => lineStart,
    pendingLine: () => line,
    buffer(size) {
      fast ??= lineSkip();
      return new Uint8Array(fast.memory.buffer, 0, Math.min(size, WASM_BUFFER));
    },
    skip(chunk, at, count) {
      if (!fast || chunk.buffer !== fast.memory.buffer || count <= 0)
        return { skipped: 0, consumed: 0 };
      fast.reset();
      fast.content.value = content ? 1 : 0;
      const start = chunk.byteOffset;
      // `count` beyond 2^32 - 1 means "all": the loop compares unsigned.
      const stop = fast.skip(start, start + chunk.length, Math.min(count, 0xffffffff) | 0);
      const consumed = stop - start;
      line += fast.lines.value;
      content = fast.content.value === 1;
      if (fast.lines.value > 0) lineStart = at + (fast.line_start.value - start);
      if (consumed === chunk.length) {
        offset = at + chunk.length;
        lastWasCR = chunk.length > 0 ? chunk[chunk.length - 1] === CR : lastWasCR;
      } else {
        lastWasCR = false;
      }
      return { skipped: fast.items.value, consumed };
    },
  };
}
