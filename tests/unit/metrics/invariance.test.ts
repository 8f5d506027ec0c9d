/**
 * Properties every binary metric must have, checked for all of them at once (as scikit-learn's
 * test_common does): item order does not matter, integer weights mean repetition, unit weights
 * mean no weights, a common weight factor changes nothing, weight 0 means the item is absent;
 * plus the label-swap symmetries that tie metric pairs together.
 */
import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../../src/domain/metrics/bootstrap.js';
import { brierScoreLoss, calibrationErrors, logLoss } from '../../../src/domain/metrics/calibration.js';
import {
  accuracyScore,
  balancedAccuracyScore,
  falseDiscoveryRate,
  falseNegativeRate,
  falseOmissionRate,
  falsePositiveRate,
  fbetaScore,
  matthewsCorrcoef,
  negativePredictiveValue,
  precisionScore,
  recallScore,
  specificityScore,
} from '../../../src/domain/metrics/classification.js';
import { binaryConfusion, type BinaryConfusion } from '../../../src/domain/metrics/confusion.js';
import { costAtDecisions, costMinimisingThreshold } from '../../../src/domain/metrics/cost.js';
import { averagePrecisionScore, rocAucScore } from '../../../src/domain/metrics/curves.js';
import type { Estimate } from '../../../src/domain/metrics/estimate.js';
import { bestF1Threshold, operatingPoints, recallAtPrecision } from '../../../src/domain/metrics/operating-points.js';
import { binaryInputs, loadReference } from './metrics-reference.js';

type Weights = number[] | undefined;
type Metric = (gold: boolean[], scores: number[], weights: Weights) => number | null;

const T = 0.5;
const atThreshold =
  (f: (c: BinaryConfusion) => Estimate): Metric =>
  (gold, scores, weights) =>
    f(binaryConfusion(gold, scores.map((s) => s >= T), weights)).value;

const METRICS: Record<string, Metric> = {
  precision: atThreshold(precisionScore),
  recall: atThreshold(recallScore),
  specificity: atThreshold(specificityScore),
  falsePositiveRate: atThreshold(falsePositiveRate),
  falseNegativeRate: atThreshold(falseNegativeRate),
  negativePredictiveValue: atThreshold(negativePredictiveValue),
  falseOmissionRate: atThreshold(falseOmissionRate),
  falseDiscoveryRate: atThreshold(falseDiscoveryRate),
  accuracy: atThreshold(accuracyScore),
  f1: atThreshold((c) => fbetaScore(c, 1)),
  f05: atThreshold((c) => fbetaScore(c, 0.5)),
  balancedAccuracy: atThreshold((c) => balancedAccuracyScore(c)),
  mcc: atThreshold(matthewsCorrcoef),
  averagePrecision: (g, s, w) => averagePrecisionScore(g, s, w).value,
  rocAuc: (g, s, w) => rocAucScore(g, s, w).value,
  partialRocAuc: (g, s, w) => rocAucScore(g, s, w, { maxFpr: 0.2 }).value,
  ece: (g, s, w) => calibrationErrors(g, s, w).expected.value,
  mce: (g, s, w) => calibrationErrors(g, s, w).maximum.value,
  topLabelEce: (g, s, w) => calibrationErrors(g, s, w, { kind: 'top-label' }).expected.value,
  brier: (g, s, w) => brierScoreLoss(g, s, w).value,
  logLoss: (g, s, w) => logLoss(g, s, w).value,
  tcr: (g, s, w) => costAtDecisions(g, s.map((x) => x >= T), { lambda: 9, ...(w ? { weights: w } : {}) }).totalCostRatio.value,
  minCostThreshold: (g, s, w) => {
    const t = costMinimisingThreshold(g, s, { lambda: 9, ...(w ? { weights: w } : {}) }).value?.threshold;
    return typeof t === 'number' ? t : null;
  },
  bestF1Threshold: (g, s, w) => bestF1Threshold(operatingPoints(g, s, w)).value?.point.threshold ?? null,
  recallAtPrecision08: (g, s, w) => recallAtPrecision(operatingPoints(g, s, w), 0.8).value?.recall.value ?? null,
};

/** The 300-item weighted reference set, with its weights replaced by small integers (0 included). */
function dataset(): { gold: boolean[]; scores: number[]; weights: number[] } {
  const weighted = loadReference().binary['weighted'];
  if (!weighted) throw new Error('weighted dataset missing');
  const { gold, scores } = binaryInputs(weighted.inputs);
  const random = mulberry32(31);
  return { gold, scores, weights: gold.map(() => Math.floor(random() * 4)) };
}

function shuffled<T>(values: readonly T[], order: readonly number[]): T[] {
  return order.map((i) => values[i] as T);
}

function expectSame(a: number | null, b: number | null, label: string): void {
  if (a === null || b === null) {
    expect(b, label).toBe(a);
    return;
  }
  expect(Math.abs(a - b), `${label}: ${a} vs ${b}`).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(a)));
}

const { gold, scores, weights } = dataset();

