import { describe, expect, it } from 'vitest';
import { compareCandidates, mcnemarTest, type McNemarResult } from '../../../src/domain/metrics/mcnemar.js';
import reference from '../../reference/stats-expected.json' with { type: 'json' };

// Expected values: statsmodels mcnemar(exact=True / exact=False ± correction), scipy binom for
// the mid-p and chi2.sf (tests/reference/stats_reference.py).
type Ref = (typeof reference.mcnemar.tables)[number];

function expectMatches(actual: McNemarResult, ref: Ref): void {
  expect([actual.b, actual.c]).toEqual([ref.b, ref.c]);
  expect(actual.exactP).toBeCloseTo(ref.exactP, 12);
  expect(actual.midP).toBeCloseTo(ref.midP, 12);
  for (const key of ['chi2', 'chi2P', 'chi2Corrected', 'chi2CorrectedP'] as const) {
    const want = ref[key];
    if (want === null) {
      expect(actual[key].value).toBeNull();
      expect(actual[key].reason).toMatch(/no discordant/);
    } else {
      expect(Math.abs((actual[key].value ?? NaN) - want)).toBeLessThan(1e-12);
    }
  }
}

describe('mcnemarTest', () => {
  for (const ref of reference.mcnemar.tables) {
    it(`b=${ref.b}, c=${ref.c} matches statsmodels/scipy`, () => expectMatches(mcnemarTest(ref.b, ref.c), ref));
  }

  it('reproduces the values quoted in METHODS §7.1 (b=2, c=5)', () => {
    const r = mcnemarTest(2, 5);
    expect(r.exactP).toBe(0.453125);
    expect(r.midP).toBe(0.2890625);
    expect(r.chi2CorrectedP.value?.toFixed(4)).toBe('0.4497');
    expect(r.chi2P.value?.toFixed(4)).toBe('0.2568');
  });

  it('is symmetric in b and c, and rejects non-counts', () => {
    expect(mcnemarTest(5, 2)).toMatchObject({ exactP: 0.453125, midP: 0.2890625 });
    expect(() => mcnemarTest(-1, 2)).toThrow(RangeError);
    expect(() => mcnemarTest(1.5, 2)).toThrow(RangeError);
  });
});

describe('compareCandidates', () => {
  it('splits correctness flips overall, on gold negatives (FP) and gold positives (FN)', () => {
    const { items, positive, expected } = reference.mcnemar.paired;
    const result = compareCandidates(items, positive);
    expectMatches(result.overall, expected.overall);
    expectMatches(result.goldNegatives, expected.goldNegatives);
    expectMatches(result.goldPositives, expected.goldPositives);
    // METHODS Example 1's structure: b=2, c=5 overall; FP flips 1 vs 3 (p .625); FN flips 1 vs 2 (p 1)
    expect([result.goldNegatives.b, result.goldNegatives.c, result.goldNegatives.exactP]).toEqual([1, 3, 0.625]);
    expect([result.goldPositives.b, result.goldPositives.c, result.goldPositives.exactP]).toEqual([1, 2, 1]);
  });

  it('a confusion between two non-enforced labels is no false positive', () => {
    const r = compareCandidates([{ gold: 'ham', a: 'ham', b: 'newsletter' }], 'spam');
    expect([r.overall.b, r.goldNegatives.b]).toEqual([1, 0]);
  });
});
