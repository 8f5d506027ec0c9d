import { describe, expect, it } from 'vitest';
import {
  averagePrecisionScore,
  binaryClfCurve,
  precisionRecallCurve,
  rocAucScore,
  rocCurve,
} from '../../../src/domain/metrics/curves.js';
import {
  bestF1Threshold,
  fprAtRecall,
  operatingPoints,
  recallAtPrecision,
  type OperatingPoint,
} from '../../../src/domain/metrics/operating-points.js';
import {
  binaryInputs,
  expectAllClose,
  expectClose,
  expectRatio,
  loadReference,
  type PointRef,
} from './metrics-reference.js';

const ref = loadReference();

function expectPoint(actual: OperatingPoint | undefined, expected: PointRef, label: string): void {
  if (!actual) throw new Error(`${label}: missing point`);
  expectClose(actual.threshold, expected.threshold, `${label} threshold`);
  expectClose(actual.tp, expected.tp, `${label} tp`);
  expectClose(actual.fp, expected.fp, `${label} fp`);
  expectClose(actual.fn, expected.fn, `${label} fn`);
  expectClose(actual.tn, expected.tn, `${label} tn`);
  expectRatio(actual.precision, expected.precision, `${label} precision`);
  expectRatio(actual.recall, expected.recall, `${label} recall`);
  expectRatio(actual.falsePositiveRate, expected.fpr, `${label} fpr`);
  expectClose(actual.predictedPositiveRate.value, expected.predicted_positive_rate, `${label} ppr`);
}

/** Mann–Whitney by brute force over (positive, negative) pairs, ties ½, pair weight w⁺·w⁻. */
function pairwiseAuc(gold: boolean[], scores: number[], weights: number[] | undefined): number {
  let num = 0;
  let den = 0;
  gold.forEach((gi, i) => {
    if (!gi) return;
    gold.forEach((gj, j) => {
      if (gj) return;
      const w = (weights?.[i] ?? 1) * (weights?.[j] ?? 1);
      const si = scores[i] ?? 0;
      const sj = scores[j] ?? 0;
      num += w * (si > sj ? 1 : si === sj ? 0.5 : 0);
      den += w;
    });
  });
  return num / den;
}

