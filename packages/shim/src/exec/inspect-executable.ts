import { accessSync, closeSync, constants, openSync, readdirSync, statSync } from 'node:fs';
import { decodeBytes, encodeBytes, hasEscapedBytes, readAt } from '@ixjob/sdk/internal';
import { shebangInterpreter } from './shebang.ts';

/** What execve would make of a path, learnt without calling it. */
export type Inspection =
  | { kind: 'runnable'; interpreter?: string }
  | {
      kind:
        | 'missing'
        | 'directory'
        | 'no-permission'
        | 'bad-format'
        | 'wrong-architecture'
        | 'long-shebang'
        | 'bad-path';
    };

/** Reads a path's type, permission and first bytes: the real adapter behind `findCommand`. */
export type Inspect = (path: string) => Inspection;

const HEADER_BYTES = 4096;
const ELF_MAGIC = [0x7f, 0x45, 0x4c, 0x46];
const PT_INTERP = 3;
/** e_machine values this machine's kernel runs natively (x86-64 also runs i386). */
const MACHINES: Readonly<Record<string, readonly number[]>> = {
  x64: [62, 3],
  ia32: [3],
  arm64: [183, 40],
  arm: [40],
  riscv64: [243],
  ppc64: [21],
  s390x: [22],
  loong64: [258],
};

/** A path as the file system takes it: its own bytes when it holds some that are not UTF-8. */
const fsPath = (path: string): string | Buffer =>
  hasEscapedBytes(path) ? encodeBytes(path) : path;

function elfInspection(header: Uint8Array, fd: number): Inspection {
  const view = new DataView(header.buffer, header.byteOffset, header.byteLength);
  const is64 = header[4] === 2;
  const little = header[5] === 1;
  const machine = view.getUint16(18, little);
  const native = MACHINES[process.arch];
  if (native && !native.includes(machine)) return { kind: 'wrong-architecture' };
  const phoff = Number(is64 ? view.getBigUint64(32, little) : BigInt(view.getUint32(28, little)));
  const phentsize = view.getUint16(is64 ? 54 : 42, little);
  const phnum = view.getUint16(is64 ? 56 : 44, little);
  for (let i = 0; i < phnum; i++) {
    const at = phoff + i * phentsize;
    if (at + phentsize > header.length) break;
    if (view.getUint32(at, little) !== PT_INTERP) continue;
    const offset = Number(
      is64 ? view.getBigUint64(at + 8, little) : BigInt(view.getUint32(at + 4, little)),
    );
    const size = Number(
      is64 ? view.getBigUint64(at + 32, little) : BigInt(view.getUint32(at + 16, little)),
    );
    const bytes =
      offset + size <= header.length
        ? header.subarray(offset, offset + size)
        : readAt(fd, offset, Math.min(size, HEADER_BYTES));
    const end = bytes.indexOf(0);
    const interpreter = decodeBytes(end === -1 ? bytes : bytes.subarray(0, end));
    return interpreter === '' ? { kind: 'runnable' } : { kind: 'runnable', interpreter };
  }
  return { kind: 'runnable' };
}

let foreignFormats: boolean | undefined;
/** binfmt_misc handlers (qemu-user, …) can run formats the kernel itself cannot. */
function hasForeignFormats(): boolean {
  if (foreignFormats === undefined) {
    try {
      foreignFormats = readdirSync('/proc/sys/fs/binfmt_misc').some(
        (name) => name !== 'register' && name !== 'status',
      );
    } catch {
      foreignFormats = false;
    }
  }
  return foreignFormats;
}

/**
 * The cheap half of the inspection: exists, is a file, may be executed. Enough before execve
 * on Node 26+, which throws on failure instead of aborting; the rest then explains a failure.
 */
export const inspectPermissions: Inspect = (given) => {
  const path = fsPath(given);
  let stat: ReturnType<typeof statSync>;
  try {
    stat = statSync(path, { throwIfNoEntry: false });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOTDIR') return { kind: 'missing' };
    return { kind: code === 'EACCES' ? 'no-permission' : 'bad-path' };
  }
  if (stat === undefined) return { kind: 'missing' };
  if (stat.isDirectory()) return { kind: 'directory' };
  try {
    accessSync(path, constants.X_OK);
  } catch (error) {
    return {
      kind: (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'missing' : 'no-permission',
    };
  }
  return stat.isFile() ? { kind: 'runnable' } : { kind: 'no-permission' };
};

/**
 * Tells what execve would do with `path`: a failed execve aborts Node 22 and 24, so every
 * cause of failure is looked for first — missing, not executable, no `#!` and not ELF, the
 * wrong architecture — and the interpreter (`#!` line or ELF loader) is returned to check next.
 */
export const inspectExecutable: Inspect = (path) => {
  const permissions = inspectPermissions(path);
  if (permissions.kind !== 'runnable') return permissions;
  let fd: number;
  try {
    fd = openSync(fsPath(path), 'r');
  } catch {
    // An execute-only file cannot be read, yet execve runs it.
    return { kind: 'runnable' };
  }
  try {
    const header = readAt(fd, 0, HEADER_BYTES);
    if (header[0] === 0x23 && header[1] === 0x21) {
      const shebang = shebangInterpreter(header);
      if ('interpreter' in shebang) return { kind: 'runnable', interpreter: shebang.interpreter };
      return { kind: shebang.refused === 'too-long' ? 'long-shebang' : 'bad-format' };
    }
    if (ELF_MAGIC.every((byte, i) => header[i] === byte)) {
      const inspection =
        header.length >= 64 ? elfInspection(header, fd) : { kind: 'bad-format' as const };
      return inspection.kind === 'runnable' || !hasForeignFormats()
        ? inspection
        : { kind: 'runnable' };
    }
    return hasForeignFormats() ? { kind: 'runnable' } : { kind: 'bad-format' };
  } finally {
    closeSync(fd);
  }
};
