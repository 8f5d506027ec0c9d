import { writeFileSync } from 'node:fs';
import { renderDiffHtml } from '../../adapters/renderers/diff/render-diff-html.js';
import { renderDiffJson } from '../../adapters/renderers/diff/render-diff-json.js';
import { renderDiffMarkdown } from '../../adapters/renderers/diff/render-diff-md.js';
import { renderDiffTable } from '../../adapters/renderers/diff/render-diff-table.js';
import { wantsColor } from '../../adapters/renderers/render-table.js';
import { checkRun, collectGates } from '../../app/release-check.js';
import type { Diff } from '../../domain/diff/diff-schema.js';
import type { GateResult } from '../../domain/gates/evaluate-gates.js';
import { ciCheckOf, writeCiOutputs, type CiOutputOptions } from '../ci-outputs.js';
import { EXIT, type ExitCode } from '../exit-codes.js';
import type { DiffFormat } from '../register/diff.js';
import { defaultGoldenRoots, loadRunWithGolden } from '../../app/load-run-with-golden.js';

export interface DiffCommandOptions extends CiOutputOptions {
  format: DiffFormat;
  out?: string;
  gate?: string[];
  /** Default true (SPEC §6: a regressed diff exits 1); false with --no-fail-on-regression. */
  failOnRegression?: boolean;
  maxFlips?: number;
  goldenRoot?: string[];
}

function render(diff: Diff, format: DiffFormat, gates: readonly GateResult[], color: boolean): string {
  switch (format) {
    case 'table':
      return renderDiffTable(diff, { color, gates });
    case 'json':
      return renderDiffJson(diff, { gates });
    case 'md':
      return renderDiffMarkdown(diff, { gates });
    case 'html':
      return renderDiffHtml(diff, { gates });
  }
}

/**
 * `spameval diff <runA> <runB>`: B (new) against A (baseline). Exit 1 when a gate fails or when
 * B is significantly more often wrong (McNemar exact, Holm), unless --no-fail-on-regression.
 * Malformed gates are reported with the unknown ones, all at once, once both runs are read.
 */
export async function diffCommand(runA: string, runB: string, options: DiffCommandOptions): Promise<ExitCode> {
  const parsed = collectGates(undefined, options.gate ?? []);
  const failOnRegression = options.failOnRegression !== false;
  const roots = [...(options.goldenRoot ?? []), ...defaultGoldenRoots()];
  const [baseline, target] = await Promise.all([loadRunWithGolden(runA, roots), loadRunWithGolden(runB, roots)]);
  const generatedAt = new Date().toISOString();
  const checked = checkRun(target, parsed.gates, {
    baseline,
    generatedAt,
    problems: parsed.problems,
    failOnRegression,
    ...(options.maxFlips === undefined ? {} : { maxFlips: options.maxFlips }),
  });
  const diff = checked.diff;
  if (diff === null) throw new Error('a diff needs a baseline');
  // everything is rendered before anything is written: bad input leaves no partial output
  const text = render(diff, options.format, checked.results, options.out === undefined && wantsColor(process.stdout, process.env));
  if (options.out === undefined) process.stdout.write(text);
  else writeFileSync(options.out, text);
  // the diff is the summary here: no brief report of B above it, even when a metric gate built one
  writeCiOutputs([{ ...ciCheckOf(checked, baseline.run.meta.run_id), report: null }], options, process.env, generatedAt);
  const failed = checked.results.filter((result) => !result.passed);
  for (const result of failed) {
    if (result.kind !== 'regression') process.stderr.write(`gate failed: ${result.gate.text}: ${result.reason}\n`);
  }
  if (failOnRegression && diff.regression.regressed) process.stderr.write(`spameval: ${diff.regression.summary}\n`);
  return failed.length > 0 ? EXIT.gateFailed : EXIT.ok;
}
