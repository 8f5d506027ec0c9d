/**
 * What `spameval run` checks around a run: gates (suite + --gate) and the baseline are read and
 * validated before anything is called — a typo must not cost a paid run — then evaluated on the
 * finished runs, with JUnit, a Markdown summary and `$GITHUB_STEP_SUMMARY` written for CI.
 */
import { renderCheckTable } from '../../adapters/renderers/diff/render-check.js';
import { wantsColor } from '../../adapters/renderers/render-table.js';
import { loadGoldenSet, type GoldenSet } from '../../adapters/stores/golden-store.js';
import { loadRun, loadRunMeta } from '../../adapters/stores/run-store.js';
import { checkRun, collectGates, type RunWithGolden } from '../../app/release-check.js';
import { goldenRoots, type SuiteRunResult } from '../../app/run-suite.js';
import { findSuiteFile, loadSuite } from '../../config/load-suite.js';
import { DIFF_DELTA_METRICS } from '../../domain/diff/build-diff.js';
import { checkGateSettings, type GateSetup } from '../../domain/gates/check-gate-settings.js';
import { checkGateNamePatterns, expandMetricNames, type GoldenNames } from '../../domain/gates/evaluate-gates.js';
import { checkGateThresholds } from '../../domain/gates/gate-ranges.js';
import { gateProblem, isDeltaGate, type Gate } from '../../domain/gates/parse-gate.js';
import { InputError } from '../../domain/problems.js';
import { REPORT_METRIC_NAMES } from '../../domain/report/report-metrics.js';
import { resolveReportSettings } from '../../domain/report/report-settings.js';
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
  /** The suite's golden set, when it was loaded to check gate names (the run reuses it). */
  golden: GoldenSet | undefined;
}

/** The report's metric names as patterns (`category.<category>.recall`, ...). */
const METRIC_PATTERNS = REPORT_METRIC_NAMES.map((definition) => definition.name);

/** The names the golden set gives metrics: its categories and labels, and the slices its items hold. */
function goldenNames(golden: GoldenSet): GoldenNames {
  const slices = new Map<string, Set<string>>();
  for (const item of golden.items) {
    for (const [key, value] of Object.entries(item.slices ?? {})) {
      const values = slices.get(key) ?? new Set<string>();
      values.add(value);
      slices.set(key, values);
    }
  }
  return {
    categories: Object.keys(golden.manifest.categories ?? {}),
    labels: golden.manifest.labels,
    slices: Object.fromEntries([...slices].map(([key, values]) => [key, [...values].sort()])),
  };
}

/** What the report will be able to compute, from the settings the run will record and the golden set. */
function gateSetup(operating: { prevalence?: number | null; volume_per_day?: number | null; aht_seconds?: number | null; cost_per_hour?: number | null }, golden: GoldenSet): GateSetup {
  const strata = golden.manifest.strata;
  const weighted = (strata !== undefined && Object.keys(strata).length > 0) || golden.items.some((item) => item.weight !== undefined);
  return {
    production: weighted || (operating.prevalence ?? null) !== null,
    volumePerDay: (operating.volume_per_day ?? null) !== null,
    ahtSeconds: (operating.aht_seconds ?? null) !== null,
    costPerHour: (operating.cost_per_hour ?? null) !== null,
  };
}

/**
 * Read and validate gates and baseline before the run: every problem is exit 2 with nothing
 * spent, all of them at once. Metric names are checked against the names the report will hold —
 * the golden set's categories, labels and slice values — and metrics that need a setting
 * (production prevalence, daily volume) against the settings the run will record.
 */
export async function prepareRunChecks(options: RunCheckOptions, env: NodeJS.ProcessEnv): Promise<PreparedChecks> {
  const resumed = options.resume !== undefined ? await loadRunMeta(options.resume) : undefined;
  const suiteFile = resumed !== undefined ? resumed.suite.file : findSuiteFile(options.config);
  // resumeRun reports a run without a suite file; nothing to check here then
  let loaded: Awaited<ReturnType<typeof loadSuite>> | undefined;
  try {
    loaded = suiteFile === null ? undefined : await loadSuite(suiteFile);
  } catch (error) {
    // the suite's own problems (a malformed suite gate among them) come with those of --gate
    if (!(error instanceof InputError)) throw error;
    const flags = collectGates(undefined, options.gate ?? []);
    throw new InputError([
      ...error.problems,
      ...flags.problems,
      ...checkGateNamePatterns(flags.gates, { metrics: METRIC_PATTERNS, deltas: DIFF_DELTA_METRICS }),
      ...checkGateThresholds(flags.gates),
    ]);
  }
  const parsed = collectGates(
    loaded ? { file: loaded.file, gates: loaded.suite.gates, ...(loaded.gateLines ? { gateLines: loaded.gateLines } : {}) } : undefined,
    options.gate ?? [],
  );
  const roots = [...(loaded ? goldenRoots(loaded) : []), ...defaultGoldenRoots()];
  const goldenRef = resumed !== undefined ? `${resumed.golden_set.name}@${resumed.golden_set.version}` : loaded?.suite.golden_set;
  const golden = parsed.gates.length > 0 && goldenRef !== undefined ? await loadGoldenSet(goldenRef, roots) : undefined;
  const names = golden ? goldenNames(golden) : undefined;
  const problems = [
    ...parsed.problems,
    ...checkGateNamePatterns(parsed.gates, {
      metrics: names ? expandMetricNames(METRIC_PATTERNS, names) : METRIC_PATTERNS,
      deltas: names ? expandMetricNames(DIFF_DELTA_METRICS, names) : DIFF_DELTA_METRICS,
    }),
    ...checkGateThresholds(parsed.gates),
  ];
  if (golden !== undefined) {
    const recorded = resumed !== undefined ? resolveReportSettings(resumed.settings) : undefined;
    const operating = recorded !== undefined ? recorded.operating : loaded?.suite.operating;
    const prevalence = recorded !== undefined ? recorded.prevalence.value : loaded?.suite.operating.prevalence;
    if (operating !== undefined) problems.push(...checkGateSettings(parsed.gates, gateSetup({ ...operating, prevalence: prevalence ?? null }, golden)));
  }
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
  const baseline = baselinePath === undefined ? undefined : await loadRunWithGolden(baselinePath, roots);
  const skipped = baseline === undefined ? deltaGates : [];
  const gates = parsed.gates.filter((gate) => !skipped.includes(gate));
  const active =
    gates.length > 0 || baseline !== undefined || options.junit !== undefined || options.summaryMd !== undefined || (env['GITHUB_STEP_SUMMARY'] ?? '') !== '';
  return { gates, baseline, skipped, active, golden: resumed === undefined ? golden : undefined };
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
        failOnRegression: options.failOnRegression !== false,
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
    if (checked.results.some((gate) => !gate.passed)) failed = true;
    const text = options.format === 'json' ? '' : renderCheckTable(check, { color: wantsColor(out, env) });
    if (text !== '') out.write(`\n${text}`);
    if (regressed && checked.diff) process.stderr.write(`spameval: ${run.meta.candidate.id}: ${checked.diff.regression.summary}\n`);
  }
  for (const path of writeCiOutputs(checks, options, env, generatedAt)) process.stderr.write(`spameval: wrote ${path}\n`);
  const failedGates = checks.flatMap((check) => check.results.filter((gate) => !gate.passed && gate.kind !== 'regression'));
  for (const gate of failedGates) process.stderr.write(`gate failed: ${gate.gate.text}: ${gate.reason}\n`);
  return failed ? EXIT.gateFailed : EXIT.ok;
}
