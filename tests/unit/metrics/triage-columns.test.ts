import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../../src/domain/metrics/bootstrap.js';
import { weightedDesign } from '../../../src/domain/metrics/prevalence.js';
import {
  triageFromDecisionColumns,
  triageFromLabels,
  triageThresholds,
  triageThresholdsFromColumns,
  type TriageItem,
} from '../../../src/domain/metrics/triage.js';

// The columnar entry points are what a report uses; the per-item ones are the library API.
// Both must certify the same thresholds with the same figures, weighted or not.

function items(n: number, seed: number): TriageItem[] {
  const random = mulberry32(seed);
  return Array.from({ length: n }, () => {
    const positive = random() < 0.3;
    const score = random() < 0.05 ? null : Math.round((positive ? 0.4 + 0.6 * random() : 0.7 * random()) * 1000) / 1000;
    return { score, positive, gray: random() < 0.1 };
  });
}

const options = { enforcePrecision: 0.9, clearFalseRate: 0.05, delta: 0.05 };

describe('triage column by column', () => {
  it('certifies the same thresholds with the same figures as the per-item entry point', () => {
    const list = items(3000, 7);
    const columns = {
      score: Float64Array.from(list, (item) => item.score ?? Number.NaN),
      positive: Uint8Array.from(list, (item) => (item.positive ? 1 : 0)),
      gray: Uint8Array.from(list, (item) => (item.gray === true ? 1 : 0)),
    };
    const plain = triageThresholds(list, options);
    expect(plain.enforce.certified || plain.clear.certified).toBe(true);
    // every row's counts, by brute force over the items (the columns take sorted counts)
    const scored = list.filter((item) => typeof item.score === 'number');
    for (const test of plain.enforce.tests) {
      const t = test.threshold ?? Number.NaN;
      const chosen = scored.filter((item) => (item.score ?? 0) >= t);
      expect([test.selected, test.errors]).toEqual([chosen.length, chosen.filter((item) => !item.positive).length]);
    }
    for (const test of plain.clear.tests) {
      const t = test.threshold ?? Number.NaN;
      const chosen = scored.filter((item) => (item.score ?? 0) < t);
      expect([test.selected, test.errors]).toEqual([chosen.length, chosen.filter((item) => item.positive).length]);
    }
    expect(triageThresholdsFromColumns(columns, options)).toEqual(plain);
    const design = weightedDesign(Float64Array.from(list, (_, i) => 1 + (i % 3)));
    expect(triageThresholdsFromColumns(columns, { ...options, design })).toEqual(triageThresholds(list, { ...options, design }));
  });

  it('counts an item without a score (null or NaN) as undecided and never auto-actions it', () => {
    const list: TriageItem[] = [...items(400, 3), { score: null, positive: true }, { score: Number.NaN, positive: false }];
    const result = triageThresholds(list, options);
    expect(result.undecidedItems).toBe(list.filter((item) => item.score === null || Number.isNaN(item.score)).length);
    const selectedAtLoosest = result.enforce.tests.at(-1)?.selected ?? 0;
    expect(selectedAtLoosest).toBeLessThanOrEqual(list.length - result.undecidedItems);
  });

  it('takes a label-only candidate\'s decisions as columns (−1 = no answer)', () => {
    const list = items(2000, 11).map((item, i) => ({ ...item, predictedPositive: i % 17 === 0 ? null : (item.score ?? 0) >= 0.5 }));
    const decision = Int8Array.from(list, (item) => (item.predictedPositive === null ? -1 : item.predictedPositive ? 1 : 0));
    const positive = Uint8Array.from(list, (item) => (item.positive ? 1 : 0));
    const fromColumns = triageFromDecisionColumns({ decision, positive }, options);
    expect(fromColumns.undecidedItems).toBe(list.filter((item) => item.predictedPositive === null).length);
    expect(fromColumns).toEqual(triageFromLabels(list.map((item) => ({ ...item, gray: false })), options));
  });
});
