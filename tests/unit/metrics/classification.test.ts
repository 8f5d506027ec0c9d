import { describe, expect, it } from 'vitest';
import {
  accuracyScore,
  balancedAccuracyScore,
  f1Score,
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
import { classificationReport, fbetaBootstrapInterval } from '../../../src/domain/metrics/classification-report.js';
import {
  binaryConfusion,
  binaryConfusionFromCounts,
  confusionMatrix,
  predictPositive,
} from '../../../src/domain/metrics/confusion.js';
import type { Estimate } from '../../../src/domain/metrics/estimate.js';
import { precisionRecallFscoreSupport } from '../../../src/domain/metrics/precision-recall-fscore-support.js';
import { binaryInputs, expectClose, expectRatio, loadReference, type MulticlassRef } from './metrics-reference.js';

const ref = loadReference();

function expectNumber(actual: Estimate, expected: number | null, label: string): void {
  expectClose(actual.value, expected, label);
  if (expected === null) expect(actual.reason, `${label} reason`).toMatch(/\w/);
}

describe.each(Object.keys(ref.binary))('binary metrics at t = 0.5 against sklearn: %s', (name) => {
  const dataset = ref.binary[name];
  if (!dataset) throw new Error(name);
  const { gold, scores, weights } = binaryInputs(dataset.inputs);
  const predicted = predictPositive(scores, ref.threshold);
  const c = binaryConfusion(gold, predicted, weights);
  const e = dataset.classification;

  it('confusion counts', () => {
    expectClose(c.tp, e.confusion.tp, 'tp');
    expectClose(c.fp, e.confusion.fp, 'fp');
    expectClose(c.fn, e.confusion.fn, 'fn');
    expectClose(c.tn, e.confusion.tn, 'tn');
  });

  it('proportions with Wilson intervals', () => {
    expectRatio(precisionScore(c), e.precision, 'precision');
    expectRatio(recallScore(c), e.recall, 'recall');
    expectRatio(specificityScore(c), e.specificity, 'specificity');
    expectRatio(falsePositiveRate(c), e.fpr, 'fpr');
    expectRatio(falseNegativeRate(c), e.fnr, 'fnr');
    expectRatio(negativePredictiveValue(c), e.npv, 'npv');
    expectRatio(falseOmissionRate(c), e.false_omission_rate, 'for');
    expectRatio(falseDiscoveryRate(c), e.fdr, 'fdr');
    expectRatio(accuracyScore(c), e.accuracy, 'accuracy');
  });

  it('F-beta (count form), balanced accuracy, MCC', () => {
    expectNumber(f1Score(c), e.f1, 'f1');
    expectNumber(fbetaScore(c, 0.5), e.f0_5, 'f0.5');
    expectNumber(fbetaScore(c, 2), e.f2, 'f2');
    expectNumber(balancedAccuracyScore(c), e.balanced_accuracy, 'balanced accuracy');
    expectNumber(balancedAccuracyScore(c, { adjusted: true }), e.balanced_accuracy_adjusted, 'adjusted');
    expectNumber(matthewsCorrcoef(c), e.mcc, 'mcc');
  });

  it('classificationReport returns the same numbers in one object', () => {
    const report = classificationReport(gold, predicted, { weights, beta: 0.5, bootstrap: { replicates: 200 } });
    expectRatio(report.precision, e.precision, 'precision');
    expectRatio(report.falseOmissionRate, e.false_omission_rate, 'for');
    expectNumber(report.f1, e.f1, 'f1');
    expectNumber(report.fbeta?.estimate ?? { value: null }, e.f0_5, 'f0.5');
    expectNumber(report.matthewsCorrcoef, e.mcc, 'mcc');
    expect(report.support.total).toBeCloseTo(e.confusion.tp + e.confusion.fp + e.confusion.fn + e.confusion.tn, 9);
    if (e.f1 !== null) {
      expect(report.f1.ci?.method).toBe('percentile');
      expect(report.f1.ci?.low).toBeLessThanOrEqual(e.f1 + 1e-12);
      expect(report.f1.ci?.high).toBeGreaterThanOrEqual(e.f1 - 1e-12);
    }
  });
});

describe('zero denominators are null with a reason, not 0', () => {
  it('no predicted positives: precision null, F1 0 (count form), MCC null where sklearn says 0', () => {
    const c = binaryConfusionFromCounts({ tp: 0, fp: 0, fn: 3, tn: 3 });
    expect(precisionScore(c)).toMatchObject({ value: null, reason: 'no predicted positives' });
    expect(falseDiscoveryRate(c).value).toBeNull();
    expect(f1Score(c).value).toBe(0);
    expect(matthewsCorrcoef(c).value).toBeNull();
    expect(recallScore(c).value).toBe(0);
  });

  it('nothing to score: F undefined only when TP = FP = FN = 0', () => {
    const c = binaryConfusionFromCounts({ tp: 0, fp: 0, fn: 0, tn: 5 });
    expect(f1Score(c)).toMatchObject({ value: null });
    expect(f1Score(c).reason).toMatch(/no gold positives/);
    expect(balancedAccuracyScore(c).value).toBeNull();
    expect(accuracyScore(binaryConfusionFromCounts({ tp: 0, fp: 0, fn: 0, tn: 0 })).value).toBeNull();
  });

  it('sklearn 1.3.0 bug (#26864): f1([1,0,0],[0,1,0]) is 0, not 1', () => {
    const c = binaryConfusion([true, false, false], [false, true, false]);
    expect(f1Score(c).value).toBe(0);
  });
});

function expectMulticlass(actual: ReturnType<typeof precisionRecallFscoreSupport>, e: MulticlassRef): void {
  e.per_class.forEach((expected, k) => {
    const got = actual.perClass[k];
    if (!got) throw new Error(`class ${k}`);
    expect(got.label).toBe(expected.label);
    expectClose(got.support, expected.support, `${got.label} support`);
    expectRatio(got.precision, expected.precision, `${got.label} precision`);
    expectRatio(got.recall, expected.recall, `${got.label} recall`);
    expectNumber(got.fScore, expected.f1, `${got.label} f1`);
  });
  for (const [key, mine] of [
    ['precision', 'precision'],
    ['recall', 'recall'],
    ['f1', 'fScore'],
  ] as const) {
    expectClose(actual.macro[mine].value, e.averages[key].macro, `macro ${key}`);
    expect(actual.macro[mine].excluded).toEqual(e.averages[key].excluded);
    expectClose(actual.weighted[mine].value, e.averages[key].weighted, `weighted ${key}`);
    expectClose(actual.micro[mine].value, e.averages.micro[key], `micro ${key}`);
  }
}

describe.each(['unweighted', 'weighted', 'present_labels'] as const)('multiclass against sklearn: %s', (variant) => {
  const inputs = ref.multiclass.inputs;
  const e = ref.multiclass[variant];
  const weights = e.weighted ? inputs.weights : undefined;
  const m = confusionMatrix(inputs.gold, inputs.predicted, e.labels, weights);

  it('confusion matrix, rows = gold, columns = predicted, in the given label order', () => {
    e.matrix.forEach((row, g) => row.forEach((v, p) => expectClose(m.counts[g]?.[p], v, `[${g}][${p}]`)));
  });

  it('per-class values and macro / weighted / micro averages (absent classes excluded)', () => {
    expectMulticlass(precisionRecallFscoreSupport(m), e);
    const f05 = precisionRecallFscoreSupport(m, { beta: 0.5 });
    e.per_class.forEach((expected, k) => expectNumber(f05.perClass[k]?.fScore ?? { value: null }, expected.f0_5, 'f0.5'));
    expectClose(f05.macro.fScore.value, e.averages.f0_5.macro, 'macro f0.5');
  });

  it('accuracy, Gorodkin MCC, balanced accuracy', () => {
    expectRatio(accuracyScore(m), e.accuracy, 'accuracy');
    expectNumber(matthewsCorrcoef(m), e.mcc, 'mcc');
    expectNumber(balancedAccuracyScore(m), e.balanced_accuracy, 'balanced accuracy');
    expectNumber(balancedAccuracyScore(m, { adjusted: true }), e.balanced_accuracy_adjusted, 'adjusted');
  });
});

describe('input checks', () => {
  it('rejects labels outside the list, mismatched lengths and bad weights', () => {
    expect(() => confusionMatrix(['spam'], ['ham'], ['spam', 'not_spam'])).toThrow(/predicted label 'ham'/);
    expect(() => confusionMatrix(['x'], ['spam'], ['spam', 'not_spam'])).toThrow(/gold label 'x'/);
    expect(() => binaryConfusion([true, false], [true])).toThrow(RangeError);
    expect(() => binaryConfusion([true], [true], [-1])).toThrow(RangeError);
    expect(() => binaryConfusion([true], [true], [Number.NaN])).toThrow(RangeError);
    expect(() => fbetaScore(binaryConfusionFromCounts({ tp: 1, fp: 0, fn: 0, tn: 0 }), 0)).toThrow(RangeError);
  });

  it('predictPositive acts at s = t (≥, not >)', () => {
    expect(predictPositive([0.49, 0.5, 0.51], 0.5)).toEqual([false, true, true]);
  });
});

describe('fbetaBootstrapInterval', () => {
  it('matches the numpy port of the synthetic F1 interval bit for bit', () => {
    const c = ref.bootstrap.find((b) => b.name === 'synthetic_f1');
    const dataset = ref.binary['synthetic'];
    if (!c || !dataset) throw new Error('missing case');
    const { gold, scores } = binaryInputs(dataset.inputs);
    const ci = fbetaBootstrapInterval(gold, predictPositive(scores, 0.5), { seed: c.seed, replicates: c.replicates });
    expect([ci?.low, ci?.high]).toEqual([c.low, c.high]);
    expect(ci?.resampling).toBe('items');
  });

  it('matches the numpy port of the stratified weighted F1 interval (per-item cell codes and weights)', () => {
    const c = ref.bootstrap.find((b) => b.name === 'weighted_f1_stratified');
    const dataset = ref.binary['weighted'];
    if (!c || !dataset?.inputs.strata) throw new Error('missing case');
    const { gold, scores, weights } = binaryInputs(dataset.inputs);
    const ci = fbetaBootstrapInterval(gold, predictPositive(scores, 0.5), {
      seed: c.seed,
      replicates: c.replicates,
      strata: dataset.inputs.strata,
      ...(weights ? { weights } : {}),
    });
    expect(ci).toMatchObject({ resampling: 'items', dropped: c.dropped, replicates: c.replicates, seed: c.seed });
    expect(ci?.low).toBeCloseTo(c.low, 12);
    expect(ci?.high).toBeCloseTo(c.high, 12);
  });
});
