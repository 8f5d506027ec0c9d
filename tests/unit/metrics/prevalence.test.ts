import { describe, expect, it } from 'vitest';
import {
  correctForPrevalence,
  designRatio,
  falsePositivesPerDay,
  stratifiedDesign,
  weightedClassification,
  weightedDesign,
  type DesignRatio,
} from '../../../src/domain/metrics/prevalence.js';
import type { Estimate } from '../../../src/domain/metrics/estimate.js';
import { InputError } from '../../../src/domain/problems.js';
import reference from '../../reference/stats-expected.json' with { type: 'json' };

// Expected values: numpy implementation of METHODS §5.2/§5.3 in tests/reference/stats_reference.py,
// every Clopper–Pearson step by statsmodels proportion_confint(method='beta').
const TOL = 1e-12;

function near(actual: number | null | undefined, expected: number | null | undefined, tol = TOL): void {
  if (expected === null || expected === undefined) {
    expect(actual ?? null).toBeNull();
    return;
  }
  expect(actual).not.toBeNull();
  expect(Math.abs((actual ?? NaN) - expected)).toBeLessThan(tol);
}

describe('correctForPrevalence (stated π, label-stratified set)', () => {
  for (const ref of reference.prevalence.stated) {
    const { tp, fn, fp, tn } = ref.counts;
    it(`counts ${tp}/${fn}/${fp}/${tn} at π = ${ref.prevalence}`, () => {
      const r = correctForPrevalence(ref.counts, {
        prevalence: ref.prevalence,
        confidence: ref.confidence,
        perItems: ref.perItems,
      });
      near(r.precision.value, ref.precision);
      near(r.precisionLowerBound.value, ref.precisionLowerBound);
      near(r.npv.value, ref.npv);
      near(r.falseOmissionRate.value, ref.falseOmissionRate);
      near(r.falseOmissionRateUpperBound.value, ref.falseOmissionRateUpperBound);
      near(r.accuracy.value, ref.accuracy);
      near(r.falsePositivesPerItems.value.value, ref.falsePositivesPerItems, 1e-6);
      if (ref.mercaldo === null) {
        expect(r.precision.ci).toBeUndefined();
      } else {
        expect(r.precision.ci?.method).toBe('mercaldo-logit');
        near(r.precision.ci?.low, ref.mercaldo[0]);
        near(r.precision.ci?.high, ref.mercaldo[1]);
      }
      for (const e of [r.precision, r.precisionLowerBound, r.npv, r.accuracy] as Estimate[]) {
        if (e.value === null) expect(e.reason).toEqual(expect.any(String));
      }
    });
  }

  it('the conservative bound sits below the point estimate, and precision falls with prevalence', () => {
    const counts = { tp: 36, fn: 4, fp: 3, tn: 77 };
    const low = correctForPrevalence(counts, { prevalence: 0.02 });
    const high = correctForPrevalence(counts, { prevalence: 0.16 });
    expect(low.precisionLowerBound.value ?? 1).toBeLessThan(low.precision.value ?? 0);
    expect(low.precision.value ?? 1).toBeLessThan(high.precision.value ?? 0);
    expect(() => correctForPrevalence(counts, { prevalence: 0 })).toThrow(RangeError);
  });
});

interface RatioRef {
  value: number;
  variance: number | null;
  effectiveDenominator: number;
  method: string;
  low: number;
  high: number;
  singletonStrata: number;
}

function expectRatio(actual: DesignRatio, ref: RatioRef | null): void {
  if (ref === null) {
    expect(actual.value).toBeNull();
    return;
  }
  near(actual.value, ref.value);
  near(actual.variance, ref.variance, 1e-15);
  expect(actual.effectiveSizeMethod).toBe(ref.method);
  expect(Math.abs((actual.effectiveDenominator ?? NaN) - ref.effectiveDenominator) / ref.effectiveDenominator).toBeLessThan(1e-10);
  expect(actual.ci?.method).toBe('korn-graubard');
  near(actual.ci?.low, ref.low, 1e-10);
  near(actual.ci?.high, ref.high, 1e-10);
  expect(actual.singletonStrata).toBe(ref.singletonStrata);
}

describe('weightedClassification (inverse-probability weights)', () => {
  it('stratified design: ratio estimates, linearized variance with FPC, Korn–Graubard intervals', () => {
    const { strata, items, expected } = reference.prevalence.stratified;
    const design = stratifiedDesign(items, strata);
    expect(design.strata.map((s) => s.sample)).toEqual([40, 40, 40, 1]);
    const r = weightedClassification(
      items.map((i) => i.gold),
      items.map((i) => i.decided),
      design,
    );
    for (const key of Object.keys(expected) as (keyof typeof expected)[]) expectRatio(r[key], expected[key]);
  });

  it('item weights without strata: Kish effective size', () => {
    const { items, expected } = reference.prevalence.weighted;
    const r = weightedClassification(
      items.map((i) => i.gold),
      items.map((i) => i.decided),
      weightedDesign(items.map((i) => i.weight)),
      0.9,
    );
    for (const key of Object.keys(expected) as (keyof typeof expected)[]) expectRatio(r[key], expected[key]);
  });

  it('falls back to Kish when the design variance is 0 (METHODS: 6/6 → [0.5407, 1])', () => {
    const { strata, items, expected } = reference.prevalence.kishFallback;
    const r = weightedClassification(
      items.map((i) => i.gold),
      items.map((i) => i.decided),
      stratifiedDesign(items, strata),
    );
    expectRatio(r.precision, expected.precision);
    expect(r.precision.ci?.low.toFixed(4)).toBe('0.5407');
  });

  it('unit weights give the exact Clopper–Pearson interval of the counts', () => {
    const a = [1, 1, 1, 0, 0, 0, 0];
    const b = [1, 1, 1, 1, 1, 0, 0];
    const r = designRatio(a, b, weightedDesign(a.map(() => 1)), { zeroReason: 'none' });
    expect(r.value).toBeCloseTo(3 / 5, 15);
    // statsmodels proportion_confint(3, 5, alpha=0.05, method='beta')
    near(r.ci?.low, 0.14663279963467313);
    near(r.ci?.high, 0.9472550494736831);
  });

  it('an empty denominator is null with the reason, and FP per day scales the share', () => {
    const r = designRatio([0, 0], [0, 0], weightedDesign([1, 1]), { zeroReason: 'no predicted positives' });
    expect(r).toMatchObject({ value: null, reason: 'no predicted positives' });
    expect(falsePositivesPerDay(r, 1000).value).toBeNull();
    const share: Estimate = { value: 0.01, ci: { low: 0.005, high: 0.02, confidence: 0.95, method: 'korn-graubard' } };
    expect(falsePositivesPerDay(share, 10_000)).toMatchObject({ value: 100, ci: { low: 50, high: 200 } });
  });

  it('an item outside the declared strata is an input error naming it', () => {
    expect(() => stratifiedDesign([{ id: 'a', stratum: 'nope' }, { id: 'b' }], { top: { population: 10 } })).toThrow(InputError);
  });
});
