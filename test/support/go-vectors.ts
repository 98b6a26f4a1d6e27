import { readFileSync } from 'node:fs';

export interface GoVectors {
  quote: { name: string; hex: string; quotedHex: string }[];
  unquote: { name: string; inputHex: string; ok: boolean; hex?: string }[];
  files: { name: string; entriesHex: Record<string, string>; fileHex: string }[];
}

export const GO_VECTORS_PATH = new URL('../vectors/go-quote.json', import.meta.url);

/** Golden vectors printed by Go's real strconv.Quote/Unquote (see test/vectors/go-quote). */
export const goVectors = JSON.parse(readFileSync(GO_VECTORS_PATH, 'utf8')) as GoVectors;

export const fromHex = (hex: string): Uint8Array => Uint8Array.from(Buffer.from(hex, 'hex'));
