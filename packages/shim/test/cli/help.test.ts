import { EXIT_CODES, RUN_EXIT_CODES } from '@ixjob/sdk/internal';
import { describe, expect, test } from 'vitest';
import { COMMANDS, flagsOf } from '../../src/cli/flags.ts';
import { commandSummaries, renderHelp } from '../../src/cli/help.ts';

describe('renderHelp', () => {
  test('the default help lists every command, one line each', async () => {
    const text = await renderHelp('exec');
    const listed = text.slice(text.indexOf('Commands:'));
    for (const command of COMMANDS)
      expect(listed).toMatch(new RegExp(`^  ixjob ${command} +\\S`, 'm'));
    expect(listed).toMatch(/^ {2}ixjob help \[COMMAND\] +\S/m);
    expect(commandSummaries().map(([name]) => name)).toEqual([...COMMANDS, 'help [COMMAND]']);
    for (const [, summary] of commandSummaries()) expect(summary).not.toContain('\n');
  });

  test.each(COMMANDS)('%s: its flags and the one exit-code table', async (command) => {
    const text = await renderHelp(command);
    expect(text).toMatch(new RegExp(`^ixjob ${command === 'exec' ? '\\[exec\\]' : command} `));
    for (const flag of flagsOf(command)) expect(text).toContain(`--${flag.name}`);
    const epilog = text.slice(text.indexOf('Exit codes:'));
    for (const [kind, code] of Object.entries(EXIT_CODES))
      expect(epilog).toMatch(new RegExp(`^  ${code} +${kind}$`, 'm'));
  });

  test("run's own outcomes come from its table", async () => {
    const epilog = (await renderHelp('run')).replace(/\s+/g, ' ');
    for (const [outcome, code] of Object.entries(RUN_EXIT_CODES))
      expect(epilog).toContain(`${code} ${outcome}`);
  });

  test('only the default help lists the commands', async () => {
    expect(await renderHelp('run')).not.toContain('Commands:');
  });
});
