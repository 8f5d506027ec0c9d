/**
 * Score curves (METHODS §3.1–3.4): the cumulative counts at every distinct score, the
 * precision–recall and ROC curves built from them, average precision and ROC AUC. Conventions
 * are scikit-learn's so that every number can be checked against it; where sklearn's own
 * conventions changed between releases, the newer one is used and said so.
 */
import { binaryClfCurve, type BinaryClfCurve } from './binary-clf-curve.js';
import { undefinedEstimate, type Estimate, type Maybe } from './estimate.js';

export { binaryClfCurve, type BinaryClfCurve } from './binary-clf-curve.js';

/**
 * A threshold on a curve. The ROC curve's first point lies above every score; sklearn ≥ 1.3
 * gives it the threshold +inf (1.2 used max + 1). JSON cannot hold Infinity (JSON.stringify
 * would write null), so it is the explicit string '+Infinity'.
 */
export type CurveThreshold = number | '+Infinity';

export interface PrecisionRecallCurve {
  /** precision[k], recall[k] at thresholds[k]; thresholds increasing (sklearn's order). */
  precision: number[];
  recall: number[];
  thresholds: number[];
}

const NO_POSITIVES = 'no gold positives (or all their weights are 0)';
const SINGLE_CLASS = 'only one gold class: the curve needs both positives and negatives';

/**
 * sklearn's `precision_recall_curve` (≥ 1.2, untruncated): one point per distinct score in
 * increasing threshold order — the first is (prevalence, recall 1) — plus a final
 * (precision 1, recall 0) point without a threshold. That last point is a plotting convention
 * "so the graph starts on the y axis"; it is not a measured precision, never report it.
 * Undefined without gold positives (sklearn sets recall to 1 and warns).
 */
export function precisionRecallCurve(
  gold: ArrayLike<boolean>,
  scores: ArrayLike<number>,
  weights?: ArrayLike<number>,
): Maybe<PrecisionRecallCurve> {
  return precisionRecallFromCurve(binaryClfCurve(gold, scores, weights));
}

/** `precisionRecallCurve` on a curve already built. */
export function precisionRecallFromCurve(curve: BinaryClfCurve): Maybe<PrecisionRecallCurve> {
  if (!(curve.positives > 0)) return { value: null, reason: NO_POSITIVES };
  const m = curve.thresholds.length;
  const precision: number[] = [];
  const recall: number[] = [];
  const thresholds: number[] = [];
  for (let k = m - 1; k >= 0; k--) {
    const tp = curve.tps[k] ?? 0;
    const predicted = tp + (curve.fps[k] ?? 0);
    precision.push(predicted > 0 ? tp / predicted : 0);
    recall.push(tp / curve.positives);
    thresholds.push(curve.thresholds[k] ?? 0);
  }
  precision.push(1);
  recall.push(0);
  return { value: { precision, recall, thresholds } };
}

/**
 * Average precision, step-wise: AP = Σ_k (R_k − R_{k−1})·P_k over distinct thresholds in
 * descending order, R_0 = 0 (sklearn `average_precision_score`). Not the trapezoid under the PR
 * curve, which interpolates linearly in PR space and is optimistic (Davis & Goadrich 2006).
 * Its baseline is the prevalence: do not compare APs across sets with different spam shares.
 */
export function averagePrecisionScore(
  gold: ArrayLike<boolean>,
  scores: ArrayLike<number>,
  weights?: ArrayLike<number>,
): Estimate {
  return averagePrecisionFromCurve(binaryClfCurve(gold, scores, weights));
}

/** `averagePrecisionScore` on a curve already built. */
export function averagePrecisionFromCurve(curve: BinaryClfCurve): Estimate {
  if (!(curve.positives > 0)) return undefinedEstimate(NO_POSITIVES);
  let ap = 0;
  let previousRecall = 0;
  for (let k = 0; k < curve.thresholds.length; k++) {
    const tp = curve.tps[k] ?? 0;
    const recall = tp / curve.positives;
    ap += (recall - previousRecall) * (tp / (tp + (curve.fps[k] ?? 0)));
    previousRecall = recall;
  }
  return { value: ap };
}

export interface RocCurve {
  /** Increasing; fpr[0] = tpr[0] = 0 at the threshold '+Infinity'. */
  fpr: number[];
  tpr: number[];
  /** Decreasing: '+Infinity', then distinct scores. */
  thresholds: CurveThreshold[];
}

export interface RocCurveOptions {
  /**
   * Drop points collinear with their neighbours (sklearn's default `drop_intermediate=True`);
   * they never change the plotted curve or the area. Default true, as in sklearn.
   */
  dropIntermediate?: boolean;
}

