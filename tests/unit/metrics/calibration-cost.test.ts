import { describe, expect, it } from 'vitest';
import {
  brierScoreLoss,
  calibrationBinIndex,
  calibrationErrors,
  calibrationReport,
  logLoss,
  reliabilityBins,
} from '../../../src/domain/metrics/calibration.js';
import { binaryConfusionFromCounts } from '../../../src/domain/metrics/confusion.js';
import { costAtDecisions, costMinimisingThreshold } from '../../../src/domain/metrics/cost.js';
import { predictPositive } from '../../../src/domain/metrics/confusion.js';
import { binaryInputs, expectClose, loadReference } from './metrics-reference.js';

const ref = loadReference();

describe.each(Object.keys(ref.binary))('calibration against sklearn / numpy: %s', (name) => {
  const dataset = ref.binary[name];
  if (!dataset) throw new Error(name);
  const { gold, scores, weights } = binaryInputs(dataset.inputs);
  const e = dataset.calibration;

  it('reliability bins: counts, mean score, positive share with Wilson interval', () => {
    const bins = reliabilityBins(gold, scores, weights);
    expect(bins).toHaveLength(10);
    e.bins.forEach((expected, b) => {
      const got = bins[b];
      if (!got) throw new Error(`bin ${b}`);
      expect(got.count, `bin ${b} count`).toBe(expected.count);
      expectClose(got.weight, expected.weight, `bin ${b} weight`);
      expectClose(got.meanScore, expected.mean_score, `bin ${b} mean score`);
      expectClose(got.positiveShare.value, expected.positive_share.value, `bin ${b} share`);
      if (expected.positive_share.ci) {
        expectClose(got.positiveShare.ci?.low, expected.positive_share.ci[0], `bin ${b} low`);
        expectClose(got.positiveShare.ci?.high, expected.positive_share.ci[1], `bin ${b} high`);
      } else {
        expect(got.positiveShare.reason).toBe('empty bin');
      }
    });
  });

  it('positive-class and top-label ECE / MCE, Brier, log loss', () => {
    const report = calibrationReport(gold, scores, weights);
    expectClose(report.expectedCalibrationError.value, e.ece, 'ECE');
    expectClose(report.maximumCalibrationError.value, e.mce, 'MCE');
    expectClose(report.topLabelExpectedCalibrationError.value, e.top_label_ece, 'top-label ECE');
    expectClose(report.topLabelMaximumCalibrationError.value, e.top_label_mce, 'top-label MCE');
    expectClose(brierScoreLoss(gold, scores, weights).value, e.brier, 'Brier');
    expectClose(logLoss(gold, scores, weights).value, e.log_loss, 'log loss');
  });
});

describe('calibration conventions', () => {
  it('bins are right-closed: 0.1 is in the first bin, 0.1000001 in the second, 0 and 1 at the ends', () => {
    expect(calibrationBinIndex(0, 10)).toBe(0);
    expect(calibrationBinIndex(0.1, 10)).toBe(0);
    expect(calibrationBinIndex(0.1000001, 10)).toBe(1);
    expect(calibrationBinIndex(0.3, 10)).toBe(2);
    expect(calibrationBinIndex(1, 10)).toBe(9);
    for (let k = 1; k <= 100; k++) expect(calibrationBinIndex(k / 100, 10)).toBe(Math.ceil(k / 10) - 1);
  });

  it('the two ECEs differ and are named apart', () => {
    const gold = [true, false, true, false, false];
    const scores = [0.9, 0.8, 0.3, 0.2, 0.6];
    const positive = calibrationErrors(gold, scores).expected.value;
    const top = calibrationErrors(gold, scores, undefined, { kind: 'top-label' }).expected.value;
    // positive-class, one item per bin: |1−0.9|, |0−0.8|, |0−0.6|, |1−0.3|, |0−0.2|
    expect(positive).toBeCloseTo((0.1 + 0.8 + 0.6 + 0.7 + 0.2) / 5, 12);
    // top-label: confidences 0.9 ✓, 0.8 ✗, 0.7 ✗, 0.8 ✓, 0.6 ✗ (decision s ≥ 0.5);
    // bin (0.7, 0.8] holds two items: accuracy ½ against confidence 0.8
    expect(top).toBeCloseTo((0.1 + 2 * 0.3 + 0.7 + 0.6) / 5, 12);
  });

  it('log loss clips at 1e-15: a confident mistake costs −ln(1e-15)', () => {
    expect(logLoss([true], [0]).value).toBeCloseTo(-Math.log(1e-15), 10);
    expect(logLoss([false], [0]).value).toBeCloseTo(-Math.log(1 - 1e-15), 20);
  });

  it('rejects scores outside [0, 1] and returns null without weight', () => {
    expect(() => brierScoreLoss([true], [1.2])).toThrow(RangeError);
    expect(brierScoreLoss([true], [0.5], [0]).value).toBeNull();
    expect(calibrationErrors([], []).expected.reason).toMatch(/no items/);
  });
});

