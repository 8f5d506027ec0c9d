import { Option, type Command } from 'commander';
import type { GateCommandOptions } from '../commands/gate.js';
import { collect, type SetExit } from './set-exit.js';

export const GATE_FORMATS = ['table', 'json', 'md'] as const;
export type GateFormat = (typeof GATE_FORMATS)[number];

export function registerGate(program: Command, setExit: SetExit): void {
  program
    .command('gate')
    .description('Check an existing run against its gates (and a baseline run): exit 0 all hold, 1 one failed')
    .argument('<run>', 'run folder')
    .option('--gate <gate>', 'a gate such as "precision >= 0.97" (repeatable); added to those the suite declared', collect)
    .option('--no-suite-gates', 'ignore the gates recorded from the suite when the run was made')
    .option('--baseline <run>', 'diff against this run and apply delta gates (precision_delta >= -0.005)')
    .option('--no-fail-on-regression', 'with --baseline: do not fail on a significant McNemar regression alone')
    .addOption(new Option('--format <format>', 'output format').choices([...GATE_FORMATS]).default('table'))
    .option('--golden-root <dir>', 'a folder holding golden sets, searched first (repeatable)', collect)
    .option('--junit <file>', 'write the gates as JUnit XML (one test case per gate)')
    .option('--summary-md <file>', 'write the Markdown summary to a file ($GITHUB_STEP_SUMMARY, when set, gets it too)')
    .addHelpText(
      'after',
      `
Gates: "<metric> <op> <number>" with >=, >, <=, < or ==, over any metric of the JSON report
(precision, recall, error_rate, automation_rate, category.phishing.recall, …) or, with a
baseline, a delta "<metric>_delta", judged on its confidence bound (non-inferiority).

Exit codes: 0 all gates hold, 1 a gate failed or the diff regressed, 2 bad usage or input.

Examples:
  $ spameval gate .spameval/runs/20261125T101500Z-naive-bayes
  $ spameval gate runs/merged --gate "precision >= 0.97" --gate "error_rate <= 0.01" --junit gates.xml
  $ spameval gate runs/candidate --baseline baselines/main --gate "precision_delta >= -0.005"`,
    )
    .action(async (runDir: string, options: GateCommandOptions) => {
      const { gateCommand } = await import('../commands/gate.js');
      setExit(await gateCommand(runDir, options));
    });
}
