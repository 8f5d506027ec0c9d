import type { Command } from 'commander';
import type { SetExit } from './set-exit.js';

/** `spameval merge`: join the shard runs of a CI matrix into one run per candidate. */
export function registerMerge(program: Command, setExit: SetExit): void {
  program
    .command('merge')
    .description('Join shard runs (spameval run --shard i/n) into one run per candidate')
    .argument('<runs...>', 'shard run folders, in any order')
    .option('--out <dir>', 'folder for the merged run folders (default: the folder holding the first shard)')
    .addHelpText(
      'after',
      `
Shards must come from the same golden set and the same candidate configuration, and each
shard i/n may be given once. A missing shard leaves the merged run incomplete (exit 3):
finish it with \`spameval run --resume <merged run>\`.

Examples:
  $ spameval merge runs/shard-1/*gpt-4o-mini* runs/shard-2/*gpt-4o-mini*
  $ spameval merge shards/*/* --out .spameval/runs`,
    )
    .action(async (runs: string[], options: { out?: string }) => {
      const { mergeCommand } = await import('../commands/merge.js');
      setExit(await mergeCommand(runs, options));
    });
}
