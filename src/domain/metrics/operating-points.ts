/**
 * Operating points (METHODS §3.5): what the candidate would do at each threshold — counts,
 * precision, recall, FPR, the share of the queue it would act on — and the usual ways of
 * picking one. Decisions are s ≥ threshold.
 *
 * A threshold picked on the same golden set it is evaluated on (best F1, minimum cost) is
 * optimistic: the result says so (`inSample: true`) and the report should too.
 */
import { NO_GOLD_NEGATIVES, NO_GOLD_POSITIVES, NO_ITEMS, NO_PREDICTED_POSITIVES, fbetaValue } from './classification.js';
import { binaryClfCurve, type BinaryClfCurve } from './curves.js';
import { ratioEstimate, type Estimate, type Maybe } from './estimate.js';

export interface OperatingPoint {
  threshold: number;
  tp: number;
  fp: number;
  fn: number;
  tn: number;
  precision: Estimate;
  recall: Estimate;
  falsePositiveRate: Estimate;
  /** Share of all items (weighted) with s ≥ threshold: the share of the queue actioned. */
  predictedPositiveRate: Estimate;
}

export interface OperatingPointsOptions {
  /**
   * Thresholds to report, in the order given (e.g. a fixed grid 0.99, 0.98, …). Default: every
   * distinct score, descending (strictest first).
   */
  grid?: readonly number[];
  confidence?: number;
}

function pointAt(curve: BinaryClfCurve, k: number, threshold: number, confidence: number): OperatingPoint {
  // k = −1: the threshold lies above every score, nothing is actioned
  const tp = k < 0 ? 0 : (curve.tps[k] ?? 0);
  const fp = k < 0 ? 0 : (curve.fps[k] ?? 0);
  const tpSq = k < 0 ? 0 : (curve.tpsSq[k] ?? 0);
  const fpSq = k < 0 ? 0 : (curve.fpsSq[k] ?? 0);
  const total = curve.positives + curve.negatives;
  return {
    threshold,
    tp,
    fp,
    fn: curve.positives - tp,
    tn: curve.negatives - fp,
    precision: ratioEstimate(tp, tp + fp, {
      zeroReason: NO_PREDICTED_POSITIVES,
      denominatorSumSq: tpSq + fpSq,
      confidence,
    }),
    recall: ratioEstimate(tp, curve.positives, {
      zeroReason: NO_GOLD_POSITIVES,
      denominatorSumSq: curve.positivesSq,
      confidence,
    }),
    falsePositiveRate: ratioEstimate(fp, curve.negatives, {
      zeroReason: NO_GOLD_NEGATIVES,
      denominatorSumSq: curve.negativesSq,
      confidence,
    }),
    predictedPositiveRate: ratioEstimate(tp + fp, total, {
      zeroReason: NO_ITEMS,
      denominatorSumSq: curve.positivesSq + curve.negativesSq,
      confidence,
    }),
  };
}

/** Index of the smallest distinct score ≥ t in a descending threshold array, or −1. */
function lastAtLeast(thresholds: Float64Array, t: number): number {
  let lo = 0;
  let hi = thresholds.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((thresholds[mid] ?? Number.NEGATIVE_INFINITY) >= t) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}

export function operatingPoints(
  gold: ArrayLike<boolean>,
  scores: ArrayLike<number>,
  weights?: ArrayLike<number>,
  options: OperatingPointsOptions = {},
): OperatingPoint[] {
  return operatingPointsFromCurve(binaryClfCurve(gold, scores, weights), options);
}

/** `operatingPoints` on a curve already built. */
export function operatingPointsFromCurve(curve: BinaryClfCurve, options: OperatingPointsOptions = {}): OperatingPoint[] {
  const confidence = options.confidence ?? 0.95;
  if (options.grid) {
    return options.grid.map((t) => pointAt(curve, lastAtLeast(curve.thresholds, t), t, confidence));
  }
  return Array.from(curve.thresholds, (t, k) => pointAt(curve, k, t, confidence));
}

/**
 * Recall at precision ≥ p0: the largest recall among the points whose precision ≥ p0; among
 * equal recalls the higher threshold (a lower one only adds false positives).
 * Pass the distinct-score points (`operatingPoints` without a grid).
 */
export function recallAtPrecision(points: readonly OperatingPoint[], p0: number): Maybe<OperatingPoint> {
  let best: OperatingPoint | undefined;
  for (const point of strictestFirst(points)) {
    const p = point.precision.value;
    const r = point.recall.value;
    if (p === null || r === null || p < p0) continue;
    if (best === undefined || r > (best.recall.value ?? 0)) best = point;
  }
  if (points.some((point) => point.recall.value === null)) return { value: null, reason: NO_GOLD_POSITIVES };
  return best ? { value: best } : { value: null, reason: `no threshold reaches precision ≥ ${p0}` };
}

