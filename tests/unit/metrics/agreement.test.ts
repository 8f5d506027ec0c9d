import { describe, expect, it } from 'vitest';
import {
  candidateAgreement,
  cohenKappa,
  itemAgreement,
  krippendorffAlphaNominal,
  reviewerAgreement,
} from '../../../src/domain/metrics/agreement.js';
import type { Estimate } from '../../../src/domain/metrics/estimate.js';
import { InputError } from '../../../src/domain/problems.js';
import reference from '../../reference/stats-expected.json' with { type: 'json' };

// Expected values: tests/reference/stats_reference.py (sklearn cohen_kappa_score, statsmodels
// fleiss_kappa, a numpy coincidence-matrix Krippendorff checked on the published examples).
const TOL = 1e-12;

function expectValue(actual: Estimate | undefined, expected: number | null | undefined): void {
  expect(actual).toBeDefined();
  if (expected === null || expected === undefined) {
    expect(actual?.value).toBeNull();
    expect(actual?.reason).toEqual(expect.any(String));
  } else {
    expect(actual?.value).not.toBeNull();
    expect(Math.abs((actual?.value ?? NaN) - expected)).toBeLessThan(TOL);
  }
}

function byName(name: string) {
  const found = reference.agreement.find((c) => c.name === name);
  if (found === undefined) throw new Error(`no reference case ${name}`);
  return found;
}

describe('reviewerAgreement against the reference script', () => {
  for (const c of reference.agreement) {
    it(`${c.name}: percent agreement, Cohen pairs, Fleiss, Krippendorff, item signals`, () => {
      const result = reviewerAgreement(c.items, { labels: c.labels, positive: c.positive });
      const e = c.expected;
      expectValue(result.percentAgreement.meanItem, e.percentAgreement.meanItem);
      expectValue(result.percentAgreement.pooledPairwise, e.percentAgreement.pooledPairwise);
      expect(result.percentAgreement.items).toBe(e.percentAgreement.items);

      expect(result.cohenPairs.map((p) => [p.a, p.b, p.n])).toEqual(e.cohenPairs.map((p) => [p.a, p.b, p.n]));
      result.cohenPairs.forEach((pair, k) => {
        const ref = e.cohenPairs[k];
        expectValue(pair.kappa, ref?.kappa);
        expectValue(pair.percentAgreement, ref?.percentAgreement);
        if (ref !== undefined && 'positiveAgreement' in ref) {
          expectValue(pair.positiveAgreement, ref.positiveAgreement);
          expectValue(pair.negativeAgreement, ref.negativeAgreement);
        } else {
          expect(pair.positiveAgreement).toBeUndefined();
        }
      });

      expectValue(result.fleiss.kappa, e.fleiss.kappa);
      expect([result.fleiss.items, result.fleiss.ratersPerItem]).toEqual([e.fleiss.items, e.fleiss.ratersPerItem]);
      expect(result.fleiss.excludedItems).toBe(c.items.length - e.fleiss.items);

      expectValue(result.krippendorff.alpha, e.krippendorff.alpha);
      expect(result.krippendorff.units).toBe(e.krippendorff.units);
      expect(result.krippendorff.pairableValues).toBe(e.krippendorff.pairableValues);
      if (e.krippendorff.observedDisagreement !== null) {
        expect(result.krippendorff.observedDisagreement).toBeCloseTo(e.krippendorff.observedDisagreement, 12);
        expect(result.krippendorff.expectedDisagreement).toBeCloseTo(e.krippendorff.expectedDisagreement ?? NaN, 12);
      }

      expect(result.items.map((s) => [s.id, s.reviews, s.counts, s.uniqueMajority, s.status, s.grayReasons])).toEqual(
        e.items.map((s) => [s.id, s.m, s.counts, s.uniqueMajority, s.status, s.grayReasons]),
      );
      result.items.forEach((s, k) => {
        const ref = e.items[k];
        for (const key of ['topShare', 'entropy', 'normalizedEntropy', 'pairAgreement'] as const) {
          const want = ref?.[key];
          if (want === null || want === undefined) expect(s[key]).toBeNull();
          else expect(Math.abs((s[key] ?? NaN) - want)).toBeLessThan(TOL);
        }
      });
    });
  }

  it('reproduces the published values to their printed precision', () => {
    const kripp = (name: string) => {
      const c = byName(name);
      return reviewerAgreement(c.items, { labels: c.labels, positive: c.positive }).krippendorff.alpha.value;
    };
    expect(kripp('krippendorff-3x15')?.toFixed(6)).toBe('0.691358');
    expect(kripp('krippendorff-2011-example-c')?.toFixed(5)).toBe('0.74342');
    const fleiss = byName('fleiss-wikipedia');
    const fk = reviewerAgreement(fleiss.items, { labels: fleiss.labels, positive: fleiss.positive }).fleiss.kappa;
    expect(fk.value?.toFixed(4)).toBe('0.2099');
    const cohen = byName('cohen-wikipedia');
    const pair = reviewerAgreement(cohen.items, { labels: cohen.labels, positive: 'spam' }).cohenPairs[0];
    expect(pair?.kappa.value).toBeCloseTo(0.4, 14);
    // a = 20, b + c = 15, d = 15: PA = 40/55, NA = 30/45
    expect(pair?.positiveAgreement?.value).toBeCloseTo(40 / 55, 14);
    expect(pair?.negativeAgreement?.value).toBeCloseTo(30 / 45, 14);
  });
});

