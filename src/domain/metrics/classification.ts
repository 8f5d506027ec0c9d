/**
 * Threshold metrics from confusion counts (METHODS §1.1). Positive = spam. Every proportion is
 * an `Estimate` with a Wilson 95% interval (at Kish effective counts when weighted); a zero
 * denominator gives `null` and the reason — never sklearn's silent 0 (`zero_division`).
 *
 * Naming follows scikit-learn (`precisionScore` ↔ `precision_score`, …); `*Score` is higher-better,
 * `*Rate` and `falseDiscoveryRate` lower-better.
 */
import type { BinaryConfusion, ConfusionCounts, ConfusionMatrix } from './confusion.js';
import { columnTotals, oneVsRest, rowTotals } from './confusion.js';
import { ratioEstimate, undefinedEstimate, type Estimate } from './estimate.js';

export const NO_PREDICTED_POSITIVES = 'no predicted positives';
export const NO_PREDICTED_NEGATIVES = 'no predicted negatives';
export const NO_GOLD_POSITIVES = 'no gold positives';
export const NO_GOLD_NEGATIVES = 'no gold negatives';
export const NO_ITEMS = 'no items (or all weights 0)';

function ratio(
  c: BinaryConfusion,
  numerator: keyof ConfusionCounts,
  denominator: readonly (keyof ConfusionCounts)[],
  zeroReason: string,
  confidence: number,
): Estimate {
  let den = 0;
  let denSq = 0;
  for (const cell of denominator) {
    den += c[cell];
    denSq += c.sumSq[cell];
  }
  return ratioEstimate(c[numerator], den, { zeroReason, denominatorSumSq: denSq, confidence });
}

/** Precision (PPV) = TP / (TP + FP). */
export function precisionScore(c: BinaryConfusion, confidence = 0.95): Estimate {
  return ratio(c, 'tp', ['tp', 'fp'], NO_PREDICTED_POSITIVES, confidence);
}

/** Recall (TPR, sensitivity) = TP / (TP + FN). */
export function recallScore(c: BinaryConfusion, confidence = 0.95): Estimate {
  return ratio(c, 'tp', ['tp', 'fn'], NO_GOLD_POSITIVES, confidence);
}

/** Specificity (TNR) = TN / (TN + FP). */
export function specificityScore(c: BinaryConfusion, confidence = 0.95): Estimate {
  return ratio(c, 'tn', ['tn', 'fp'], NO_GOLD_NEGATIVES, confidence);
}

/** FPR = FP / (FP + TN): the share of ham that would be actioned. */
export function falsePositiveRate(c: BinaryConfusion, confidence = 0.95): Estimate {
  return ratio(c, 'fp', ['fp', 'tn'], NO_GOLD_NEGATIVES, confidence);
}

/** FNR (miss rate) = FN / (FN + TP). */
export function falseNegativeRate(c: BinaryConfusion, confidence = 0.95): Estimate {
  return ratio(c, 'fn', ['fn', 'tp'], NO_GOLD_POSITIVES, confidence);
}

/** NPV = TN / (TN + FN). */
export function negativePredictiveValue(c: BinaryConfusion, confidence = 0.95): Estimate {
  return ratio(c, 'tn', ['tn', 'fn'], NO_PREDICTED_NEGATIVES, confidence);
}

/** False omission ("false-clear") rate = FN / (FN + TN): spam among what was let through. */
export function falseOmissionRate(c: BinaryConfusion, confidence = 0.95): Estimate {
  return ratio(c, 'fn', ['fn', 'tn'], NO_PREDICTED_NEGATIVES, confidence);
}

/** FDR = FP / (FP + TP) = 1 − precision. */
export function falseDiscoveryRate(c: BinaryConfusion, confidence = 0.95): Estimate {
  return ratio(c, 'fp', ['fp', 'tp'], NO_PREDICTED_POSITIVES, confidence);
}

/**
 * F-beta in count form, (1+β²)TP / ((1+β²)TP + β²FN + FP): defined whenever TP + FP + FN > 0,
 * with no conventional value substituted into P or R (sklearn ≥ 1.3.1 does the same, PR #27577).
 * The plain number (or null) — the fast path for resampling.
 */
export function fbetaValue(c: ConfusionCounts, beta: number): number | null {
  const b2 = beta * beta;
  const den = (1 + b2) * c.tp + b2 * c.fn + c.fp;
  return den > 0 ? ((1 + b2) * c.tp) / den : null;
}

function checkBeta(beta: number): void {
  if (!(beta > 0 && Number.isFinite(beta))) throw new RangeError(`beta must be a positive number, got ${beta}`);
}

