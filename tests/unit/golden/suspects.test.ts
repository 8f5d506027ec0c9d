import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { findSuspects } from '../../../src/domain/golden/suspects.js';
import type { Item } from '../../../src/domain/golden/schema.js';

// the numpy implementation of METHODS §8 in tests/reference/stats_reference.py (two candidates
// averaged, one item unscored by one of them)
interface EnsembleCase {
  name: string;
  candidates: (number | null)[][];
  positive: boolean[];
  expected: { thresholds: number[]; issues: { index: number; selfConfidence: number }[] };
}
const reference: { confidentLearning: { cases: (EnsembleCase | { name: string })[] } } = JSON.parse(
  readFileSync(new URL('../../reference/stats-expected.json', import.meta.url), 'utf8'),
);
const ensemble = reference.confidentLearning.cases.find((c): c is EnsembleCase => c.name === 'ensemble-50' && 'candidates' in c);

describe('findSuspects', () => {
  it('ranks the items numpy flags on the mean of two candidates\' scores', () => {
    if (ensemble === undefined) throw new Error('reference case ensemble-50 missing');
    const items: Item[] = ensemble.positive.map((positive, i) => ({ id: `e${i}`, text: `t${i}`, label: positive ? 'spam' : 'not_spam' }));
    const runs = ensemble.candidates.map((scores, k) => ({
      candidate: `c${k}`,
      scores: new Map(scores.flatMap((score, i): [string, number][] => (score === null ? [] : [[`e${i}`, score]]))),
    }));
    const found = findSuspects(items, 'spam', runs);
    if (found.value === null) throw new Error(found.reason);
    expect(found.value.ensemble.thresholds.negative).toBeCloseTo(ensemble.expected.thresholds[0] ?? Number.NaN, 12);
    expect(found.value.ensemble.thresholds.positive).toBeCloseTo(ensemble.expected.thresholds[1] ?? Number.NaN, 12);
    expect(found.value.suspects.map((s) => s.id)).toEqual(ensemble.expected.issues.map((issue) => `e${issue.index}`));
    found.value.suspects.forEach((s, k) => {
      expect(s.rank).toBe(k + 1);
      expect(s.selfConfidence).toBeCloseTo(ensemble.expected.issues[k]?.selfConfidence ?? Number.NaN, 12);
    });
    expect(found.value.candidates.map((c) => c.candidate)).toEqual(['c0', 'c1']);
    expect(found.value.candidates[1]?.scored).toBe(49);
  });

  it('--min-runs keeps only suspects that enough candidates flag on their own', () => {
    const items: Item[] = Array.from({ length: 12 }, (_, i) => ({ id: `i${i}`, text: 't', label: i < 6 ? 'spam' : 'not_spam' }));
    // i0 is gold spam but both candidates are confident it is not; on i6 (gold not spam) only m1
    // is confident of spam (m0's 0.6 is below its own spam threshold, 0.737); the mean, 0.795, is
    // above the ensemble's 0.735, so the ensemble flags both
    const a = [0.02, 0.9, 0.8, 0.85, 0.95, 0.9, 0.6, 0.2, 0.1, 0.15, 0.05, 0.1];
    const b = [0.05, 0.8, 0.9, 0.9, 0.9, 0.85, 0.99, 0.1, 0.2, 0.1, 0.1, 0.2];
    const runs = [a, b].map((scores, k) => ({ candidate: `m${k}`, scores: new Map(scores.map((s, i): [string, number] => [`i${i}`, s])) }));
    const one = findSuspects(items, 'spam', runs, 1);
    const two = findSuspects(items, 'spam', runs, 2);
    if (one.value === null || two.value === null) throw new Error('undefined');
    expect(one.value.suspects.map((s) => [s.id, s.flaggedBy])).toEqual([['i0', ['m0', 'm1']], ['i6', ['m1']]]);
    expect(two.value.suspects.map((s) => s.id)).toEqual(['i0']);
  });

  it('says why when a label has no scored item', () => {
    const items: Item[] = [{ id: 'x', text: 't', label: 'spam' }];
    expect(findSuspects(items, 'spam', [{ candidate: 'm', scores: new Map([['x', 0.9]]) }])).toEqual({ value: null, reason: 'confident learning needs scored items of both labels' });
    expect(findSuspects(items, 'spam', []).value).toBeNull();
  });
});
