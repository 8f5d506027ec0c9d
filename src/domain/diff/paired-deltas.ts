import type { BootstrapOptions } from '../metrics/bootstrap.js';
import { accuracyScore, f1Score, falsePositiveRate, precisionScore, recallScore } from '../metrics/classification.js';
import { binaryConfusion, confusionContributions, resampledCounts, type BinaryConfusion, type ConfusionCounts } from '../metrics/confusion.js';
import { averagePrecisionScore, rocAucScore } from '../metrics/curves.js';
import { ratioEstimate, type Estimate } from '../metrics/estimate.js';
import { pairedBootstrap, type ResampledMetric } from '../metrics/paired-bootstrap.js';
import type { MetricDelta } from './diff-schema.js';
import { reportEstimate } from '../report/report-estimate.js';

/**
 * Metric deltas B − A on paired items with paired-bootstrap intervals (METHODS §2.3, §7.2). The
 * metrics themselves are the classification module's; this file only lays the two candidates'
 * decisions side by side and resamples them with one index vector per replicate.
 */

export interface DeltaOptions extends Pick<BootstrapOptions, 'replicates' | 'seed' | 'confidence'> {}

type ConfusionMetric = (c: BinaryConfusion, confidence?: number) => Estimate;

export interface ConfusionDeltaMetric {
  /** The report's metric name. */
  name: string;
  estimate: ConfusionMetric;
  higherIsBetter: boolean;
}

export const PRECISION: ConfusionDeltaMetric = { name: 'precision', estimate: precisionScore, higherIsBetter: true };
export const RECALL: ConfusionDeltaMetric = { name: 'recall', estimate: recallScore, higherIsBetter: true };
export const F1: ConfusionDeltaMetric = { name: 'f1', estimate: (c) => f1Score(c), higherIsBetter: true };
export const FPR: ConfusionDeltaMetric = { name: 'fpr', estimate: falsePositiveRate, higherIsBetter: false };
export const ACCURACY: ConfusionDeltaMetric = { name: 'accuracy', estimate: accuracyScore, higherIsBetter: true };

/** The threshold metrics a diff compares, in display order. */
export const BINARY_DELTA_METRICS: readonly ConfusionDeltaMetric[] = [PRECISION, RECALL, F1, FPR, ACCURACY];

/** Unweighted counts as a confusion (Σw² = counts), for metrics evaluated on a resample. */
function asConfusion(counts: ConfusionCounts): BinaryConfusion {
  return { kind: 'binary', ...counts, sumSq: { ...counts }, items: counts.tp + counts.fp + counts.fn + counts.tn };
}

function delta(
  name: string,
  higherIsBetter: boolean,
  n: number,
  full: { a: Estimate; b: Estimate },
  resampled: { a: ResampledMetric; b: ResampledMetric },
  options: DeltaOptions,
): MetricDelta {
  const boot = pairedBootstrap(n, resampled.a, resampled.b, options);
  const estimate: Estimate =
    full.a.value === null || full.b.value === null
      ? { value: null, reason: `undefined for ${full.a.value === null ? 'A' : 'B'}: ${full.a.reason ?? full.b.reason ?? 'no value'}` }
      : boot.delta;
  if (estimate.value !== null && boot.interval === null) {
    estimate.reason = `no interval: the metric was undefined in all ${boot.replicates} resamples`;
  }
  return {
    metric: name,
    n,
    a: reportEstimate(full.a),
    b: reportEstimate(full.b),
    delta: reportEstimate(estimate),
    higher_is_better: higherIsBetter,
  };
}

/**
 * Δ of one confusion-count metric between two sets of decisions on the same items. `prefix`
 * names a subset (`category.phishing.`), so the delta is reported as `<prefix><metric>`.
 */
export function confusionDelta(
  metric: ConfusionDeltaMetric,
  gold: readonly boolean[],
  a: readonly boolean[],
  b: readonly boolean[],
  options: DeltaOptions,
  prefix = '',
): MetricDelta {
  const confidence = options.confidence ?? 0.95;
  const contributionsA = confusionContributions(gold, a);
  const contributionsB = confusionContributions(gold, b);
  const value = (contributions: typeof contributionsA): ResampledMetric => (indices) =>
    metric.estimate(asConfusion(resampledCounts(contributions, indices)), confidence).value;
  return delta(
    `${prefix}${metric.name}`,
    metric.higherIsBetter,
    gold.length,
    { a: metric.estimate(binaryConfusion(gold, a), confidence), b: metric.estimate(binaryConfusion(gold, b), confidence) },
    { a: value(contributionsA), b: value(contributionsB) },
    options,
  );
}

/** Δ precision, recall, F1, FPR and accuracy between A's and B's enforce decisions. */
export function binaryDeltas(gold: readonly boolean[], a: readonly boolean[], b: readonly boolean[], options: DeltaOptions): MetricDelta[] {
  return BINARY_DELTA_METRICS.map((metric) => confusionDelta(metric, gold, a, b, options));
}

type ScoreMetric = (gold: ArrayLike<boolean>, scores: ArrayLike<number>, weights?: ArrayLike<number>) => Estimate;

/**
 * Δ average precision and ROC AUC between A's and B's scores. A resample is passed to the curve
 * functions as multiplicity weights (item i drawn k times has weight k): tied copies enter a
 * curve together either way, so this equals the metric on the resampled list.
 */
export function scoreDeltas(gold: readonly boolean[], a: readonly number[], b: readonly number[], options: DeltaOptions): MetricDelta[] {
  const n = gold.length;
  const multiplicity = new Float64Array(n);
  const resample = (metric: ScoreMetric, scores: readonly number[]): ResampledMetric => (indices) => {
    multiplicity.fill(0);
    for (const i of indices) multiplicity[i] = (multiplicity[i] ?? 0) + 1;
    return metric(gold, scores, multiplicity).value;
  };
  const metrics: [string, ScoreMetric][] = [
    ['average_precision', averagePrecisionScore],
    ['roc_auc', (g, s, w) => rocAucScore(g, s, w)],
  ];
  return metrics.map(([name, metric]) =>
    delta(name, true, n, { a: metric(gold, a), b: metric(gold, b) }, { a: resample(metric, a), b: resample(metric, b) }, options),
  );
}

/**
 * Δ of a per-item rate (e.g. the error rate): the share of items flagged in A and in B, on the
 * same items, with Wilson intervals for each side and a paired-bootstrap interval for Δ.
 */
export function rateDelta(
  name: string,
  higherIsBetter: boolean,
  a: readonly boolean[],
  b: readonly boolean[],
  options: DeltaOptions,
  zeroReason = 'no items',
): MetricDelta {
  const n = a.length;
  const confidence = options.confidence ?? 0.95;
  const count = (flags: readonly boolean[]): number => flags.filter(Boolean).length;
  const share = (flags: readonly boolean[]): ResampledMetric => (indices) => {
    let hits = 0;
    for (const i of indices) if (flags[i]) hits += 1;
    return indices.length === 0 ? null : hits / indices.length;
  };
  return delta(
    name,
    higherIsBetter,
    n,
    { a: ratioEstimate(count(a), n, { zeroReason, confidence }), b: ratioEstimate(count(b), n, { zeroReason, confidence }) },
    { a: share(a), b: share(b) },
    options,
  );
}
