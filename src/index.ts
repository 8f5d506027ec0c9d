/**
 * spameval as a library: everything the CLI does, minus printing. The domain functions are pure
 * (a report is a function of a golden set and a run); the loaders and `runSuite` do the I/O.
 */

// golden sets
export { ItemSchema, ManifestSchema, type Item, type Manifest } from './domain/golden/schema.js';
export { loadGoldenSet, resolveGoldenRef, scanGoldenSet, type GoldenSet } from './adapters/stores/golden-store.js';
export { writeGoldenVersion } from './adapters/stores/golden-writer.js';
export { goldenStats, GoldenStatsAccumulator } from './domain/golden/golden-stats.js';
export { findDuplicates } from './domain/golden/dedupe.js';
export { diffGoldenSets } from './domain/golden/diff-golden.js';
export { adjudicateItems } from './domain/golden/adjudicate.js';
export { planSample, weightSample } from './domain/golden/sample.js';
export { findSuspects } from './domain/golden/suspects.js';

// suites and candidates
export { SuiteSchema, type Suite } from './config/suite-schema.js';
export { CandidateConfigSchema, type CandidateConfig } from './config/candidate-schemas.js';
export { loadSuite, type LoadedSuite } from './config/load-suite.js';
export { CandidateCallError, type Candidate, type CandidateAnswer, type TaskContext } from './domain/run/candidate.js';
export { createCandidate } from './adapters/candidates/create-candidate.js';

// runs
export { PredictionRecordSchema, type Prediction, type PredictionRecord, type ErrorKind } from './domain/run/prediction.js';
export { RunMetaSchema, type RunMeta } from './domain/run/run-meta.js';
export { loadRun, type LoadedRun } from './adapters/stores/run-store.js';
export { runSuite, resumeRun, type RunSuiteOptions, type SuiteRunResult } from './app/run-suite.js';
export { mergeRuns } from './app/merge-runs.js';
export { runCandidate, type RunCandidateOptions } from './engine/run-candidate.js';

// reports
export { buildReport, buildReportFromFrame, type BuildReportOptions } from './domain/report/build-report.js';
export { frameFromObjects } from './domain/report/frame-from-objects.js';
export type { ReportFrame } from './domain/report/report-frame.js';
export { loadReportFrame } from './app/load-report-frame.js';
export { ReportSchema, REPORT_SCHEMA_VERSION, type Report } from './domain/report/report-schema.js';
export { REPORT_METRIC_NAMES, lookupMetric } from './domain/report/report-metrics.js';
export { renderJson } from './adapters/renderers/render-json.js';
export { renderMarkdown } from './adapters/renderers/render-markdown.js';
export { renderTable } from './adapters/renderers/render-table.js';
export { renderJunit } from './adapters/renderers/render-junit.js';
export { renderHtml } from './adapters/renderers/html/render-html.js';

// diffs and gates
export { buildDiff } from './domain/diff/build-diff.js';
export { DiffSchema, type Diff } from './domain/diff/diff-schema.js';
export { parseGate, parseGates, type Gate } from './domain/gates/parse-gate.js';
export { evaluateGates, type GateResult } from './domain/gates/evaluate-gates.js';

// errors
export { InputError, RunIncompleteError, type Problem } from './domain/problems.js';

// the statistics, for use on their own
export * as metrics from './domain/metrics/index.js';
