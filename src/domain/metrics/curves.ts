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
  const all = precisionRecallFromCurveAt(curve, everyPoint);
  if (all.value === null) return all;
  const { precision, recall } = all.value;
  // the last point's threshold (null) is not one: the thresholds are one fewer than the points
  const thresholds = all.value.thresholds.flatMap((t) => (t === null ? [] : [t]));
  return { value: { precision, recall, thresholds } };
}

/** Every index of a curve of `total` points. */
const everyPoint = (total: number): number[] => Array.from({ length: total }, (_, k) => k);

/**
 * Some points of `precisionRecallFromCurve`: `pick(total)` names them by their index in its
 * arrays (ascending), and only those are built — for a view that shows 500 points of a
 * million-point curve. `total` counts the final (1, 0) point, which has no threshold (null).
 */
export function precisionRecallFromCurveAt(
  curve: BinaryClfCurve,
  pick: (total: number) => readonly number[],
): Maybe<{ precision: number[]; recall: number[]; thresholds: (number | null)[]; total: number }> {
  if (!(curve.positives > 0)) return { value: null, reason: NO_POSITIVES };
  const m = curve.thresholds.length;
  const picked = pick(m + 1);
  const precision = new Array<number>(picked.length);
  const recall = new Array<number>(picked.length);
  const thresholds = new Array<number | null>(picked.length);
  picked.forEach((j, at) => {
    if (j === m) {
      precision[at] = 1;
      recall[at] = 0;
      thresholds[at] = null;
      return;
    }
    // increasing thresholds: point j is the curve's (m − 1 − j)-th distinct score
    const k = m - 1 - j;
    const tp = curve.tps[k] ?? 0;
    const predicted = tp + (curve.fps[k] ?? 0);
    precision[at] = predicted > 0 ? tp / predicted : 0;
    recall[at] = tp / curve.positives;
    thresholds[at] = curve.thresholds[k] ?? 0;
  });
  return { value: { precision, recall, thresholds, total: m + 1 } };
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
  const all = rocFromCurveAt(curve, everyPoint, options);
  return all.value === null ? all : { value: { fpr: all.value.fpr, tpr: all.value.tpr, thresholds: all.value.thresholds } };
}

/**
 * Some points of `rocFromCurve`: `pick(total)` names them by their index in its arrays
 * (ascending; 0 is the '+Infinity' point), and only those are built.
 */
export function rocFromCurveAt(
  curve: BinaryClfCurve,
  pick: (total: number) => readonly number[],
  options: RocCurveOptions = {},
): Maybe<RocCurve & { total: number }> {
  if (!(curve.positives > 0 && curve.negatives > 0)) return { value: null, reason: SINGLE_CLASS };
  const { fps, tps } = curve;
  const m = curve.thresholds.length;
  const drop = (options.dropIntermediate ?? true) && m > 2;
  // the curve indices of the kept points
  const kept = new Int32Array(m);
  let count = 0;
  for (let k = 0; k < m; k++) {
    // sklearn keeps a point where the second difference of fps or tps is non-zero (a corner)
    if (drop && k > 0 && k < m - 1) {
      const fpsD2 = (fps[k + 1] ?? 0) - 2 * (fps[k] ?? 0) + (fps[k - 1] ?? 0);
      const tpsD2 = (tps[k + 1] ?? 0) - 2 * (tps[k] ?? 0) + (tps[k - 1] ?? 0);
      if (fpsD2 === 0 && tpsD2 === 0) continue;
    }
    kept[count++] = k;
  }
  const picked = pick(count + 1);
  const fpr = new Array<number>(picked.length);
  const tpr = new Array<number>(picked.length);
  const thresholds = new Array<CurveThreshold>(picked.length);
  picked.forEach((j, at) => {
    if (j === 0) {
      fpr[at] = 0;
      tpr[at] = 0;
      thresholds[at] = '+Infinity';
      return;
    }
    const k = kept[j - 1] ?? 0;
    fpr[at] = (fps[k] ?? 0) / curve.negatives;
    tpr[at] = (tps[k] ?? 0) / curve.positives;
    thresholds[at] = curve.thresholds[k] ?? 0;
  });
  return { value: { fpr, tpr, thresholds, total: count + 1 } };
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
  if (maxFpr === 1) {
    if (!(curve.positives > 0 && curve.negatives > 0)) return undefinedEstimate(SINGLE_CLASS);
    return { value: fullRocArea(curve) };
  }
  const roc = rocFromCurve(curve, { dropIntermediate: false });
  if (roc.value === null) return undefinedEstimate(roc.reason);
  const { fpr, tpr } = roc.value;
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

/**
 * `trapezoid` of the undropped ROC curve — (0, 0), then (fps/negatives, tps/positives) at every
 * threshold — read from the counts without building the curve's arrays: the same points, the
 * same sum in the same order.
 */
function fullRocArea(curve: BinaryClfCurve): number {
  const { fps, tps, negatives, positives } = curve;
  let area = 0;
  let x0 = 0;
  let y0 = 0;
  for (let k = 0; k < fps.length; k++) {
    const x = (fps[k] ?? 0) / negatives;
    const y = (tps[k] ?? 0) / positives;
    area += (x - x0) * ((y + y0) / 2);
    x0 = x;
    y0 = y;
  }
  return area;
}
