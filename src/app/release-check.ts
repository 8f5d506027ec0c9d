/**
 * The release check behind `spameval diff`, `spameval gate` and `spameval run --gate/--baseline`:
 * a run's report, its diff against a baseline, and the gates evaluated on both. The caller
 * loads the runs; every computation is the pure domain's (buildReport, buildDiff, evaluateGates).
 */
import { join } from 'node:path';
import { toolVersion } from '../adapters/package-root.js';
import type { GoldenSet } from '../adapters/stores/golden-store.js';
import type { LoadedRun } from '../adapters/stores/run-store.js';
import { buildDiff, DIFF_TRIAGE_DELTAS } from '../domain/diff/build-diff.js';
import type { Diff } from '../domain/diff/diff-schema.js';
import { checkGateSettings, gateSetupOfReport } from '../domain/gates/check-gate-settings.js';
import { checkGateMetrics, evaluateGates, type GateDeltaValue, type GateInputs, type GateResult } from '../domain/gates/evaluate-gates.js';
import { checkGateThresholds } from '../domain/gates/gate-ranges.js';
import { DELTA_SUFFIX, isDeltaGate, parseGates, type Gate, type GateSpec } from '../domain/gates/parse-gate.js';
import { InputError, type Problem } from '../domain/problems.js';
import { buildReport } from '../domain/report/build-report.js';
import { metricValues } from '../domain/report/report-metrics.js';
import type { Report } from '../domain/report/report-schema.js';
import { resolveReportSettings } from '../domain/report/report-settings.js';

/** A run and the golden-set version it was made on (see `loadRunWithGolden` in app/load-run-with-golden.ts). */
export interface RunWithGolden {
  run: LoadedRun;
  golden: GoldenSet;
}

/** Gates from the suite (with their lines) and from `--gate` flags, parsed; malformed ones are problems. */
export function collectGates(
  suite: { file: string; gates: readonly string[]; gateLines?: readonly (number | undefined)[] } | undefined,
  flags: readonly string[],
): { gates: Gate[]; problems: Problem[] } {
  const specs: GateSpec[] = [
    ...(suite?.gates ?? []).map((text, index): GateSpec => {
      const line = suite?.gateLines?.[index];
      return { text, source: { kind: 'suite', file: suite?.file ?? '', index, ...(line === undefined ? {} : { line }) } };
    }),
    ...flags.map((text): GateSpec => ({ text, source: { kind: 'flag' } })),
  ];
  return parseGates(specs);
}

/**
 * A diff's deltas in the shape delta gates read: `<metric>_delta` with its interval, and the
 * triage changes, which have none (point changes on the paired sample, unweighted).
 */
export function diffGateDeltas(diff: Diff): Record<string, GateDeltaValue> {
  const triage = Object.entries(DIFF_TRIAGE_DELTAS).map(([name, row]): [string, GateDeltaValue] => {
    const change = diff.triage.rows.find((entry) => entry.metric === row)?.change ?? null;
    const value: GateDeltaValue = { value: change, low: null, high: null, confidence: diff.settings.confidence, pointEstimate: true };
    if (change === null) value.reason = diff.triage.available ? 'undefined for run A or B (no operating point certified)' : (diff.triage.reason ?? 'no triage comparison');
    return [`${name}${DELTA_SUFFIX}`, value];
  });
  const bootstrapped = diff.deltas.map((entry): [string, GateDeltaValue] => {
    const value: GateDeltaValue = {
      value: entry.delta.value,
      low: entry.delta.ci?.low ?? null,
      high: entry.delta.ci?.high ?? null,
      confidence: entry.delta.ci?.confidence ?? diff.settings.confidence,
    };
    if (entry.delta.reason !== undefined) value.reason = entry.delta.reason;
    return [`${entry.metric}${DELTA_SUFFIX}`, value];
  });
  return Object.fromEntries([...bootstrapped, ...triage]);
}

/** The name of the regression check in gate tables and JUnit. */
export const REGRESSION_CHECK = 'no significant regression (McNemar, Holm)';

