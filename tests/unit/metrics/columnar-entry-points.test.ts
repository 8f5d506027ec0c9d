/**
 * The entry points a columnar report frame calls — cell codes, counts, 0/1 bytes, picked curve
 * points — give exactly (toEqual, not close) what the per-item functions give for the same
 * items: the reference datasets (weighted ones included) and seeded random ones, bootstrap in both
 * resampling modes.
 */
import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../../src/domain/metrics/bootstrap.js';
import { binaryClfCurve } from '../../../src/domain/metrics/binary-clf-curve.js';
import { calibrationReport } from '../../../src/domain/metrics/calibration.js';
import {
  classificationReport,
  classificationReportFromCells,
  classificationReportFromCounts,
  fbetaBootstrapInterval,
  fbetaBootstrapIntervalFromCells,
} from '../../../src/domain/metrics/classification-report.js';
import {
  binaryConfusion,
  binaryConfusionFromCells,
  cellCode,
  CELL_ORDER,
  cellOf,
  confusionCells,
  confusionMatrix,
  confusionMatrixFromCounts,
} from '../../../src/domain/metrics/confusion.js';
import { costAtCounts, costAtDecisions, costMinimisingFromCurve } from '../../../src/domain/metrics/cost.js';
import {
  precisionRecallFromCurve,
  precisionRecallFromCurveAt,
  rocAucFromCurve,
  rocFromCurve,
  rocFromCurveAt,
} from '../../../src/domain/metrics/curves.js';
import { firstInOrder } from '../../../src/domain/report/first-in-order.js';
import { binaryInputs, loadReference } from './metrics-reference.js';

function randomItems(n: number, seed: number, scoreLevels = 0) {
  const rand = mulberry32(seed);
  const gold: boolean[] = [];
  const predicted: boolean[] = [];
  const scores: number[] = [];
  for (let i = 0; i < n; i++) {
    const g = rand() < 0.35;
    const raw = Math.min(1, Math.max(0, (g ? 0.62 : 0.38) + (rand() - 0.5) * 0.8));
    // a few levels make ties; 0 keeps every score apart
    const s = scoreLevels > 0 ? Math.round(raw * scoreLevels) / scoreLevels : raw;
    gold.push(g);
    scores.push(s);
    predicted.push(s >= 0.5);
  }
  return { gold, predicted, scores };
}

const ref = loadReference();
const datasets = [
  ...Object.entries(ref.binary).map(([name, dataset]) => ({ name, ...binaryInputs(dataset.inputs) })),
  ...[
    [0, 1],
    [1, 2],
    [40, 3],
    [3000, 4],
    [3000, 5, 10],
  ].map(([n = 0, seed = 0, levels = 0]) => ({ name: `random ${n}/${levels}`, weights: undefined, ...randomItems(n, seed, levels) })),
];