/**
 * FPR at recall ≥ r0: the smallest FPR among the points whose recall ≥ r0; among equal FPRs the
 * lower threshold (it only adds true positives).
 */
export function fprAtRecall(points: readonly OperatingPoint[], r0: number): Maybe<OperatingPoint> {
  let best: OperatingPoint | undefined;
  for (const point of strictestFirst(points)) {
    const f = point.falsePositiveRate.value;
    const r = point.recall.value;
    if (f === null || r === null || r < r0) continue;
    if (best === undefined || f <= (best.falsePositiveRate.value ?? 1)) best = point;
  }
  if (points.some((point) => point.recall.value === null)) return { value: null, reason: NO_GOLD_POSITIVES };
  if (points.some((point) => point.falsePositiveRate.value === null)) return { value: null, reason: NO_GOLD_NEGATIVES };
  return best ? { value: best } : { value: null, reason: `no threshold reaches recall ≥ ${r0}` };
}

/**
 * `recallAtPrecision` over every distinct-score point of a curve, without building the points:
 * the same scan on the same values (precision tp ÷ (tp + fp), recall tp ÷ positives), and only
 * the chosen point is built.
 */
export function recallAtPrecisionOnCurve(curve: BinaryClfCurve, p0: number, confidence = 0.95): Maybe<OperatingPoint> {
  const m = curve.thresholds.length;
  if (m > 0 && !(curve.positives > 0)) return { value: null, reason: NO_GOLD_POSITIVES };
  let best = -1;
  let bestRecall = 0;
  for (let k = 0; k < m; k++) {
    const tp = curve.tps[k] ?? 0;
    const predicted = tp + (curve.fps[k] ?? 0);
    if (!(predicted > 0) || tp / predicted < p0) continue;
    const r = tp / curve.positives;
    if (best < 0 || r > bestRecall) {
      best = k;
      bestRecall = r;
    }
  }
  return best >= 0
    ? { value: pointAt(curve, best, curve.thresholds[best] ?? 0, confidence) }
    : { value: null, reason: `no threshold reaches precision ≥ ${p0}` };
}

/** `bestF1Threshold` over every distinct-score point of a curve, building only the chosen point. */
export function bestF1OnCurve(curve: BinaryClfCurve, confidence = 0.95): Maybe<InSampleChoice> {
  const m = curve.thresholds.length;
  if (m > 0 && !(curve.positives > 0)) return { value: null, reason: NO_GOLD_POSITIVES };
  let best = -1;
  let bestValue = 0;
  for (let k = 0; k < m; k++) {
    const tp = curve.tps[k] ?? 0;
    const fp = curve.fps[k] ?? 0;
    const f1 = fbetaValue({ tp, fp, fn: curve.positives - tp, tn: curve.negatives - fp }, 1);
    if (f1 === null) continue;
    if (best < 0 || f1 > bestValue) {
      best = k;
      bestValue = f1;
    }
  }
  if (best < 0) return { value: null, reason: 'no items' };
  const point = pointAt(curve, best, curve.thresholds[best] ?? 0, confidence);
  return { value: { point, value: bestValue, inSample: true, caution: IN_SAMPLE_CAUTION } };
}

export interface InSampleChoice {
  point: OperatingPoint;
  /** The criterion's value at the chosen point. */
  value: number;
  /** Always true: chosen on the set it is measured on, so its quality is overstated. */
  inSample: true;
  caution: string;
}

export const IN_SAMPLE_CAUTION =
  'chosen on the same golden set it is measured on: optimistic; confirm on held-out items before relying on it';

/** The threshold with the highest F1 (ties → the higher threshold), flagged as in-sample. */
export function bestF1Threshold(points: readonly OperatingPoint[]): Maybe<InSampleChoice> {
  // without gold positives F1 is 0 wherever it is defined: no threshold is "best"
  if (points.some((point) => point.recall.value === null)) return { value: null, reason: NO_GOLD_POSITIVES };
  let best: InSampleChoice | undefined;
  for (const point of strictestFirst(points)) {
    const f1 = fbetaValue(point, 1);
    if (f1 === null) continue;
    if (best === undefined || f1 > best.value) best = { point, value: f1, inSample: true, caution: IN_SAMPLE_CAUTION };
  }
  return best ? { value: best } : { value: null, reason: 'no items' };
}

function strictestFirst(points: readonly OperatingPoint[]): OperatingPoint[] {
  return [...points].sort((a, b) => b.threshold - a.threshold);
}
