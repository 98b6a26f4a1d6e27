import { spawn } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { describe, expect, test } from 'vitest';
import { guardStdio, safeWriter } from '../../../src/run/output/safe-writer.ts';

const failing = (code: string) => () => {
  throw Object.assign(new Error(code), { code });
};

describe('safeWriter: output that can never stop the job', () => {
  test.each(['EPIPE', 'EBADF', 'EIO', 'ENOSPC', 'EWHATEVER'])(
    'a write failing with %s closes the writer, and nothing more is tried',
    (code) => {
      let calls = 0;
      const write = safeWriter(1, ((..._args: unknown[]) => {
        calls++;
        failing(code)();
      }) as never);
      write('a');
      write('b');
      expect(calls).toBe(1);
      expect(write.closedBy).toBe(code);
    },
  );

  test('a short write is finished; a full non-blocking pipe is waited on', () => {
    const written: string[] = [];
    let again = 2;
    const write = safeWriter(1, ((_fd: number, bytes: Buffer) => {
      if (again-- > 0) failing('EAGAIN')();
      const part = bytes.subarray(0, 2);
      written.push(part.toString());
      return part.length;
    }) as never);
    write('hello');
    expect(written.join('')).toBe('hello');
    expect(write.closedBy).toBeUndefined();
  });

  test('a real pipe whose reader went away: EPIPE, swallowed', async () => {
    const child = spawn(
      process.execPath,
      [
        '-e',
        `const { safeWriter } = await import(${JSON.stringify(new URL('../../../src/run/output/safe-writer.ts', import.meta.url).href)});
       const write = safeWriter(1);
       for (let i = 0; i < 2000 && !write.closedBy; i++) write('x'.repeat(1000) + '\\n');
       process.stderr.write(String(write.closedBy));`,
        '--input-type=module',
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const code = await new Promise((resolve) => child.on('close', resolve));
    expect(stderr).toBe('EPIPE');
    expect(code).toBe(0);
  });

  test('guardStdio keeps an error event on stdout or stderr from crashing', () => {
    const stream = new EventEmitter();
    const undo = guardStdio([stream]);
    expect(() => stream.emit('error', new Error('EPIPE'))).not.toThrow();
    undo();
    expect(() => stream.emit('error', new Error('EPIPE'))).toThrow('EPIPE');
  });
});
