import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';

/** A process told apart from a later one that reuses its pid: its start time, on its host. */
export interface ProcessId {
  pid: number;
  /** Clock ticks after boot (`/proc/PID/stat` field 22); `null` where that cannot be read. */
  start: string | null;
  host: string;
}

/** What ixjob asks the system about processes, handed in so tests can fake it. */
export interface ProcessTable {
  /** The start time of `pid`; `undefined` when there is no such process, `null` when it cannot be told. */
  startTime(pid: number): string | null | undefined;
  /** Its command line, words joined by spaces, when readable. */
  commandLine(pid: number): string | undefined;
  host: string;
}

/** Field 22 of `/proc/PID/stat`; the command name (field 2) may hold spaces and parentheses. */
export function parseStartTime(stat: string): string | undefined {
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // Fields from the third on: the 22nd is the 20th of these.
  const start = fields[19];
  return start !== undefined && /^\d+$/.test(start) ? start : undefined;
}

const code = (error: unknown) => (error as NodeJS.ErrnoException).code;

/** Linux's /proc, with `kill(pid, 0)` where /proc is not mounted. */
export const systemProcesses: ProcessTable = {
  startTime(pid) {
    try {
      return parseStartTime(readFileSync(`/proc/${pid}/stat`, 'utf8')) ?? null;
    } catch {
      // Without /proc, only whether the pid exists can be told.
    }
    try {
      process.kill(pid, 0);
      return null;
    } catch (error) {
      return code(error) === 'ESRCH' ? undefined : null;
    }
  },
  commandLine(pid) {
    try {
      const words = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
      if (words.at(-1) === '') words.pop();
      const line = words.join(' ');
      return line === '' ? undefined : line.length > 200 ? `${line.slice(0, 199)}…` : line;
    } catch {
      return undefined;
    }
  },
  host: hostname(),
};

/** This process, as a lock or a podinfo directory names its owner. */
export function currentProcess(table: ProcessTable = systemProcesses): ProcessId {
  return { pid: process.pid, start: table.startTime(process.pid) ?? null, host: table.host };
}

/**
 * Whether `owner` may still run. When it cannot be told (another host, no start time), it
 * may: nothing of a live process is ever taken or removed.
 */
export function mayBeRunning(owner: ProcessId, table: ProcessTable = systemProcesses): boolean {
  if (owner.host !== table.host) return true;
  const start = table.startTime(owner.pid);
  if (start === undefined) return false;
  return start === null || owner.start === null || start === owner.start;
}
