import { describe, expect, it } from 'vitest';
import { averageScores, findLabelIssues } from '../../../src/domain/metrics/confident-learning.js';
import reference from '../../reference/stats-expected.json' with { type: 'json' };

// Expected values: a numpy implementation of METHODS §8 in tests/reference/stats_reference.py
// (cleanlab itself is not packaged for Debian; see the JSON's `source`).
const cases = reference.confidentLearning.cases;

function expectMatches(result: ReturnType<typeof findLabelIssues>, e: (typeof cases)[number]['expected']): void {
  expect(result.value).not.toBeNull();
  const r = result.value;
  if (r === null || e === null) return;
  expect(r.thresholds.negative).toBeCloseTo(e.thresholds[0] ?? NaN, 12);
  expect(r.thresholds.positive).toBeCloseTo(e.thresholds[1] ?? NaN, 12);
  expect(r.confidentJoint).toEqual(e.confidentJoint);
  expect(r.calibratedJoint).toEqual(e.calibratedJoint);
  expect(r.issues.map((i) => i.index)).toEqual(e.issues.map((i) => i.index));
  r.issues.forEach((issue, k) => expect(issue.selfConfidence).toBeCloseTo(e.issues[k]?.selfConfidence ?? NaN, 12));
}

describe('findLabelIssues against the numpy reference', () => {
  it('noisy-80: thresholds, raw and calibrated joint, flagged items ranked by self-confidence', () => {
    const c = cases.find((x) => x.name === 'noisy-80');
    if (c?.items === undefined) throw new Error('case');
    const result = findLabelIssues(c.items);
    expectMatches(result, c.expected);
    expect(result.value?.itemsWithoutScore).toBe(1);
    expect(result.value?.issues[0]?.id).toBe('c60');
  });

  it('a .5 tie in calibration rounds as cleanlab does ([1.5, 7.5] → [1, 8])', () => {
    const c = cases.find((x) => x.name === 'tie-rounding');
    if (c?.items === undefined) throw new Error('case');
    const result = findLabelIssues(c.items);
    expectMatches(result, c.expected);
    expect(result.value?.calibratedJoint[1]).toEqual([1, 8]);
  });

  it('several candidates: averaged probabilities (an item one candidate missed keeps the other score)', () => {
    const c = cases.find((x) => x.name === 'ensemble-50');
    if (c?.candidates === undefined || c.averaged === undefined || c.positive === undefined) throw new Error('case');
    const averaged = averageScores(c.candidates);
    averaged.forEach((s, i) => expect(s).toBeCloseTo(c.averaged[i] ?? NaN, 14));
    const result = findLabelIssues(c.positive.map((positive, i) => ({ positive, score: averaged[i] ?? null })));
    expectMatches(result, c.expected);
  });

  it('a single class: undefined with a reason', () => {
    const result = findLabelIssues([
      { positive: true, score: 0.9 },
      { positive: true, score: 0.2 },
      { positive: false, score: null },
    ]);
    expect(result.value).toBeNull();
    expect(result.reason).toMatch(/both labels/);
  });

  it('flags a confidently contradicted label and nothing on a clean, separable set', () => {
    const clean = [0.05, 0.1, 0.2, 0.8, 0.9, 0.95].map((score) => ({ positive: score > 0.5, score }));
    expect(findLabelIssues(clean).value?.issues).toEqual([]);
    const dirty = [...clean, { id: 'x', positive: false, score: 0.99 }];
    expect(findLabelIssues(dirty).value?.issues.map((i) => i.id)).toEqual(['x']);
  });
});
