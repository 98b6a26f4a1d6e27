import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { ixjobRun } from '../support/quiet-run.ts';
import { scratchDirs } from '../support/scratch-dirs.ts';

const scratch = scratchDirs('run-peers');
const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/**
 * A worker on the public SDK: the leader listens on its own address, every other index
 * connects to the leader and prints what it said.
 */
const WORKER = `
import { createServer, connect } from 'node:net';
import { peers } from '@ixjob/sdk';
const me = peers();
if (me.isLeader) {
  let served = 0;
  const server = createServer((socket) => {
    socket.end('hello from ' + me.rank + '\\n');
    if (++served === me.worldSize - 1) server.close();
  });
  server.listen(me.self.port, me.self.host);
} else {
  for (let tries = 0; ; tries++) {
    try {
      const text = await new Promise((resolve, reject) => {
        const socket = connect(me.leader.port, me.leader.host);
        let got = '';
        socket.on('data', (chunk) => { got += chunk; });
        socket.on('end', () => resolve(got));
        socket.on('error', reject);
      });
      process.stdout.write(me.rank + ' got ' + text);
      break;
    } catch (error) {
      if (tries > 100) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}
`;

describe('peers under ixjob run', () => {
  test('every index finds the leader at the address peers() gives, over loopback', () => {
    const state = join(scratch(), 'state');
    const result = ixjobRun(
      [
        '--state',
        state,
        '--completions',
        '3',
        '--parallelism',
        '3',
        '--torch',
        '-o',
        'json',
        '--',
        process.execPath,
        '--input-type=module',
        '-e',
        WORKER,
      ],
      { cwd: ROOT },
    );
    expect([result.code, result.stderr]).toEqual([0, '']);
    const summary = JSON.parse(result.stdout);
    expect(summary.status.completedIndexes).toBe('0-2');
  });
});