/** sklearn's `roc_curve`; undefined unless both classes are present. */
export function rocCurve(
  gold: ArrayLike<boolean>,
  scores: ArrayLike<number>,
  weights?: ArrayLike<number>,
  options: RocCurveOptions = {},
): Maybe<RocCurve> {
  return rocFromCurve(binaryClfCurve(gold, scores, weights), options);
}

/** `rocCurve` on a curve already built. */
export function rocFromCurve(curve: BinaryClfCurve, options: RocCurveOptions = {}): Maybe<RocCurve> {
  if (!(curve.positives > 0 && curve.negatives > 0)) return { value: null, reason: SINGLE_CLASS };
  let keep = Array.from(curve.thresholds, (_, k) => k);
  if ((options.dropIntermediate ?? true) && keep.length > 2) {
    // sklearn keeps a point where the second difference of fps or tps is non-zero (a corner)
    keep = keep.filter((k) => {
      if (k === 0 || k === keep.length - 1) return true;
      const d2 = (a: Float64Array) => (a[k + 1] ?? 0) - 2 * (a[k] ?? 0) + (a[k - 1] ?? 0);
      return d2(curve.fps) !== 0 || d2(curve.tps) !== 0;
    });
  }
  const fpr = [0];
  const tpr = [0];
  const thresholds: CurveThreshold[] = ['+Infinity'];
  for (const k of keep) {
    fpr.push((curve.fps[k] ?? 0) / curve.negatives);
    tpr.push((curve.tps[k] ?? 0) / curve.positives);
    thresholds.push(curve.thresholds[k] ?? 0);
  }
  return { value: { fpr, tpr, thresholds } };
}

export interface RocAucOptions {
  /**
   * Standardized partial AUC over FPR ∈ [0, maxFpr] (McClish 1989, as sklearn's `max_fpr`):
   * 0.5·(1 + (pAUC − maxFpr²/2)/(maxFpr − maxFpr²/2)) — the low-FPR region enforcement lives in.
   */
  maxFpr?: number;
}

/**
 * ROC AUC = P(s⁺ > s⁻) + ½·P(s⁺ = s⁻), every (positive, negative) pair weighted w⁺·w⁻ — computed
 * as the trapezoid under the ROC curve at distinct thresholds (ties give diagonal segments, i.e.
 * count ½), which equals the Mann–Whitney form. Undefined for a single gold class.
 */
export function rocAucScore(
  gold: ArrayLike<boolean>,
  scores: ArrayLike<number>,
  weights?: ArrayLike<number>,
  options: RocAucOptions = {},
): Estimate {
  checkMaxFpr(options.maxFpr ?? 1);
  return rocAucFromCurve(binaryClfCurve(gold, scores, weights), options);
}

function checkMaxFpr(maxFpr: number): void {
  if (!(maxFpr > 0 && maxFpr <= 1)) throw new RangeError(`maxFpr must lie in (0, 1], got ${maxFpr}`);
}

/** `rocAucScore` on a curve already built. */
export function rocAucFromCurve(curve: BinaryClfCurve, options: RocAucOptions = {}): Estimate {
  const maxFpr = options.maxFpr ?? 1;
  checkMaxFpr(maxFpr);
  const roc = rocFromCurve(curve, { dropIntermediate: false });
  if (roc.value === null) return undefinedEstimate(roc.reason);
  const { fpr, tpr } = roc.value;
  if (maxFpr === 1) return { value: trapezoid(fpr, tpr) };
  // sklearn: keep the points with fpr ≤ maxFpr, close the region by linear interpolation
  const stop = fpr.filter((x) => x <= maxFpr).length;
  const x0 = fpr[stop - 1] ?? 0;
  const x1 = fpr[stop] ?? 1;
  const y0 = tpr[stop - 1] ?? 0;
  const y1 = tpr[stop] ?? 1;
  const yAtMax = x1 === x0 ? y0 : y0 + ((y1 - y0) * (maxFpr - x0)) / (x1 - x0);
  const partial = trapezoid([...fpr.slice(0, stop), maxFpr], [...tpr.slice(0, stop), yAtMax]);
  const minArea = 0.5 * maxFpr * maxFpr;
  return { value: 0.5 * (1 + (partial - minArea) / (maxFpr - minArea)) };
}

function trapezoid(x: readonly number[], y: readonly number[]): number {
  let area = 0;
  for (let k = 1; k < x.length; k++) {
    area += ((x[k] ?? 0) - (x[k - 1] ?? 0)) * (((y[k] ?? 0) + (y[k - 1] ?? 0)) / 2);
  }
  return area;
}