describe.each(datasets)('columnar entry points: $name', ({ gold, scores, weights }) => {
  const predicted = Array.from(scores, (s) => s >= 0.5);
  const cells = { cell: Uint8Array.from(gold, (g, i) => cellCode(g, predicted[i] === true)), weight: weights === undefined ? null : Float64Array.from(weights) };
  const bytes = Uint8Array.from(gold, (g) => (g ? 1 : 0));

  it('cell codes are CELL_ORDER indices of cellOf, and confusionCells makes the same', () => {
    gold.forEach((g, i) => expect(CELL_ORDER[cells.cell[i] ?? -1]).toBe(cellOf(g, predicted[i] === true)));
    expect(confusionCells(gold, predicted, weights)).toEqual(cells);
  });

  it('binaryConfusionFromCells is binaryConfusion', () => {
    expect(binaryConfusionFromCells(cells)).toEqual(binaryConfusion(gold, predicted, weights));
  });

  it.each(['items', 'multinomial-counts', 'auto'] as const)('classificationReportFromCells is classificationReport (bootstrap %s)', (resampling) => {
    if (weights !== undefined && resampling === 'multinomial-counts') return;
    const options = { confidence: 0.9, beta: 0.5, bootstrap: { replicates: 150, seed: 11, resampling } };
    expect(classificationReportFromCells(cells, options)).toEqual(classificationReport(gold, predicted, { ...options, ...(weights ? { weights } : {}) }));
    const { weight: _weight, ...unweighted } = cells;
    expect(fbetaBootstrapIntervalFromCells({ ...unweighted, weight: null }, { replicates: 99, seed: 3, resampling })).toEqual(
      fbetaBootstrapInterval(gold, predicted, { replicates: 99, seed: 3, resampling }),
    );
  });

  it('classificationReportFromCounts is classificationReport without bootstrap', () => {
    const c = binaryConfusion(gold, predicted);
    const counts = { tp: c.tp, fp: c.fp, fn: c.fn, tn: c.tn };
    expect(classificationReportFromCounts(counts, { confidence: 0.8 })).toEqual(classificationReport(gold, predicted, { confidence: 0.8, bootstrap: false }));
  });

  it('costAtCounts is costAtDecisions', () => {
    expect(costAtCounts(binaryConfusion(gold, predicted, weights), 4)).toEqual(costAtDecisions(gold, predicted, { lambda: 4, ...(weights ? { weights } : {}) }));
  });

  it('0/1 bytes make the same curve and calibration as booleans', () => {
    expect(binaryClfCurve(bytes, scores, weights)).toEqual(binaryClfCurve(gold, scores, weights));
    expect(calibrationReport(bytes, scores, weights, { confidence: 0.9 })).toEqual(calibrationReport(gold, scores, weights, { confidence: 0.9 }));
  });

  it('picked curve points are the full curves at those indices', () => {
    const curve = binaryClfCurve(gold, scores, weights);
    const pr = precisionRecallFromCurve(curve);
    const every = (total: number) => Array.from({ length: total }, (_, k) => k);
    const odd = (total: number) => every(total).filter((k) => k % 3 !== 1);
    const pickedPr = precisionRecallFromCurveAt(curve, odd);
    if (pr.value === null) expect(pickedPr).toEqual(pr);
    else {
      const keep = odd(pr.value.precision.length);
      expect(pickedPr.value).toEqual({
        precision: keep.map((k) => pr.value.precision[k]),
        recall: keep.map((k) => pr.value.recall[k]),
        thresholds: keep.map((k) => pr.value.thresholds[k] ?? null),
        total: pr.value.precision.length,
      });
    }
    for (const dropIntermediate of [true, false]) {
      const roc = rocFromCurve(curve, { dropIntermediate });
      const picked = rocFromCurveAt(curve, odd, { dropIntermediate });
      if (roc.value === null) expect(picked).toEqual(roc);
      else {
        const keep = odd(roc.value.fpr.length);
        expect(picked.value).toEqual({
          fpr: keep.map((k) => roc.value.fpr[k]),
          tpr: keep.map((k) => roc.value.tpr[k]),
          thresholds: keep.map((k) => roc.value.thresholds[k]),
          total: roc.value.fpr.length,
        });
      }
    }
  });

  it('the ROC area read from the counts is the trapezoid of the full curve', () => {
    const curve = binaryClfCurve(gold, scores, weights);
    const roc = rocFromCurve(curve, { dropIntermediate: false });
    const auc = rocAucFromCurve(curve);
    if (roc.value === null) {
      expect(auc.value).toBeNull();
      return;
    }
    const { fpr, tpr } = roc.value;
    let area = 0;
    for (let k = 1; k < fpr.length; k++) area += ((fpr[k] ?? 0) - (fpr[k - 1] ?? 0)) * (((tpr[k] ?? 0) + (tpr[k - 1] ?? 0)) / 2);
    expect(auc.value).toBe(area);
  });

  it('the cost-minimising threshold is the first cheapest point', () => {
    const curve = binaryClfCurve(gold, scores, weights);
    const lambda = 3;
    const choice = costMinimisingFromCurve(curve, lambda).value;
    if (!(curve.positives + curve.negatives > 0)) {
      expect(choice).toBeNull();
      return;
    }
    let best = { threshold: '+Infinity' as number | '+Infinity', cost: curve.positives };
    curve.thresholds.forEach((t, k) => {
      const cost = lambda * (curve.fps[k] ?? 0) + (curve.positives - (curve.tps[k] ?? 0));
      if (cost < best.cost) best = { threshold: t, cost };
    });
    expect({ threshold: choice?.threshold, cost: choice?.cost }).toEqual(best);
  });
});

describe('confusionMatrixFromCounts', () => {
  it('is confusionMatrix of items with those counts', () => {
    const labels = ['spam', 'ham', 'unsure'];
    const rand = mulberry32(9);
    const gold: string[] = [];
    const predicted: string[] = [];
    const counts = labels.map(() => labels.map(() => 0));
    for (let i = 0; i < 500; i++) {
      const g = Math.floor(rand() * 3);
      const p = Math.floor(rand() * 3);
      gold.push(labels[g] ?? '');
      predicted.push(labels[p] ?? '');
      const row = counts[g];
      if (row) row[p] = (row[p] ?? 0) + 1;
    }
    expect(confusionMatrixFromCounts(counts, labels)).toEqual(confusionMatrix(gold, predicted, labels));
    expect(confusionMatrixFromCounts([[0, 0], [0, 0]], ['a', 'b'])).toEqual(confusionMatrix([], [], ['a', 'b']));
  });

  it('refuses repeated labels as confusionMatrix does, and a matrix of the wrong shape', () => {
    expect(() => confusionMatrixFromCounts([[1]], ['a', 'a'])).toThrow('labels must be distinct: a, a');
    expect(() => confusionMatrix([], [], ['a', 'a'])).toThrow('labels must be distinct: a, a');
    expect(() => confusionMatrixFromCounts([[1, 2]], ['a', 'b'])).toThrow(RangeError);
  });
});

describe('firstInOrder', () => {
  it('is a stable sort cut to the limit, for every limit slice accepts', () => {
    const rand = mulberry32(5);
    const rows = Array.from({ length: 300 }, (_, k) => ({ k, key: Math.floor(rand() * 20) }));
    const byKey = (a: { key: number }, b: { key: number }) => a.key - b.key;
    for (const limit of [0, 1, 7, 50, 299, 300, 1000, -3, 2.5]) {
      expect(firstInOrder(rows, byKey, limit), `limit ${limit}`).toEqual([...rows].sort(byKey).slice(0, limit));
    }
    expect(firstInOrder([], byKey, 3)).toEqual([]);
  });
});
