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
    .option('--gate <gate>', 'a gate such as "precision >= 0.97" (repeatable), added to the suite\'s gates', collect)
    .option('--baseline <run>', 'diff each run against this run folder and apply diff gates (default: the suite\'s baseline)')
    .option('--no-baseline', 'ignore the suite\'s baseline; diff gates are skipped (e.g. to make the first baseline)')
    .option('--no-fail-on-regression', 'with a baseline: do not fail on a significant McNemar regression alone')
    .option('--junit <file>', 'write each gate as a JUnit test case')
    .option('--summary-md <file>', 'write the Markdown summary (report, gates, diff) to a file')
    .addHelpText(
      'after',
      `
Gates (SPEC §6): "<metric> <op> <number>" over any metric of the JSON report, e.g.
"precision >= 0.97", "error_rate <= 0.01", "category.phishing.recall >= 0.8"; with a baseline,
"precision_delta >= -0.005" passes only when the lower confidence bound of Δ clears -0.005.
Gates and the baseline are validated before the first call, all problems at once: metric
names against the golden set's categories, labels and slice values, thresholds against the
metric's range (a proportion lies in [0, 1]), metrics that need a setting (production.*
needs strata, weights or operating.prevalence) against the suite. With a baseline, the check
"no significant regression (McNemar, Holm)" joins the gates. In GitHub Actions the Markdown
summary is appended to $GITHUB_STEP_SUMMARY.

Exit codes: 0 all gates hold; 1 a gate failed or the diff regressed (McNemar exact, Holm);
2 bad usage or input; 3 the run could not finish (errors above the error budget).

Examples:
  $ spameval run                                  # the suite in ./spameval.config.yaml
  $ spameval run -c suites/llm.yaml --candidate gpt-4o-mini
  $ spameval run --shard 2/4 --out runs/          # one job of a CI matrix; join with \`spameval merge\`
  $ spameval run --resume .spameval/runs/20261125T101500Z-gpt-4o-mini
  $ spameval run --baseline baselines/main --gate "precision_delta >= -0.005" --junit gates.xml`,
    )
    .action(async (options) => {
      const { runCommand } = await import('../commands/run.js');
      setExit(await runCommand(options));
    });

}