describe.each(Object.keys(ref.binary))('cost view (Androutsopoulos et al. 2000): %s', (name) => {
  const dataset = ref.binary[name];
  if (!dataset) throw new Error(name);
  const { gold, scores, weights } = binaryInputs(dataset.inputs);
  const predicted = predictPositive(scores, ref.threshold);

  it.each(dataset.cost)('λ = $lambda', (e) => {
    const view = costAtDecisions(gold, predicted, { lambda: e.lambda, ...(weights ? { weights } : {}) });
    expectClose(view.falsePositives, e.fp, 'FP');
    expectClose(view.falseNegatives, e.fn, 'FN');
    expectClose(view.spam, e.n_spam, 'spam');
    expectClose(view.ham, e.n_ham, 'ham');
    expectClose(view.cost, e.cost, 'cost');
    expectClose(view.weightedError.value, e.weighted_error, 'WErr');
    expectClose(view.weightedAccuracy.value, e.weighted_accuracy, 'WAcc');
    expectClose(view.baselineWeightedError.value, e.baseline_weighted_error, 'WErr baseline');
    expectClose(view.totalCostRatio.value, e.tcr, 'TCR');
    if (e.tcr === null) expect(view.totalCostRatio.reason).toMatch(/infinite/);

    const best = costMinimisingThreshold(gold, scores, { lambda: e.lambda, ...(weights ? { weights } : {}) });
    expect(best.value?.threshold).toBe(e.min_cost_threshold ?? '+Infinity');
    expectClose(best.value?.cost, e.min_cost, 'min cost');
    expect(best.value?.inSample).toBe(true);
  });
});

describe('TCR against SpamAssassin’s published mass-check statistics', () => {
  it('stats-set1: 35 849 spam caught, 4 115 missed, 109 FP → TCR(l=50) 4.178150', () => {
    // reconstruct the decisions from the counts: spam = TP + FN
    const c = binaryConfusionFromCounts({ tp: 35849, fn: 4115, fp: 109, tn: 39662 });
    const gold = [...Array<boolean>(c.tp + c.fn).fill(true), ...Array<boolean>(c.fp + c.tn).fill(false)];
    const predicted = [
      ...Array<boolean>(c.tp).fill(true),
      ...Array<boolean>(c.fn).fill(false),
      ...Array<boolean>(c.fp).fill(true),
      ...Array<boolean>(c.tn).fill(false),
    ];
    const view = costAtDecisions(gold, predicted, { lambda: 50 });
    expect(Math.round((view.totalCostRatio.value ?? 0) * 1e6) / 1e6).toBe(4.17815);
    // same data with integer weights instead of repeated items
    const weighted = costAtDecisions([true, true, false, false], [true, false, true, false], {
      lambda: 50,
      weights: [35849, 4115, 109, 39662],
    });
    expect(weighted.totalCostRatio.value).toBe(view.totalCostRatio.value);
  });

  it('rejects λ ≤ 0', () => {
    expect(() => costAtDecisions([true], [true], { lambda: 0 })).toThrow(RangeError);
  });
});