describe.each(Object.entries(METRICS))('invariances of %s', (name, metric) => {
  it('item order does not matter', () => {
    const random = mulberry32(7);
    const order = gold.map((_, i) => ({ i, key: random() })).sort((a, b) => a.key - b.key).map((x) => x.i);
    expectSame(metric(shuffled(gold, order), shuffled(scores, order), shuffled(weights, order)), metric(gold, scores, weights), name);
    expectSame(metric(shuffled(gold, order), shuffled(scores, order), undefined), metric(gold, scores, undefined), name);
  });

  it('integer weights equal repeating items (weight 0 = item absent)', () => {
    const repeat = (i: number) => Array.from({ length: weights[i] ?? 0 }, () => i);
    const expanded = gold.flatMap((_, i) => repeat(i));
    expectSame(metric(shuffled(gold, expanded), shuffled(scores, expanded), undefined), metric(gold, scores, weights), name);
  });

  it('unit weights equal no weights; a common factor changes nothing', () => {
    expect(metric(gold, scores, gold.map(() => 1)), name).toBe(metric(gold, scores, undefined));
    expectSame(metric(gold, scores, weights.map((w) => w * 2.5)), metric(gold, scores, weights), name);
  });
});

describe('intervals treat weights as sampling weights (Kish), not as repetition', () => {
  const ciLow = (w: Weights) => precisionScore(binaryConfusion(gold, scores.map((s) => s >= T), w)).ci?.low;

  it('order and a common factor do not change the interval; repetition narrows it, weighting does not', () => {
    const random = mulberry32(7);
    const order = gold.map((_, i) => ({ i, key: random() })).sort((a, b) => a.key - b.key).map((x) => x.i);
    const reordered = precisionScore(
      binaryConfusion(shuffled(gold, order), shuffled(scores, order).map((s) => s >= T), shuffled(weights, order)),
    ).ci?.low;
    expectSame(reordered ?? null, ciLow(weights) ?? null, 'order');
    expectSame(ciLow(weights.map((w) => w * 3)) ?? null, ciLow(weights) ?? null, 'factor');
    // every weight 2: Kish n_eff is the item count, so the interval is the unweighted one —
    // while repeating each item twice would double n and narrow it
    expectSame(ciLow(gold.map(() => 2)) ?? null, ciLow(undefined) ?? null, 'equal weights');
    const twice = [...gold.keys(), ...gold.keys()];
    const repeated = precisionScore(binaryConfusion(shuffled(gold, twice), shuffled(scores, twice).map((s) => s >= T))).ci
      ?.low;
    expect(repeated).toBeGreaterThan((ciLow(undefined) ?? 1) + 0.01);
  });
});

describe('label-swap symmetries (spam ↔ ham, decisions flipped)', () => {
  const predicted = scores.map((s) => s >= T);
  const c = binaryConfusion(gold, predicted, weights);
  const swapped = binaryConfusion(
    gold.map((g) => !g),
    predicted.map((p) => !p),
    weights,
  );

  it('precision ↔ NPV, recall ↔ specificity, FPR ↔ FNR, FDR ↔ FOR; accuracy, BA, MCC unchanged', () => {
    expectSame(precisionScore(c).value, negativePredictiveValue(swapped).value, 'precision/NPV');
    expectSame(recallScore(c).value, specificityScore(swapped).value, 'recall/specificity');
    expectSame(falsePositiveRate(c).value, falseNegativeRate(swapped).value, 'FPR/FNR');
    expectSame(falseDiscoveryRate(c).value, falseOmissionRate(swapped).value, 'FDR/FOR');
    expectSame(accuracyScore(c).value, accuracyScore(swapped).value, 'accuracy');
    expectSame(balancedAccuracyScore(c).value, balancedAccuracyScore(swapped).value, 'balanced accuracy');
    expectSame(matthewsCorrcoef(c).value, matthewsCorrcoef(swapped).value, 'MCC');
  });

  it('complements: FDR = 1 − precision, FPR = 1 − specificity, FOR = 1 − NPV, FNR = 1 − recall', () => {
    expectSame(falseDiscoveryRate(c).value, 1 - (precisionScore(c).value ?? 0), 'FDR');
    expectSame(falsePositiveRate(c).value, 1 - (specificityScore(c).value ?? 0), 'FPR');
    expectSame(falseOmissionRate(c).value, 1 - (negativePredictiveValue(c).value ?? 0), 'FOR');
    expectSame(falseNegativeRate(c).value, 1 - (recallScore(c).value ?? 0), 'FNR');
  });

  it('ROC AUC with labels swapped and scores mirrored is unchanged; Brier likewise', () => {
    const mirrored = scores.map((s) => 1 - s);
    const flipped = gold.map((g) => !g);
    expectSame(rocAucScore(gold, scores, weights).value, rocAucScore(flipped, mirrored, weights).value, 'AUC');
    expectSame(brierScoreLoss(gold, scores, weights).value, brierScoreLoss(flipped, mirrored, weights).value, 'Brier');
  });

  it('ranking metrics depend only on the order of scores', () => {
    const squared = scores.map((s) => s * s);
    expectSame(rocAucScore(gold, scores, weights).value, rocAucScore(gold, squared, weights).value, 'AUC');
    expectSame(averagePrecisionScore(gold, scores, weights).value, averagePrecisionScore(gold, squared, weights).value, 'AP');
  });
});
