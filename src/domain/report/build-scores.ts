import { calibrationReport } from '../metrics/calibration.js';
import { costAtDecisions, costMinimisingFromCurve } from '../metrics/cost.js';
import {
  averagePrecisionFromCurve,
  binaryClfCurve,
  precisionRecallFromCurve,
  rocAucFromCurve,
  rocFromCurve,
  type BinaryClfCurve,
} from '../metrics/curves.js';
import { bestF1OnCurve, operatingPointsFromCurve, recallAtPrecisionOnCurve } from '../metrics/operating-points.js';
import { answeredItems, type JoinedItem } from './join-run.js';
import { reportEstimate } from './report-estimate.js';
import type { Report, ReportSettings } from './report-schema.js';

/** Fixed thresholds of the operating-point table, strictest first. */
export const OPERATING_GRID: readonly number[] = [0.99, ...Array.from({ length: 19 }, (_, k) => (95 - 5 * k) / 100)];
/** Precision targets of "recall at precision ≥ p"; the triage target is added when it differs. */
export const RECALL_AT_PRECISION_TARGETS: readonly number[] = [0.9, 0.95, 0.99];
/** A curve longer than this is thinned (evenly, keeping both ends) so the JSON stays small. */
export const MAX_CURVE_POINTS = 500;

export const NO_SCORES_REASON =
  'the candidate gives labels only (no scores): no curves, calibration or threshold choice; triage uses its decisions as the single operating point';

type Curve = NonNullable<Report['scores']['pr_curve']>;

function thin(
  x: Curve['x'],
  y: Curve['y'],
  xs: readonly number[],
  ys: readonly number[],
  thresholds: readonly (number | null)[],
): Curve {
  const total = xs.length;
  const keep =
    total <= MAX_CURVE_POINTS
      ? xs.map((_, k) => k)
      : [...new Set(Array.from({ length: MAX_CURVE_POINTS }, (_, j) => Math.round((j * (total - 1)) / (MAX_CURVE_POINTS - 1))))];
  return {
    x,
    y,
    xs: keep.map((k) => xs[k] ?? 0),
    ys: keep.map((k) => ys[k] ?? 0),
    thresholds: keep.map((k) => thresholds[k] ?? null),
    points_total: total,
  };
}

/** Gold and score of the scored answers, and their one sorted curve that every score section reads. */
export interface ScoredColumns {
  answered: number;
  gold: boolean[];
  scores: Float64Array;
  curve: BinaryClfCurve;
}

export function scoredColumns(items: readonly JoinedItem[]): ScoredColumns {
  const gold: boolean[] = [];
  const buffer = new Float64Array(items.length);
  let answered = 0;
  for (const { outcome, goldPositive } of items) {
    if (outcome.status !== 'ok') continue;
    answered += 1;
    if (outcome.score === null) continue;
    buffer[gold.length] = outcome.score;
    gold.push(goldPositive);
  }
  const scores = buffer.slice(0, gold.length);
  return { answered, gold, scores, curve: binaryClfCurve(gold, scores) };
}

export function buildScores(
  items: readonly JoinedItem[],
  settings: ReportSettings,
  columns: ScoredColumns = scoredColumns(items),
): Report['scores'] {
  const { gold, scores, curve } = columns;
  const scored = gold;
  const confidence = settings.confidence;
  const unscored = columns.answered - scored.length;
  if (scored.length === 0) {
    const reason = columns.answered === 0 ? 'no answered items' : NO_SCORES_REASON;
    return {
      available: false,
      reason,
      scored: 0,
      unscored,
      prevalence: null,
      average_precision: { value: null, reason },
      roc_auc: { value: null, reason },
      pr_curve: null,
      roc_curve: null,
      calibration: null,
      operating_points: [],
      selections: { recall_at_precision: [], best_f1: null },
    };
  }
  const pr = precisionRecallFromCurve(curve);
  const roc = rocFromCurve(curve);
  const calibration = calibrationReport(gold, scores, undefined, { confidence });
  const targets = [...new Set([...RECALL_AT_PRECISION_TARGETS, settings.triage.precision_target])].sort((a, b) => a - b);
  const best = bestF1OnCurve(curve, confidence);
  let positives = 0;
  for (const g of gold) if (g) positives += 1;
  return {
    available: true,
    scored: scored.length,
    unscored,
    prevalence: positives / scored.length,
    average_precision: reportEstimate(averagePrecisionFromCurve(curve)),
    roc_auc: reportEstimate(rocAucFromCurve(curve)),
    pr_curve: pr.value === null ? null : thin('recall', 'precision', pr.value.recall, pr.value.precision, pr.value.thresholds),
    roc_curve:
      roc.value === null
        ? null
        : thin(
            'fpr',
            'tpr',
            roc.value.fpr,
            roc.value.tpr,
            roc.value.thresholds.map((t) => (t === '+Infinity' ? null : t)),
          ),
    calibration: {
      bins: calibration.bins.map((bin) => ({
        low: bin.low,
        high: bin.high,
        count: bin.count,
        mean_score: bin.meanScore,
        positive_share: reportEstimate(bin.positiveShare),
      })),
      ece: reportEstimate(calibration.expectedCalibrationError),
      mce: reportEstimate(calibration.maximumCalibrationError),
      brier: reportEstimate(calibration.brierScoreLoss),
      log_loss: reportEstimate(calibration.logLoss),
    },
    operating_points: operatingPointsFromCurve(curve, { grid: OPERATING_GRID, confidence }).map((point) => ({
      threshold: point.threshold,
      tp: point.tp,
      fp: point.fp,
      fn: point.fn,
      tn: point.tn,
      precision: reportEstimate(point.precision),
      recall: reportEstimate(point.recall),
      fpr: reportEstimate(point.falsePositiveRate),
      predicted_positive_rate: point.predictedPositiveRate.value,
    })),
    selections: {
      recall_at_precision: targets.map((target) => {
        const found = recallAtPrecisionOnCurve(curve, target, confidence).value;
        return {
          target,
          threshold: found?.threshold ?? null,
          precision: found?.precision.value ?? null,
          recall: found?.recall.value ?? null,
        };
      }),
      best_f1: best.value === null ? null : { threshold: best.value.point.threshold, f1: best.value.value },
    },
  };
}

/** λ-weighted cost of the candidate's decisions, and the cost-minimising score threshold. */
export function buildCost(
  items: readonly JoinedItem[],
  settings: ReportSettings,
  columns: ScoredColumns = scoredColumns(items),
): Report['cost'] {
  const answered = answeredItems(items);
  const lambda = settings.fp_cost.value;
  const view = costAtDecisions(
    answered.map((entry) => entry.goldPositive),
    answered.map((entry) => entry.outcome.predictedPositive),
    { lambda },
  );
  const best = columns.gold.length === 0 ? null : costMinimisingFromCurve(columns.curve, lambda).value;
  return {
    lambda,
    lambda_source: settings.fp_cost.source,
    fp: view.falsePositives,
    fn: view.falseNegatives,
    positives: view.spam,
    negatives: view.ham,
    cost: view.cost,
    weighted_error: reportEstimate(view.weightedError),
    weighted_accuracy: reportEstimate(view.weightedAccuracy),
    baseline_weighted_error: reportEstimate(view.baselineWeightedError),
    tcr: reportEstimate(view.totalCostRatio),
    min_cost: best === null ? null : { threshold: best.threshold === '+Infinity' ? null : best.threshold, cost: best.cost },
  };
}