describe('edge cases', () => {
  it('all reviewers agree on one label: κ, α and Fleiss undefined with a reason, agreement 1', () => {
    const c = byName('unanimous');
    const result = reviewerAgreement(c.items, { labels: c.labels, positive: 'spam' });
    expect(result.cohenPairs[0]?.kappa.reason).toMatch(/chance agreement is 1/);
    expect(result.krippendorff.alpha.reason).toMatch(/expected disagreement is 0/);
    expect(result.fleiss.kappa.reason).toMatch(/same label/);
    expect(result.percentAgreement.meanItem.value).toBe(1);
    // specific agreement: positive 1, negative undefined (nobody used not_spam)
    expect(result.cohenPairs[0]?.positiveAgreement?.value).toBe(1);
    expect(result.cohenPairs[0]?.negativeAgreement?.value).toBeNull();
  });

  it('a label absent from both raters still belongs to the label list (sklearn labels=)', () => {
    // Without the unused label 'c' the table and p_e are the same; κ must not change.
    const pairs: [string, string][] = [['a', 'a'], ['a', 'b'], ['b', 'b'], ['b', 'b']];
    expect(cohenKappa(pairs, ['a', 'b', 'c']).kappa.value).toBeCloseTo(cohenKappa(pairs, ['a', 'b']).kappa.value ?? NaN, 15);
    // po = 3/4, pe = (2/4)(1/4) + (2/4)(3/4) = 1/2 → κ = 0.5
    expect(cohenKappa(pairs, ['a', 'b']).kappa.value).toBeCloseTo(0.5, 15);
  });

  it('counts a reviewer once per item and drops units with fewer than two values', () => {
    const labels = ['spam', 'not_spam'];
    const signals = itemAgreement(
      {
        id: 'x',
        label: 'spam',
        reviews: [
          { reviewer: 'r1', label: 'spam' },
          { reviewer: 'r1', label: 'not_spam' },
        ],
      },
      { labels, positive: 'spam' },
    );
    expect(signals.reviews).toBe(1);
    expect(signals.status).toBe('unreviewed');
    expect(krippendorffAlphaNominal([[1, 0], [0, 1], [2, 0], [1, 1]]).droppedUnits).toBe(2);
  });

  it('a flagged item is gray even with fewer than two reviews', () => {
    const s = itemAgreement({ id: 'g', label: 'spam', gray_area: true }, { labels: ['spam', 'ham'], positive: 'spam' });
    expect(s.status).toBe('gray');
    expect(s.grayReasons).toEqual(['flagged']);
    expect(s.topShare).toBeNull();
  });

  it('rejects a review label outside the label list as an input error', () => {
    expect(() =>
      reviewerAgreement([{ id: 'a', label: 'spam', reviews: [{ reviewer: 'r', label: 'maybe' }] }], {
        labels: ['spam', 'ham'],
        positive: 'spam',
      }),
    ).toThrow(InputError);
  });
});

describe('candidateAgreement against the reference script', () => {
  const c = byName('spam-panel');
  const e = c.expectedCandidate;
  if (e === undefined || c.predictions === undefined) throw new Error('spam-panel needs predictions');
  const predictions = new Map(Object.entries(c.predictions));
  const result = candidateAgreement(c.items, predictions, {
    labels: c.labels,
    positive: c.positive,
    acceptShare: c.acceptShare,
  });

  it('κ, percent and specific agreement with each reviewer and each group', () => {
    expect(result.reviewers.map((r) => [r.reviewer, r.n])).toEqual(e.reviewers.map((r) => [r.reviewer, r.n]));
    expect(result.groups.map((g) => [g.group, g.n])).toEqual(e.groups.map((g) => [g.group, g.n]));
    for (const [mine, ref] of [
      ...result.reviewers.map((r, k) => [r, e.reviewers[k]] as const),
      ...result.groups.map((g, k) => [g, e.groups[k]] as const),
    ]) {
      expectValue(mine.kappa, ref?.kappa);
      expectValue(mine.percentAgreement, ref?.percentAgreement);
      expectValue(mine.positiveAgreement, ref?.positiveAgreement);
      expectValue(mine.negativeAgreement, ref?.negativeAgreement);
    }
  });

  it('soft, any-acceptable, majority and gray/clear accuracies', () => {
    expectValue(result.softAccuracy, e.softAccuracy);
    expectValue(result.anyReviewerAccuracy, e.anyReviewerAccuracy);
    expectValue(result.shareAccuracy, e.shareAccuracy);
    expectValue(result.majorityAccuracy, e.majorityAccuracy);
    expectValue(result.grayAccuracy, e.grayAccuracy);
    expectValue(result.clearAccuracy, e.clearAccuracy);
    expect([result.reviewedItems, result.majorityItems, result.grayItems, result.clearItems]).toEqual([
      e.reviewedItems,
      e.majorityItems,
      e.grayItems,
      e.clearItems,
    ]);
    expect(result.unpredictedItems).toBe(1);
  });

  it('no predictions: every accuracy undefined, not 0', () => {
    const empty = candidateAgreement(c.items, new Map(), { labels: c.labels, positive: c.positive });
    expect(empty.softAccuracy.value).toBeNull();
    expect(empty.reviewers).toEqual([]);
    expect(empty.unpredictedItems).toBe(c.items.length);
  });
});
