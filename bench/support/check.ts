import { execFileSync } from 'node:child_process';
import { ROOT } from './paths.ts';

/** Runs once outside the timings, so a benchmark never times a wrong answer. */
export function check(command: string[], env: NodeJS.ProcessEnv, expected = ''): void {
  const [program = '', ...args] = command;
  const out = execFileSync(program, args, { env, encoding: 'utf8', cwd: ROOT });
  if (!out.includes(expected))
    throw new Error(`${command.join(' ')} printed ${out.slice(0, 200)}, not ${expected}`);
}
