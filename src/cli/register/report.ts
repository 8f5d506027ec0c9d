import { InvalidArgumentError, Option, type Command } from 'commander';
import type { ReportCommandOptions } from '../commands/report.js';
import type { SetExit } from './set-exit.js';

export const REPORT_FORMATS = ['table', 'json', 'md', 'csv', 'junit', 'html'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/** A finite number; its range is checked with the other settings, so every problem is reported at once. */
function numberOption(value: string): number {
  const parsed = Number(value.trim().endsWith('%') ? Number(value.trim().slice(0, -1)) / 100 : value);
  if (value.trim() === '' || !Number.isFinite(parsed)) throw new InvalidArgumentError('expected a number, e.g. 0.02 or 2%');
  return parsed;
}

function integerOption(value: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed)) throw new InvalidArgumentError('expected an integer');
  return parsed;
}

export function registerReport(program: Command, setExit: SetExit): void {
  program
    .command('report')
    .description('Compute the report of a run from its golden set: classification, scores, production view, gray area, triage')
    .argument('<run>', 'run folder (holds run.json and predictions.jsonl)')
    .addOption(new Option('--format <format>', 'output format').choices([...REPORT_FORMATS]).default('table'))
    .option('--out <file>', 'write the report to a file instead of standard output')
    .option('--prevalence <p>', 'production share of spam, for the production view (overrides strata and the suite)', numberOption)
    .option('--volume <n>', 'items entering the review queue per day', numberOption)
    .option('--aht <seconds>', 'average handle time of one manual review, in seconds', numberOption)
    .option('--cost-per-hour <c>', 'fully loaded cost of one reviewer hour', numberOption)
    .option('--fp-cost <lambda>', 'cost of a false positive in missed spam (λ)', numberOption)
    .option('--precision-target <p>', 'precision auto-enforcement must reach, e.g. 0.99', numberOption)
    .option('--false-clear-target <q>', 'largest share of spam among auto-cleared items, e.g. 0.01', numberOption)
    .option('--confidence <c>', 'confidence of the triage guarantee (1 − δ), e.g. 0.95', numberOption)
    .option('--replicates <n>', 'bootstrap replicates for the F1 interval', integerOption)
    .option('--seed <n>', 'bootstrap seed', integerOption)
    .option('--export-disagreements <file>', 'also write the items the candidate confidently disputes (CSV, for SME review)')
    .addHelpText(
      'after',
      `
Settings come from the run's run.json (copied from the suite when it ran); flags override them.

Examples:
  $ spameval report .spameval/runs/20261125T101500Z-naive-bayes
  $ spameval report <run> --format md --out report.md          # PR comment / $GITHUB_STEP_SUMMARY
  $ spameval report <run> --format json | jq .metrics.precision
  $ spameval report <run> --prevalence 0.02 --volume 50000 --aht 40 --cost-per-hour 28
  $ spameval report <run> --format csv --out items.csv --export-disagreements sme-review.csv
  $ spameval report <run> --format html --out report.html`,
    )
    .action(async (runDir: string, options: ReportCommandOptions) => {
      const { reportCommand } = await import('../commands/report.js');
      setExit(await reportCommand(runDir, options));
    });
}