/**
 * The McNemar regression verdict as a check beside the gates, so that a run failing on it says
 * so where the gates are (table, JUnit, Markdown). With `--no-fail-on-regression` it still
 * shows, and passes, saying that it was not allowed to fail.
 */
export function regressionCheck(diff: Diff, failOnRegression: boolean): GateResult {
  const { regression } = diff;
  const worst = regression.tests.reduce((min, test) => Math.min(min, test.holm_p), 1);
  const passed = !(regression.regressed && failOnRegression);
  return {
    gate: { text: REGRESSION_CHECK, metric: 'regression', operator: '==', threshold: 0, source: { kind: 'builtin' } },
    kind: 'regression',
    value: regression.tests.filter((test) => test.regressed).length,
    compared: worst,
    passed,
    reason: regression.regressed && !failOnRegression ? `${regression.summary} (not failing: --no-fail-on-regression)` : regression.summary,
  };
}

export interface CheckOptions {
  /** ISO time stamped on the report and diff; null for reproducible files. */
  generatedAt: string | null;
  maxFlips?: number;
}

export interface CheckedRun {
  target: RunWithGolden;
  /** Built only when a metric gate or a caller needs it. */
  report: Report | null;
  diff: Diff | null;
  results: GateResult[];
}

export function diffRuns(baseline: RunWithGolden, target: RunWithGolden, options: CheckOptions): Diff {
  // the new run's settings decide the intervals and the triage targets, as its report's do
  const settings = resolveReportSettings(target.run.meta.settings, {}, join(target.run.dir, 'run.json'));
  return buildDiff(target.golden, baseline.run, target.run, {
    toolVersion: toolVersion(),
    generatedAt: options.generatedAt,
    ...(baseline.golden.manifest.version === target.golden.manifest.version ? {} : { goldenA: baseline.golden }),
    confidence: settings.confidence,
    bootstrap: settings.bootstrap,
    ...(options.maxFlips === undefined ? {} : { maxFlips: options.maxFlips }),
    triage: {
      enforcePrecision: settings.triage.precision_target,
      clearFalseRate: settings.triage.false_clear_target,
      delta: 1 - settings.triage.confidence,
      enforceGrid: settings.triage.enforce_grid,
      clearGrid: settings.triage.clear_grid,
    },
  });
}

export function reportRun(target: RunWithGolden, options: CheckOptions): Report {
  return buildReport(target.golden, target.run, { toolVersion: toolVersion(), generatedAt: options.generatedAt });
}

/**
 * Report, diff (with a baseline) and gates for one run. Every problem with the gates — those
 * found when parsing (`problems`), unknown metrics, delta gates without a baseline, impossible
 * thresholds, metrics a missing setting leaves undefined — comes back at once as an InputError
 * (exit 2) naming each gate; nothing is evaluated then. With a baseline, the regression verdict
 * is appended to the results as a check (`regressionCheck`).
 */
export function checkRun(
  target: RunWithGolden,
  gates: readonly Gate[],
  options: CheckOptions & {
    baseline?: RunWithGolden;
    needReport?: boolean;
    report?: Report | undefined;
    /** Problems already found with the gates (parsing), reported with the rest. */
    problems?: readonly Problem[];
    /** Whether a significant regression fails its check (default true). */
    failOnRegression?: boolean;
  },
): CheckedRun {
  const needReport = options.needReport === true || gates.some((gate) => !isDeltaGate(gate));
  // a report already built for the same run (the summary `run` printed) is not built again
  const report = needReport ? (options.report ?? reportRun(target, options)) : null;
  const diff = options.baseline ? diffRuns(options.baseline, target, options) : null;
  const inputs: GateInputs = { metrics: report ? metricValues(report) : {}, ...(diff ? { deltas: diffGateDeltas(diff) } : {}) };
  const problems = [
    ...(options.problems ?? []),
    ...checkGateMetrics(gates, inputs),
    ...checkGateThresholds(gates),
    ...(report ? checkGateSettings(gates, gateSetupOfReport(report)) : []),
  ];
  if (problems.length > 0) throw new InputError(problems);
  const results = evaluateGates(gates, inputs);
  if (diff) results.push(regressionCheck(diff, options.failOnRegression !== false));
  return { target, report, diff, results };
}
