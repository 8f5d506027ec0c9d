import type { Command } from 'commander';
import type { SetExit } from './set-exit.js';

/** `spameval golden <verb>`: curating golden sets. */
export function registerGolden(program: Command, setExit: SetExit): void {
  const golden = program.command('golden').description('Curate golden sets (validate, stats, import, bump, ...)');
  golden
    .command('validate')
    .description('Check a golden set: schema, taxonomy, unique ids, count and sha256')
    .argument('<ref>', 'name, name@version, or a version folder')
    .option('--root <dir>', 'folder holding golden sets', 'golden-sets')
    .addHelpText(
      'after',
      `
Examples:
  $ spameval golden validate spamassassin-public@1.0.0
  $ spameval golden validate ./golden-sets/my-set/2.1.0`,
    )
    .action(async (ref: string, options: { root: string }) => {
      const { goldenValidateCommand } = await import('../commands/golden-validate.js');
      setExit(await goldenValidateCommand(ref, options));
    });
}
