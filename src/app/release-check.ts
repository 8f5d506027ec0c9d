/**
 * The release check behind `spameval diff`, `spameval gate` and `spameval run --gate/--baseline`:
 * a run's report, its diff against a baseline, and the gates evaluated on both. The caller
 * loads the runs; every computation is the pure domain's (buildReport, buildDiff, evaluateGates).
 */
import { join } from 'node:path';
import { toolVersion } from '../adapters/package-root.js';
import type { GoldenSet } from '../adapters/stores/golden-store.js';
import type { LoadedRun } from '../adapters/stores/run-store.js';
import { buildDiff } from '../domain/diff/build-diff.js';
import type { Diff } from '../domain/diff/diff-schema.js';
import { checkGateMetrics, evaluateGates, type GateDeltaValue, type GateInputs, type GateResult } from '../domain/gates/evaluate-gates.js';
import { isDeltaGate, parseGates, type Gate, type GateSpec } from '../domain/gates/parse-gate.js';
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

/** A diff's deltas in the shape delta gates read: `<metric>_delta` with its interval. */
export function diffGateDeltas(diff: Diff): Record<string, GateDeltaValue> {
  return Object.fromEntries(
    diff.deltas.map((entry) => {
      const value: GateDeltaValue = {
        value: entry.delta.value,
        low: entry.delta.ci?.low ?? null,
        high: entry.delta.ci?.high ?? null,
        confidence: entry.delta.ci?.confidence ?? diff.settings.confidence,
      };
      if (entry.delta.reason !== undefined) value.reason = entry.delta.reason;
      return [`${entry.metric}_delta`, value];
    }),
  );
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
 * Report, diff (with a baseline) and gates for one run. An unknown metric or a delta gate
 * without a baseline is an InputError (exit 2) naming the gate; nothing is evaluated then.
 */
export function checkRun(
  target: RunWithGolden,
  gates: readonly Gate[],
  options: CheckOptions & { baseline?: RunWithGolden; needReport?: boolean; report?: Report | undefined },
): CheckedRun {
  const needReport = options.needReport === true || gates.some((gate) => !isDeltaGate(gate));
  // a report already built for the same run (the summary `run` printed) is not built again
  const report = needReport ? (options.report ?? reportRun(target, options)) : null;
  const diff = options.baseline ? diffRuns(options.baseline, target, options) : null;
  const inputs: GateInputs = { metrics: report ? metricValues(report) : {}, ...(diff ? { deltas: diffGateDeltas(diff) } : {}) };
  const problems = checkGateMetrics(gates, inputs);
  if (problems.length > 0) throw new InputError(problems);
  return { target, report, diff, results: evaluateGates(gates, inputs) };
}
