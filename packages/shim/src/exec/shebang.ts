import { decodeBytes } from '@ixjob/sdk/internal';

/** The bytes of a script the kernel reads for its `#!` line (BINPRM_BUF_SIZE, Linux 5.1+). */
export const BINPRM_BUF_SIZE = 256;

const isSpaceOrTab = (byte: number | undefined): boolean => byte === 0x20 || byte === 0x09;
const isTerminator = (byte: number | undefined): boolean => isSpaceOrTab(byte) || byte === 0;

/** What the kernel makes of a `#!` line: the interpreter it names, or why it refuses it (ENOEXEC). */
export type Shebang = { interpreter: string } | { refused: 'too-long' | 'no-interpreter' };

/**
 * The interpreter a `#!` line names, read as Linux's binfmt_script reads it: from the first
 * 256 bytes, the name ending at a space, tab, NUL or the end of the line, so a carriage return
 * (CRLF line endings) is part of the name. Refused when the name does not end within those
 * bytes, or the line names nothing.
 */
export function shebangInterpreter(header: Uint8Array): Shebang {
  // Past the end of a short file the kernel's buffer holds zeros.
  const buffer = new Uint8Array(BINPRM_BUF_SIZE);
  buffer.set(header.subarray(0, BINPRM_BUF_SIZE));
  const last = BINPRM_BUF_SIZE - 1;
  let end = buffer.indexOf(0x0a);
  if (end === -1) {
    let name = 2;
    while (name <= last && isSpaceOrTab(buffer[name])) name++;
    if (name > last) return { refused: 'no-interpreter' };
    let stop = name;
    while (stop <= last && !isTerminator(buffer[stop])) stop++;
    if (stop > last) return { refused: 'too-long' };
    end = last;
  }
  while (end > 2 && isSpaceOrTab(buffer[end - 1])) end--;
  let start = 2;
  while (start < end && isSpaceOrTab(buffer[start])) start++;
  let stop = start;
  while (stop < end && !isTerminator(buffer[stop])) stop++;
  return stop === start
    ? { refused: 'no-interpreter' }
    : { interpreter: decodeBytes(buffer.subarray(start, stop)) };
}
