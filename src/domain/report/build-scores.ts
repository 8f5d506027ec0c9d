import { calibrationReport } from '../metrics/calibration.js';
import { cellCode } from '../metrics/confusion.js';
import { costAtCounts, costMinimisingFromCurve } from '../metrics/cost.js';
import {
  averagePrecisionFromCurve,
  binaryClfCurve,
  precisionRecallFromCurveAt,
  rocAucFromCurve,
  rocFromCurveAt,
  type BinaryClfCurve,
} from '../metrics/curves.js';
import { bestF1OnCurve, operatingPointsFromCurve, recallAtPrecisionOnCurve } from '../metrics/operating-points.js';
import { addCell } from './build-classification.js';
import { ROW_OK, type ReportFrame } from './report-frame.js';
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

/** The indices of the points a curve of `total` points keeps: all, or MAX_CURVE_POINTS spread evenly with both ends. */
function thinned(total: number): number[] {
  return total <= MAX_CURVE_POINTS
    ? Array.from({ length: total }, (_, k) => k)
    : [...new Set(Array.from({ length: MAX_CURVE_POINTS }, (_, j) => Math.round((j * (total - 1)) / (MAX_CURVE_POINTS - 1))))];
}

/** Gold and score of the scored answers, and their one sorted curve that every score section reads. */
export interface ScoredColumns {
  answered: number;
  /** 1 for a gold positive, per scored answer in row order. */
  gold: Uint8Array;
  scores: Float64Array;
  curve: BinaryClfCurve;
}

export function scoredColumns(frame: ReportFrame): ScoredColumns {
  const { rows, status, score, goldPositive } = frame;
  // filled up to the scored answers, then cut: one pass
  const gold = new Uint8Array(rows);
  const scores = new Float64Array(rows);
  let answered = 0;
  let scored = 0;
  for (let i = 0; i < rows; i++) {
    if (status[i] !== ROW_OK) continue;
    answered += 1;
    const s = score[i] ?? Number.NaN;
    if (Number.isNaN(s)) continue;
    gold[scored] = goldPositive[i] ?? 0;
    scores[scored] = s;
    scored += 1;
  }
  const scoredGold = gold.subarray(0, scored);
  const scoredScores = scores.subarray(0, scored);
  return { answered, gold: scoredGold, scores: scoredScores, curve: binaryClfCurve(scoredGold, scoredScores) };
}

export function buildScores(columns: ScoredColumns, settings: ReportSettings): Report['scores'] {
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
  // only the points the report keeps are built: a curve has a point per distinct score
  const pr = precisionRecallFromCurveAt(curve, thinned);
  const roc = rocFromCurveAt(curve, thinned);
  const calibration = calibrationReport(gold, scores, undefined, { confidence });
  const targets = [...new Set([...RECALL_AT_PRECISION_TARGETS, settings.triage.precision_target])].sort((a, b) => a - b);
  const best = bestF1OnCurve(curve, confidence);
  let positives = 0;
  for (let k = 0; k < gold.length; k++) positives += gold[k] ?? 0;
  return {
    available: true,
    scored: scored.length,
    unscored,
    prevalence: positives / scored.length,
    average_precision: reportEstimate(averagePrecisionFromCurve(curve)),
    roc_auc: reportEstimate(rocAucFromCurve(curve)),
    pr_curve:
      pr.value === null
        ? null
        : { x: 'recall', y: 'precision', xs: pr.value.recall, ys: pr.value.precision, thresholds: pr.value.thresholds, points_total: pr.value.total },
    roc_curve:
      roc.value === null
        ? null
        : {
            x: 'fpr',
            y: 'tpr',
            xs: roc.value.fpr,
            ys: roc.value.tpr,
            thresholds: roc.value.thresholds.map((t) => (t === '+Infinity' ? null : t)),
            points_total: roc.value.total,
          },
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
export function buildCost(frame: ReportFrame, settings: ReportSettings, columns: ScoredColumns): Report['cost'] {
  const lambda = settings.fp_cost.value;
  const { rows, status, goldPositive, predictedPositive } = frame;
  const counts = { tp: 0, fp: 0, fn: 0, tn: 0 };
  for (let i = 0; i < rows; i++) {
    if (status[i] === ROW_OK) addCell(counts, cellCode(goldPositive[i] === 1, predictedPositive[i] === 1));
  }
  const view = costAtCounts(counts, lambda);
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
