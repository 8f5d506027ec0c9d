/**
 * Per-class precision, recall and F-beta over the manifest's label set, with macro, weighted and
 * micro averages (METHODS §1.2; sklearn `precision_recall_fscore_support`).
 *
 * Absent classes: a per-class value whose denominator is 0 (a class never predicted has no
 * precision; a class absent from gold has no recall) is null and is left out of the macro and
 * weighted means, which list the labels they excluded — sklearn ≥ 1.3's `zero_division=np.nan`.
 * Caveat for readers: a class the model never predicts drops out of macro *precision*; its
 * recall (0) and F (0) still count.
 */
import { fbetaValue, precisionScore, recallScore, NO_ITEMS } from './classification.js';
import { oneVsRest, type BinaryConfusion, type ConfusionMatrix } from './confusion.js';
import { ratioEstimate, undefinedEstimate, type Estimate } from './estimate.js';

export interface ClassMetrics {
  label: string;
  /** Gold items of the class (weighted). */
  support: number;
  precision: Estimate;
  recall: Estimate;
  /** F-beta at the report's beta (F1 unless told). */
  fScore: Estimate;
}

/** A mean over classes, with the classes it left out because their value was undefined. */
export interface AverageEstimate extends Estimate {
  excluded: string[];
}

export interface MetricTriple<T> {
  precision: T;
  recall: T;
  fScore: T;
}

export interface PrecisionRecallFscoreSupport {
  beta: number;
  labels: readonly string[];
  perClass: ClassMetrics[];
  /** Unweighted mean of the defined per-class values. */
  macro: MetricTriple<AverageEstimate>;
  /** Support-weighted mean of the defined per-class values. */
  weighted: MetricTriple<AverageEstimate>;
  /** Pooled TP/FP/FN over classes; for single-label data micro P = R = F = accuracy. */
  micro: MetricTriple<Estimate>;
}

export interface FscoreOptions {
  beta?: number;
  confidence?: number;
}

function fEstimate(c: BinaryConfusion, beta: number): Estimate {
  const value = fbetaValue(c, beta);
  return value === null ? undefinedEstimate('class neither in gold nor predicted') : { value };
}

function average(
  perClass: readonly ClassMetrics[],
  pick: (m: ClassMetrics) => Estimate,
  weightOf: (m: ClassMetrics) => number,
): AverageEstimate {
  const excluded: string[] = [];
  let sum = 0;
  let weight = 0;
  for (const m of perClass) {
    const value = pick(m).value;
    if (value === null) {
      excluded.push(m.label);
      continue;
    }
    sum += value * weightOf(m);
    weight += weightOf(m);
  }
  if (!(weight > 0)) return { value: null, reason: 'undefined for every class (or no support)', excluded };
  return { value: sum / weight, excluded };
}

export function precisionRecallFscoreSupport(
  matrix: ConfusionMatrix,
  options: FscoreOptions = {},
): PrecisionRecallFscoreSupport {
  const beta = options.beta ?? 1;
  if (!(beta > 0 && Number.isFinite(beta))) throw new RangeError(`beta must be a positive number, got ${beta}`);
  const confidence = options.confidence ?? 0.95;
  const confusions = matrix.labels.map((_, k) => oneVsRest(matrix, k));
  const perClass: ClassMetrics[] = confusions.map((c, k) => ({
    label: matrix.labels[k] ?? '',
    support: c.tp + c.fn,
    precision: precisionScore(c, confidence),
    recall: recallScore(c, confidence),
    fScore: fEstimate(c, beta),
  }));
  const triple = (weightOf: (m: ClassMetrics) => number): MetricTriple<AverageEstimate> => ({
    precision: average(perClass, (m) => m.precision, weightOf),
    recall: average(perClass, (m) => m.recall, weightOf),
    fScore: average(perClass, (m) => m.fScore, weightOf),
  });

  const pooled = { tp: 0, fp: 0, fn: 0, tpSq: 0, fpSq: 0, fnSq: 0 };
  for (const c of confusions) {
    pooled.tp += c.tp;
    pooled.fp += c.fp;
    pooled.fn += c.fn;
    pooled.tpSq += c.sumSq.tp;
    pooled.fpSq += c.sumSq.fp;
    pooled.fnSq += c.sumSq.fn;
  }
  const microF = fbetaValue({ ...pooled, tn: 0 }, beta);
  const micro: MetricTriple<Estimate> = {
    precision: ratioEstimate(pooled.tp, pooled.tp + pooled.fp, {
      zeroReason: NO_ITEMS,
      denominatorSumSq: pooled.tpSq + pooled.fpSq,
      confidence,
    }),
    recall: ratioEstimate(pooled.tp, pooled.tp + pooled.fn, {
      zeroReason: NO_ITEMS,
      denominatorSumSq: pooled.tpSq + pooled.fnSq,
      confidence,
    }),
    fScore: microF === null ? undefinedEstimate(NO_ITEMS) : { value: microF },
  };
  return {
    beta,
    labels: matrix.labels,
    perClass,
    macro: triple(() => 1),
    weighted: triple((m) => m.support),
    micro,
  };
}
