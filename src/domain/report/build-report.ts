import { buildClassification, type MetricsContext } from './build-classification.js';
import { buildCoverage, buildWorstErrors } from './build-coverage.js';
import { buildGrayArea, DEFAULT_DISAGREEMENT_CONFIDENCE } from './build-gray-area.js';
import { buildProduction, productionMethod } from './build-production.js';
import { buildCost, buildScores, NO_SCORES_REASON, scoredColumns } from './build-scores.js';
import { buildTriage } from './build-triage.js';
import { frameFromObjects } from './frame-from-objects.js';
import type { ReportGolden, ReportRun } from './join-run.js';
import type { ReportFrame } from './report-frame.js';
import { flattenMetrics, type ReportBody } from './report-metrics.js';
import { REPORT_SCHEMA_VERSION, type Report } from './report-schema.js';
import { resolveReportSettings, type ReportOverrides } from './report-settings.js';

export interface BuildReportOptions {
  /** Report flags that override run.json's settings. */
  overrides?: ReportOverrides;
  /** Version of the spameval that builds the report. */
  toolVersion: string;
  /** ISO time the report was built; omit (null) for a byte-reproducible report. */
  generatedAt?: string | null;
  /** Longest item lists kept in the report (errors, worst errors, confident disagreements). */
  listLimit?: number;
  worstErrorsLimit?: number;
  /** Confidence in the predicted label above which a disagreement with gold is listed. */
  disagreementConfidence?: number;
}

export const DEFAULT_LIST_LIMIT = 50;
export const DEFAULT_WORST_ERRORS = 10;

/**
 * The report of one run: pure, computed from the golden set and the run's records only (never
 * from anything the candidate claims about itself). Errors and missing items are never
 * negatives: metrics are on answered items, with a worst-case view beside them.
 */
export function buildReport(golden: ReportGolden, run: ReportRun, options: BuildReportOptions): Report {
  return buildReportFromFrame(frameFromObjects(golden, run), options);
}

/** `buildReport` of a run already joined with its golden set, column by column. */
export function buildReportFromFrame(frame: ReportFrame, options: BuildReportOptions): Report {
  const settings = resolveReportSettings(frame.meta.settings, options.overrides);
  const listLimit = options.listLimit ?? DEFAULT_LIST_LIMIT;
  const ctx: MetricsContext = {
    confidence: settings.confidence,
    bootstrap: { replicates: settings.bootstrap.replicates, seed: settings.bootstrap.seed, confidence: settings.confidence },
  };
  const production = productionMethod(frame, settings);
  const columns = scoredColumns(frame);
  const { meta, manifest } = frame;
  const body: ReportBody = {
    schema_version: REPORT_SCHEMA_VERSION,
    tool: { name: 'spameval', version: options.toolVersion },
    generated_at: options.generatedAt ?? null,
    run: {
      run_id: meta.run_id,
      status: meta.status,
      candidate: { id: meta.candidate.id, type: meta.candidate.type, fingerprint: meta.candidate.fingerprint },
      started_at: meta.started_at,
      finished_at: meta.finished_at,
      elapsed_seconds: meta.elapsed_seconds,
      shard: meta.shard,
      usage: { ...meta.usage },
    },
    golden_set: {
      name: manifest.name,
      version: manifest.version,
      sha256: manifest.sha256,
      labels: [...manifest.labels],
      positive: manifest.positive,
      categories: Object.keys(manifest.categories ?? {}),
      policy_version: manifest.policy_version ?? null,
      count: frame.goldenCount,
      weighted: production.kind === 'weights',
    },
    settings,
    coverage: buildCoverage(frame, settings.confidence, listLimit),
    classification: buildClassification(frame, ctx),
    scores: buildScores(columns, settings),
    cost: buildCost(frame, settings, columns),
    production: buildProduction(production, frame, settings),
    gray_area: buildGrayArea(frame, {
      ...ctx,
      minConfidence: options.disagreementConfidence ?? DEFAULT_DISAGREEMENT_CONFIDENCE,
      listLimit,
    }),
    triage: buildTriage(frame, settings, production),
    worst_errors: buildWorstErrors(frame, options.worstErrorsLimit ?? DEFAULT_WORST_ERRORS),
    notes: [],
  };
  body.notes = notesFor(body);
  return { ...body, ...flattenMetrics(body) };
}

/** Plain-language caveats a reader must see before trusting the numbers. */
function notesFor(body: ReportBody): string[] {
  const notes: string[] = [];
  const { coverage, classification, scores, run } = body;
  if (run.status !== 'complete') {
    notes.push(`the run is ${run.status}: ${coverage.missing} of ${coverage.items} items have no record yet; resume it for a full report`);
  }
  if (coverage.errors > 0) {
    notes.push(
      `${coverage.errors} items ended in an error: they are left out of the metrics on answered items (never counted as negatives) and counted as wrong in errors_as_wrong`,
    );
  }
  if (coverage.unknown_records > 0) {
    notes.push(`${coverage.unknown_records} records name items that are not in the golden set's scope: ignored`);
  }
  if (classification.predicted_outside_labels > 0) {
    notes.push(
      `${classification.predicted_outside_labels} answers use a label outside the manifest's labels: counted as not '${classification.positive}', left out of the per-label metrics`,
    );
  }
  if (!scores.available && scores.reason === NO_SCORES_REASON) notes.push(NO_SCORES_REASON);
  if (scores.available && scores.unscored > 0) {
    notes.push(`${scores.unscored} answered items have no score: the score sections use the ${scores.scored} that do`);
  }
  return notes;
}
