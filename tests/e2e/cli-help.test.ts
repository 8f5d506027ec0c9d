import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

const commands = [
  [],
  ['run'],
  ['report'],
  ['diff'],
  ['gate'],
  ['merge'],
  ['golden'],
  ...['validate', 'init', 'import', 'stats', 'diff', 'sample', 'dedupe', 'adjudicate', 'disagreements', 'import-decisions', 'suspects', 'bump'].map(
    (verb) => ['golden', verb],
  ),
];

describe('--help', () => {
  it.each(commands.map((command) => [command.join(' ') || '(root)', command]))('spameval %s --help shows an example', async (_name, command) => {
    const result = await runCli([...command, '--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Usage: spameval/);
    const examples = result.stdout.split(/\nExamples?:\n/)[1] ?? '';
    expect(examples).toMatch(/^\s+\$ spameval /m);
  });
});
