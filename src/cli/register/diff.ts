import { InvalidArgumentError, Option, type Command } from 'commander';
import type { DiffCommandOptions } from '../commands/diff.js';
import { collect, type SetExit } from './set-exit.js';

export const DIFF_FORMATS = ['table', 'json', 'md', 'html'] as const;
export type DiffFormat = (typeof DIFF_FORMATS)[number];

function countOption(value: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0) throw new InvalidArgumentError('expected a whole number ≥ 0');
  return parsed;
}

export function registerDiff(program: Command, setExit: SetExit): void {
  program
    .command('diff')
    .description('Compare two runs on the same golden set: metric deltas with paired-bootstrap intervals, McNemar, the items that flipped')
    .argument('<runA>', 'baseline run folder (the current model, prompt or guidelines)')
    .argument('<runB>', 'new run folder (the change under review)')
    .addOption(new Option('--format <format>', 'output format').choices([...DIFF_FORMATS]).default('table'))
    .option('--out <file>', 'write the diff to a file instead of standard output')
    .option('--gate <gate>', 'a gate such as "precision_delta >= -0.005" (repeatable); metric gates apply to B', collect)
    .option('--no-fail-on-regression', 'do not exit 1 when B is significantly more often wrong than A (McNemar exact, Holm over overall/FP/FN) and no gate failed')
    // the default since exit 1 on a regressed diff became the rule (SPEC §6); kept for old scripts
    .addOption(new Option('--fail-on-regression').hideHelp())
    .option('--max-flips <n>', 'items kept per flip list', countOption)
    .option('--golden-root <dir>', 'a folder holding golden sets, searched first (repeatable)', collect)
    .option('--junit <file>', 'write the gates as JUnit XML (one test case per gate)')
    .option('--summary-md <file>', 'write the Markdown summary to a file ($GITHUB_STEP_SUMMARY, when set, gets it too)')
    .addHelpText(
      'after',
      `
A delta gate (<metric>_delta) passes only when the confidence bound of Δ = B − A clears the
threshold: ">=" uses the lower bound, "<=" the upper (a non-inferiority test), never the point
estimate. Delta names: precision, recall, f1, fpr, accuracy, average_precision, roc_auc,
error_rate, category.<name>.recall, gray.accuracy, clear.accuracy (each + "_delta"); and the
triage changes automation_rate, auto_enforce_rate, auto_clear_rate, auto_enforce_precision,
false_clear_rate, spam_leak_rate (+ "_delta"), which have no interval: they are judged on the
point change on the paired sample, unweighted, and say so.

A significant regression (McNemar exact, Holm over overall/FP/FN, α = 0.05) is a check of its
own, "no significant regression (McNemar, Holm)", beside the gates.

Exit codes: 0 gates hold and no significant regression, 1 a gate failed or B regressed
(--no-fail-on-regression: gates only), 2 bad usage or input.

Examples:
  $ spameval diff runs/baseline runs/candidate
  $ spameval diff runs/baseline runs/candidate --format html --out diff.html
  $ spameval diff runs/baseline runs/candidate --gate "precision_delta >= -0.005" --gate "recall >= 0.8"
  $ spameval diff runs/vendor-humans runs/gpt-4o-mini --format md --no-fail-on-regression >> "$GITHUB_STEP_SUMMARY"`,
    )
    .action(async (runA: string, runB: string, options: DiffCommandOptions) => {
      const { diffCommand } = await import('../commands/diff.js');
      setExit(await diffCommand(runA, runB, options));
    });
}
