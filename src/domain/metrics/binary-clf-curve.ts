/**
 * sklearn's `_binary_clf_curve` (METHODS §3.1): the cumulative weighted counts at every distinct
 * score, which every score curve, AP, AUC and operating point is read from.
 */
import { checkBinaryScored, type BinaryLabels } from './check-inputs.js';
import { sortFiniteDoubles } from './sort-finite-doubles.js';

export interface BinaryClfCurve {
  /** Distinct scores, descending. Items of weight 0 are left out (they cannot move a count). */
  thresholds: Float64Array;
  /** Weighted gold positives / negatives with score ≥ thresholds[k]. */
  tps: Float64Array;
  fps: Float64Array;
  /** The same cumulative sums of w², for Kish effective sizes. */
  tpsSq: Float64Array;
  fpsSq: Float64Array;
  /** Totals: Σw over gold positives / negatives, and Σw² of each. */
  positives: number;
  negatives: number;
  positivesSq: number;
  negativesSq: number;
}

/**
 * sklearn's `_binary_clf_curve`: sort by score descending (stable), accumulate weighted TP/FP,
 * and keep the last index of each distinct score — tied items always enter together, so the
 * curve has one point per distinct score. Decisions are s ≥ threshold.
 */
export function binaryClfCurve(
  gold: BinaryLabels,
  scores: ArrayLike<number>,
  weights?: ArrayLike<number>,
): BinaryClfCurve {
  checkBinaryScored(gold, scores, weights, false);
  const n = gold.length;
  // read, never written: a Float64Array is used as it is
  const s = scores instanceof Float64Array ? scores : Float64Array.from(scores);
  const unweighted = weights === undefined ? unweightedCurve(gold, s) : undefined;
  if (unweighted !== undefined) return unweighted;
  const kept = new Uint32Array(n);
  let count = 0;
  for (let i = 0; i < n; i++) if ((weights?.[i] ?? 1) !== 0) kept[count++] = i;
  // descending score, index order among ties: what a stable sort of the kept indices gives
  const order = kept.subarray(0, count).sort((a, b) => (s[b] ?? 0) - (s[a] ?? 0) || a - b);
  const thresholds = new Float64Array(count);
  const tps = new Float64Array(count);
  const fps = new Float64Array(count);
  const tpsSq = new Float64Array(count);
  const fpsSq = new Float64Array(count);
  let m = 0;
  let tp = 0;
  let fp = 0;
  let tpSq = 0;
  let fpSq = 0;
  for (let k = 0; k < count; k++) {
    const i = order[k] ?? 0;
    const w = weights?.[i] ?? 1;
    if (gold[i]) {
      tp += w;
      tpSq += w * w;
    } else {
      fp += w;
      fpSq += w * w;
    }
    const score = s[i] ?? 0;
    if (k + 1 === count || s[order[k + 1] ?? 0] !== score) {
      thresholds[m] = score;
      tps[m] = tp;
      fps[m] = fp;
      tpsSq[m] = tpSq;
      fpsSq[m] = fpSq;
      m += 1;
    }
  }
  return {
    thresholds: thresholds.slice(0, m),
    tps: tps.slice(0, m),
    fps: fps.slice(0, m),
    tpsSq: tpsSq.slice(0, m),
    fpsSq: fpsSq.slice(0, m),
    positives: tp,
    negatives: fp,
    positivesSq: tpSq,
    negativesSq: fpSq,
  };
}

/**
 * The same curve without weights: every weight is 1, so each cumulative sum is an exact integer
 * count and the order of tied items cannot change it. The positives' and negatives' scores are
 * sorted apart (natively) and merged from the top, one point per distinct score. Scores of −0
 * take the general path, where the tie group's last item names the threshold.
 */
function unweightedCurve(gold: BinaryLabels, s: Float64Array): BinaryClfCurve | undefined {
  let positives = 0;
  for (let i = 0; i < s.length; i++) {
    if (Object.is(s[i], -0)) return undefined;
    if (gold[i]) positives += 1;
  }
  const pos = new Float64Array(positives);
  const neg = new Float64Array(s.length - positives);
  let p = 0;
  let q = 0;
  for (let i = 0; i < s.length; i++) {
    if (gold[i]) pos[p++] = s[i] ?? 0;
    else neg[q++] = s[i] ?? 0;
  }
  sortFiniteDoubles(pos);
  sortFiniteDoubles(neg);
  // at most one point per score: filled in place, then cut to the points made
  const total = pos.length + neg.length;
  const thresholds = new Float64Array(total);
  const tps = new Float64Array(total);
  const fps = new Float64Array(total);
  let m = 0;
  let i = pos.length - 1;
  let j = neg.length - 1;
  let tp = 0;
  let fp = 0;
  while (i >= 0 || j >= 0) {
    const t = Math.max(i >= 0 ? (pos[i] ?? 0) : -Infinity, j >= 0 ? (neg[j] ?? 0) : -Infinity);
    while (i >= 0 && pos[i] === t) {
      tp += 1;
      i -= 1;
    }
    while (j >= 0 && neg[j] === t) {
      fp += 1;
      j -= 1;
    }
    thresholds[m] = t;
    tps[m] = tp;
    fps[m] = fp;
    m += 1;
  }
  // views, not copies, of the points made; every weight is 1, so Σw² is the count: the same array
  return {
    thresholds: thresholds.subarray(0, m),
    tps: tps.subarray(0, m),
    fps: fps.subarray(0, m),
    tpsSq: tps.subarray(0, m),
    fpsSq: fps.subarray(0, m),
    positives: tp,
    negatives: fp,
    positivesSq: tp,
    negativesSq: fp,
  };
}
