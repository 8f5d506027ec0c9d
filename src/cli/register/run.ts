import { Command, InvalidArgumentError, Option } from 'commander';
import { parseShard } from '../../domain/run/shard.js';
import type { Shard } from '../../domain/run/run-meta.js';
import { collect, type SetExit } from './set-exit.js';

function shardOption(value: string): Shard {
  const shard = parseShard(value);
  if (!shard) throw new InvalidArgumentError('expected i/n with 1 <= i <= n, e.g. 2/4');
  return shard;
}

export function registerRun(program: Command, setExit: SetExit): void {
  program
    .command('run')
    .description('Run the suite\'s candidates on its golden set and print the results')
    .option('-c, --config <file>', 'suite file (default: spameval.config.yaml in this folder)')
    .option('--candidate <id>', 'only this candidate (repeatable)', collect)
    .option('--shard <i/n>', 'only shard i of n of the items (deterministic by item id)', shardOption)
    .option('--out <dir>', 'folder for run folders (default: the suite\'s runs_dir)')
    .option('--resume <run>', 'finish an interrupted run in its folder')
    .option('--no-cache', 'call the candidate even when an identical call is cached')
    .option('-q, --quiet', 'no progress output')
    .addOption(new Option('--format <format>', 'summary format').choices(['table', 'json', 'md']).default('table'))
    .addHelpText(
      'after',
      `
Examples:
  $ spameval run                                  # the suite in ./spameval.config.yaml
  $ spameval run -c suites/llm.yaml --candidate gpt-4o-mini
  $ spameval run --shard 2/4 --out runs/          # one job of a CI matrix; join with \`spameval merge\`
  $ spameval run --resume .spameval/runs/20261125T101500Z-gpt-4o-mini`,
    )
    .action(async (options) => {
      const { runCommand } = await import('../commands/run.js');
      setExit(await runCommand(options));
    });

}