/** F-beta: β < 1 weighs precision (F0.5 suits enforcement), β > 1 weighs recall. */
export function fbetaScore(c: BinaryConfusion, beta: number): Estimate {
  checkBeta(beta);
  const value = fbetaValue(c, beta);
  return value === null ? undefinedEstimate('no gold positives and no predicted positives') : { value };
}

export function f1Score(c: BinaryConfusion): Estimate {
  return fbetaScore(c, 1);
}

/**
 * Accuracy = correct / all (multiclass: trace / total). The total is formed as correct +
 * incorrect so that weighted sums can never put the numerator above the denominator.
 */
export function accuracyScore(c: BinaryConfusion | ConfusionMatrix, confidence = 0.95): Estimate {
  let correct = 0;
  let wrong = 0;
  let sumSq = 0;
  if (c.kind === 'binary') {
    correct = c.tp + c.tn;
    wrong = c.fp + c.fn;
    sumSq = c.sumSq.tp + c.sumSq.fp + c.sumSq.fn + c.sumSq.tn;
  } else {
    c.counts.forEach((row, g) =>
      row.forEach((value, p) => {
        if (g === p) correct += value;
        else wrong += value;
        sumSq += c.sumSq[g]?.[p] ?? 0;
      }),
    );
  }
  return ratioEstimate(correct, correct + wrong, { zeroReason: NO_ITEMS, denominatorSumSq: sumSq, confidence });
}

export interface BalancedAccuracyOptions {
  /** sklearn's `adjusted=True`: rescale so that chance scores 0, (BA − 1/K)/(1 − 1/K). */
  adjusted?: boolean;
}

/**
 * Balanced accuracy = mean per-class recall, (TPR + TNR)/2 for binary. Undefined (null) when any
 * class of the label set is absent from gold: the mean would silently drop that class, which
 * for a binary task means reporting one class's recall under the name "balanced".
 */
export function balancedAccuracyScore(
  c: BinaryConfusion | ConfusionMatrix,
  options: BalancedAccuracyOptions = {},
): Estimate {
  const recalls: number[] = [];
  const absent: string[] = [];
  if (c.kind === 'binary') {
    if (c.tp + c.fn > 0) recalls.push(c.tp / (c.tp + c.fn));
    else absent.push('positive');
    if (c.tn + c.fp > 0) recalls.push(c.tn / (c.tn + c.fp));
    else absent.push('negative');
  } else {
    const support = rowTotals(c);
    c.labels.forEach((label, k) => {
      const s = support[k] ?? 0;
      if (s > 0) recalls.push((c.counts[k]?.[k] ?? 0) / s);
      else absent.push(label);
    });
  }
  if (absent.length > 0) return undefinedEstimate(`no gold items of class ${absent.join(', ')}`);
  const k = recalls.length;
  const mean = recalls.reduce((a, b) => a + b, 0) / k;
  return { value: options.adjusted ? (mean - 1 / k) / (1 - 1 / k) : mean };
}

/**
 * Matthews correlation coefficient. Binary: (TP·TN − FP·FN)/√((TP+FP)(TP+FN)(TN+FP)(TN+FN));
 * multiclass: Gorodkin's (2004) R_K = (c·s − Σ p_k t_k)/√((s² − Σ p_k²)(s² − Σ t_k²)) with c the
 * correct total, s the grand total, p_k / t_k the predicted / gold totals of class k. Null when
 * the denominator is 0 (sklearn returns 0 there).
 */
export function matthewsCorrcoef(c: BinaryConfusion | ConfusionMatrix): Estimate {
  if (c.kind === 'binary') {
    const margins = [c.tp + c.fp, c.tp + c.fn, c.tn + c.fp, c.tn + c.fn];
    if (margins.some((m) => m === 0)) {
      return undefinedEstimate('a margin of the confusion matrix is 0 (a single gold or predicted class)');
    }
    const den = Math.sqrt(margins.reduce((a, b) => a * b, 1));
    return { value: (c.tp * c.tn - c.fp * c.fn) / den };
  }
  const predicted = columnTotals(c);
  const gold = rowTotals(c);
  const s = c.total;
  let correct = 0;
  c.counts.forEach((row, k) => (correct += row[k] ?? 0));
  const dot = predicted.reduce((a, p, k) => a + p * (gold[k] ?? 0), 0);
  const pp = predicted.reduce((a, p) => a + p * p, 0);
  const tt = gold.reduce((a, t) => a + t * t, 0);
  const den = Math.sqrt((s * s - pp) * (s * s - tt));
  if (!(den > 0)) return undefinedEstimate('all gold labels or all predictions fall in one class');
  return { value: (correct * s - dot) / den };
}

/** Per-class view of a multiclass matrix: each class against the rest. */
export function perClassConfusions(matrix: ConfusionMatrix): BinaryConfusion[] {
  return matrix.labels.map((_, k) => oneVsRest(matrix, k));
}
