/**
 * What `spameval run` checks around a run: gates (suite + --gate) and the baseline are read and
 * validated before anything is called — a typo must not cost a paid run — then evaluated on the
 * finished runs, with JUnit, a Markdown summary and `$GITHUB_STEP_SUMMARY` written for CI.
 */
import { renderCheckTable } from '../../adapters/renderers/diff/render-check.js';
import { wantsColor } from '../../adapters/renderers/render-table.js';
import { loadRun, loadRunMeta } from '../../adapters/stores/run-store.js';
import { checkRun, collectGates, type RunWithGolden } from '../../app/release-check.js';
import { goldenRoots, type SuiteRunResult } from '../../app/run-suite.js';
import { findSuiteFile, loadSuite } from '../../config/load-suite.js';
import { DIFF_DELTA_METRICS } from '../../domain/diff/build-diff.js';
import { checkGateNamePatterns } from '../../domain/gates/evaluate-gates.js';
import { gateProblem, isDeltaGate, type Gate } from '../../domain/gates/parse-gate.js';
import { InputError } from '../../domain/problems.js';
import { REPORT_METRIC_NAMES } from '../../domain/report/report-metrics.js';
import type { Report } from '../../domain/report/report-schema.js';
import { ciCheckOf, writeCiOutputs, type CiCheck } from '../ci-outputs.js';
import { EXIT, type ExitCode } from '../exit-codes.js';
import { defaultGoldenRoots, loadRunWithGolden } from '../../app/load-run-with-golden.js';

export interface RunCheckOptions {
  config?: string;
  resume?: string;
  gate?: string[];
  /** A run folder; false with --no-baseline (delta gates are then skipped). */
  baseline?: string | false;
  junit?: string;
  summaryMd?: string;
  /** With a baseline, a significant McNemar regression fails the run (default true). */
  failOnRegression?: boolean;
  format: 'table' | 'json' | 'md';
}

export interface PreparedChecks {
  gates: Gate[];
  baseline: RunWithGolden | undefined;
  /** Delta gates dropped by --no-baseline, said out loud. */
  skipped: Gate[];
  /** Whether anything is to be checked or written at all. */
  active: boolean;
}

/** Read and validate gates and baseline before the run: every problem is exit 2 with nothing spent. */
export async function prepareRunChecks(options: RunCheckOptions, env: NodeJS.ProcessEnv): Promise<PreparedChecks> {
  const suiteFile = options.resume !== undefined ? (await loadRunMeta(options.resume)).suite.file : findSuiteFile(options.config);
  // resumeRun reports a run without a suite file; nothing to check here then
  const loaded = suiteFile === null ? undefined : await loadSuite(suiteFile);
  const parsed = collectGates(
    loaded ? { file: loaded.file, gates: loaded.suite.gates, ...(loaded.gateLines ? { gateLines: loaded.gateLines } : {}) } : undefined,
    options.gate ?? [],
  );
  const problems = [
    ...parsed.problems,
    ...checkGateNamePatterns(parsed.gates, { metrics: REPORT_METRIC_NAMES.map((definition) => definition.name), deltas: DIFF_DELTA_METRICS }),
  ];
  const baselinePath = options.baseline === false ? undefined : (options.baseline ?? loaded?.suite.baseline);
  const deltaGates = parsed.gates.filter(isDeltaGate);
  if (baselinePath === undefined && options.baseline !== false) {
    for (const gate of deltaGates) {
      problems.push(
        gateProblem(gate.text, gate.source, 'is a diff gate but no baseline run was given', 'pass --baseline <run folder> or set `baseline` in the suite (or --no-baseline to skip diff gates)'),
      );
    }
  }
  if (problems.length > 0) throw new InputError(problems);
  const roots = [...(loaded ? goldenRoots(loaded) : []), ...defaultGoldenRoots()];
  const baseline = baselinePath === undefined ? undefined : await loadRunWithGolden(baselinePath, roots);
  const skipped = baseline === undefined ? deltaGates : [];
  const gates = parsed.gates.filter((gate) => !skipped.includes(gate));
  const active =
    gates.length > 0 || baseline !== undefined || options.junit !== undefined || options.summaryMd !== undefined || (env['GITHUB_STEP_SUMMARY'] ?? '') !== '';
  return { gates, baseline, skipped, active };
}

/** Evaluate the gates and the diff on every finished run; exit 1 when one fails or regressed. */
export async function finishRunChecks(
  prepared: PreparedChecks,
  result: SuiteRunResult,
  options: RunCheckOptions,
  out: NodeJS.WritableStream & { isTTY?: boolean },
  env: NodeJS.ProcessEnv,
  built: { generatedAt: string; reports: ReadonlyMap<string, Report> },
): Promise<ExitCode> {
  if (!prepared.active) return EXIT.ok;
  for (const gate of prepared.skipped) process.stderr.write(`spameval: --no-baseline: diff gate '${gate.text}' not evaluated\n`);
  const { generatedAt } = built;
  const checks: CiCheck[] = [];
  let failed = false;
  for (const run of result.runs) {
    const target: RunWithGolden = { run: await loadRun(run.dir), golden: result.golden };
    let checked;
    try {
      checked = checkRun(target, prepared.gates, {
        generatedAt,
        needReport: true,
        ...(built.reports.has(run.dir) ? { report: built.reports.get(run.dir) } : {}),
        ...(prepared.baseline ? { baseline: prepared.baseline } : {}),
      });
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      throw new InputError([
        ...error.problems,
        { message: `the run is kept in ${run.dir}`, hint: `fix the gate, then check it without running again: spameval gate ${JSON.stringify(run.dir)}` },
      ]);
    }
    const check = ciCheckOf(checked, prepared.baseline?.run.meta.run_id ?? null);
    checks.push(check);
    const regressed = options.failOnRegression !== false && checked.diff?.regression.regressed === true;
    if (checked.results.some((gate) => !gate.passed) || regressed) failed = true;
    const text = options.format === 'json' ? '' : renderCheckTable(check, { color: wantsColor(out, env) });
    if (text !== '') out.write(`\n${text}`);
    if (regressed && checked.diff) process.stderr.write(`spameval: ${run.meta.candidate.id}: ${checked.diff.regression.summary}\n`);
  }
  for (const path of writeCiOutputs(checks, options, env, generatedAt)) process.stderr.write(`spameval: wrote ${path}\n`);
  const failedGates = checks.flatMap((check) => check.results.filter((gate) => !gate.passed));
  for (const gate of failedGates) process.stderr.write(`gate failed: ${gate.gate.text}: ${gate.reason}\n`);
  return failed ? EXIT.gateFailed : EXIT.ok;
}