describe.each(Object.keys(ref.binary))('curves against sklearn: %s', (name) => {
  const dataset = ref.binary[name];
  if (!dataset) throw new Error(name);
  const { gold, scores, weights } = binaryInputs(dataset.inputs);
  const e = dataset.curves;

  it('binaryClfCurve: one point per distinct score (zero weights dropped), descending', () => {
    expect([...binaryClfCurve(gold, scores, weights).thresholds]).toEqual(e.distinct_thresholds_desc);
  });

  it('precisionRecallCurve and averagePrecisionScore', () => {
    const pr = precisionRecallCurve(gold, scores, weights);
    const ap = averagePrecisionScore(gold, scores, weights);
    if (e.pr_curve === null) {
      expect(pr.value).toBeNull();
      expect(pr.reason).toMatch(/no gold positives/);
      expect(ap.value).toBeNull();
      return;
    }
    if (!pr.value) throw new Error('curve expected');
    expectAllClose(pr.value.precision, e.pr_curve.precision, 'precision');
    expectAllClose(pr.value.recall, e.pr_curve.recall, 'recall');
    expectAllClose(pr.value.thresholds, e.pr_curve.thresholds, 'thresholds');
    expectClose(ap.value, e.average_precision, 'AP');
    if (e.pr_trapezoid !== undefined && Math.abs(e.pr_trapezoid - (e.average_precision ?? 0)) > 1e-6) {
      // step-wise AP is not the trapezoid under the PR curve
      expect(Math.abs((ap.value ?? 0) - e.pr_trapezoid)).toBeGreaterThan(1e-6);
    }
  });

  it('rocCurve (with and without drop_intermediate), rocAucScore, partial AUC', () => {
    const roc = rocCurve(gold, scores, weights, { dropIntermediate: false });
    const auc = rocAucScore(gold, scores, weights);
    if (e.roc_curve === null) {
      expect(roc.value).toBeNull();
      expect(roc.reason).toMatch(/one gold class/);
      expect(auc.value).toBeNull();
      expect(auc.reason).toMatch(/\w/);
      return;
    }
    if (!roc.value) throw new Error('curve expected');
    expectAllClose(roc.value.fpr, e.roc_curve.fpr, 'fpr');
    expectAllClose(roc.value.tpr, e.roc_curve.tpr, 'tpr');
    expect(roc.value.thresholds[0]).toBe('+Infinity');
    expect(roc.value.thresholds.slice(1)).toEqual(e.roc_curve.thresholds_after_first);
    const dropped = rocCurve(gold, scores, weights);
    if (!dropped.value || !e.roc_curve_drop) throw new Error('dropped curve expected');
    expectAllClose(dropped.value.fpr, e.roc_curve_drop.fpr, 'fpr (dropped)');
    expectAllClose(dropped.value.tpr, e.roc_curve_drop.tpr, 'tpr (dropped)');
    expect(dropped.value.thresholds.slice(1)).toEqual(e.roc_curve_drop.thresholds_after_first);
    expectClose(auc.value, e.roc_auc, 'AUC');
    expectClose(auc.value, pairwiseAuc(gold, scores, weights), 'AUC = pairwise Mann–Whitney');
    expectClose(rocAucScore(gold, scores, weights, { maxFpr: 0.1 }).value, e.roc_auc_max_fpr_0_1 ?? null, 'pAUC 0.1');
    expectClose(rocAucScore(gold, scores, weights, { maxFpr: 0.5 }).value, e.roc_auc_max_fpr_0_5 ?? null, 'pAUC 0.5');
  });

  it('operating points at every distinct score and on a fixed grid', () => {
    const points = operatingPoints(gold, scores, weights);
    expect(points).toHaveLength(e.operating_points.length);
    e.operating_points.forEach((expected, k) => expectPoint(points[k], expected, `point ${k}`));
    const grid = operatingPoints(gold, scores, weights, { grid: e.grid });
    e.grid_points.forEach((expected, k) => expectPoint(grid[k], expected, `grid ${e.grid[k]}`));
  });

  it('recall at precision, FPR at recall, best F1 (in-sample)', () => {
    const points = operatingPoints(gold, scores, weights);
    for (const [key, expected] of Object.entries(e.selections)) {
      const atPrecision = /^recall_at_precision_(.+)$/.exec(key);
      const atRecall = /^fpr_at_recall_(.+)$/.exec(key);
      if (atPrecision?.[1]) {
        const got = recallAtPrecision(points, Number(atPrecision[1]));
        expect(got.value?.threshold ?? null, key).toBe(expected);
        if (got.value === null) expect(got.reason).toMatch(/\w/);
      } else if (atRecall?.[1]) {
        const got = fprAtRecall(points, Number(atRecall[1]));
        expect(got.value?.threshold ?? null, key).toBe(expected);
      } else if (key === 'best_f1') {
        const got = bestF1Threshold(points);
        if (expected === null || typeof expected !== 'object') {
          expect(got.value).toBeNull();
          continue;
        }
        expect(got.value?.point.threshold).toBe(expected.threshold);
        expectClose(got.value?.value, expected.f1, 'best F1');
        expect(got.value?.inSample).toBe(true);
      }
    }
  });
});

describe('curve conventions', () => {
  it('the +Infinity threshold survives JSON', () => {
    const roc = rocCurve([true, false], [0.9, 0.1]);
    expect(JSON.parse(JSON.stringify(roc.value)).thresholds[0]).toBe('+Infinity');
  });

  it('ties: all-tied scores give one diagonal segment, AUC ½', () => {
    const roc = rocCurve([true, false, false], [0.5, 0.5, 0.5], undefined, { dropIntermediate: false });
    expect(roc.value).toEqual({ fpr: [0, 1], tpr: [0, 1], thresholds: ['+Infinity', 0.5] });
    expect(rocAucScore([true, false, false], [0.5, 0.5, 0.5]).value).toBe(0.5);
  });

  it('a threshold above every score actions nothing (grid point with zero counts)', () => {
    const [top] = operatingPoints([true, false], [0.6, 0.2], undefined, { grid: [0.99] });
    expect(top).toMatchObject({ tp: 0, fp: 0, fn: 1, tn: 1 });
    expect(top?.precision.value).toBeNull();
    expect(top?.precision.reason).toBe('no predicted positives');
  });

  it('rejects a bad maxFpr and non-finite scores', () => {
    expect(() => rocAucScore([true, false], [1, 0], undefined, { maxFpr: 0 })).toThrow(RangeError);
    expect(() => binaryClfCurve([true], [Number.NaN])).toThrow(RangeError);
  });
});
