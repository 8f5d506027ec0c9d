import { describe, expect, it } from 'vitest';
import {
  binomialCdf,
  clopperPearsonInterval,
  clopperPearsonLower,
  clopperPearsonUpper,
  kishEffectiveSize,
  normalQuantile,
  wilsonInterval,
} from '../../../src/domain/metrics/intervals.js';
import { ratioEstimate } from '../../../src/domain/metrics/estimate.js';
import { expectClose, loadReference } from './metrics-reference.js';

const ref = loadReference().intervals;

describe('binomial intervals against statsmodels / scipy', () => {
  it.each(ref.cases)('x=$x n=$n confidence=$confidence', (c) => {
    const w = wilsonInterval(c.x, c.n, c.confidence);
    expectClose(w.low, c.wilson[0], 'wilson low');
    expectClose(w.high, c.wilson[1], 'wilson high');
    expect(w.method).toBe('wilson');
    const cp = clopperPearsonInterval(c.x, c.n, c.confidence);
    expectClose(cp.low, c.clopper_pearson[0], 'cp low');
    expectClose(cp.high, c.clopper_pearson[1], 'cp high');
    expectClose(clopperPearsonLower(c.x, c.n, c.confidence), c.cp_lower_one_sided, 'cp lower');
    expectClose(clopperPearsonUpper(c.x, c.n, c.confidence), c.cp_upper_one_sided, 'cp upper');
  });

  it('reproduces Newcombe (1998) Table II to 4 d.p. and the scipy docstring example', () => {
    const round4 = (v: number) => Math.round(v * 1e4) / 1e4;
    const w = wilsonInterval(81, 263);
    expect([round4(w.low), round4(w.high)]).toEqual([0.2553, 0.3662]);
    const cp = clopperPearsonInterval(81, 263);
    expect([round4(cp.low), round4(cp.high)]).toEqual([0.2527, 0.3676]);
    expect(round4(wilsonInterval(0, 20).high)).toBe(0.1611);
    expect(round4(clopperPearsonInterval(0, 20).high)).toBe(0.1684);
    const exact = clopperPearsonInterval(7, 50);
    expect(exact.low).toBeCloseTo(0.05819170033997342, 12);
    expect(exact.high).toBeCloseTo(0.26739600249700846, 12);
  });

  it('is exact at the edges: 36/36 one-sided at 97.5% is 0.025^(1/36)', () => {
    expect(clopperPearsonLower(36, 36, 0.975)).toBe(Math.pow(0.025000000000000022, 1 / 36));
    expect(Math.round(clopperPearsonLower(36, 36, 0.975) * 1e4) / 1e4).toBe(0.9026);
    expect(clopperPearsonLower(0, 10)).toBe(0);
    expect(clopperPearsonUpper(10, 10)).toBe(1);
    expect(wilsonInterval(0, 7).low).toBe(0);
    expect(wilsonInterval(7, 7).high).toBe(1);
  });

  it('gives the uninformative [0, 1] for an empty sample and rejects impossible counts', () => {
    expect(wilsonInterval(0, 0)).toMatchObject({ low: 0, high: 1 });
    expect(clopperPearsonInterval(0, 0)).toMatchObject({ low: 0, high: 1 });
    expect(clopperPearsonLower(0, 0)).toBe(0);
    expect(clopperPearsonUpper(0, 0)).toBe(1);
    expect(() => wilsonInterval(3, 2)).toThrow(RangeError);
    expect(() => wilsonInterval(-1, 2)).toThrow(RangeError);
    expect(() => clopperPearsonInterval(1, 2, 1)).toThrow(RangeError);
    expect(() => wilsonInterval(1, Number.NaN)).toThrow(RangeError);
  });

  it('one-sided lower bound ≥ p0 exactly when the exact binomial test rejects (duality)', () => {
    for (const [n, x, p0] of [
      [40, 40, 0.9],
      [46, 45, 0.9],
      [45, 44, 0.9],
      [473, 472, 0.99],
      [472, 471, 0.99],
    ] as const) {
      const p = binomialCdf(n - x, n, 1 - p0);
      expect(clopperPearsonLower(x, n, 0.95) >= p0, `${x}/${n}`).toBe(p <= 0.05);
    }
  });

  it('certifies the sample sizes METHODS quotes (299/473/628 for 0.99 …)', () => {
    for (const s of ref.sample_sizes) {
      const passes = (n: number) => clopperPearsonLower(n - s.errors, n, 0.95) >= s.target;
      expect(passes(s.n), `${s.target} with ${s.errors} errors at n=${s.n}`).toBe(true);
      expect(passes(s.n - 1), `${s.target} with ${s.errors} errors at n=${s.n - 1}`).toBe(false);
    }
  });

  it('binomialCdf and normalQuantile match scipy', () => {
    for (const c of ref.binomial_cdf) expectClose(binomialCdf(c.k, c.n, c.p), c.value, `cdf ${c.k};${c.n},${c.p}`);
    for (const c of ref.normal_quantile) expectClose(normalQuantile(c.p), c.value, `ppf ${c.p}`);
    expect(normalQuantile(0.975)).toBeCloseTo(1.959963984540054, 14);
  });

  it('kishEffectiveSize is (Σw)²/Σw²', () => {
    for (const c of ref.kish) expectClose(kishEffectiveSize(c.weights), c.value, c.weights.join(','));
    expect(kishEffectiveSize([])).toBe(0);
  });
});

describe('ratioEstimate', () => {
  it('is null with the reason when the denominator is 0', () => {
    expect(ratioEstimate(0, 0, { zeroReason: 'no predicted positives' })).toEqual({
      value: null,
      reason: 'no predicted positives',
      numerator: 0,
      denominator: 0,
    });
  });

  it('uses the plain binomial counts without weights', () => {
    const e = ratioEstimate(81, 263, { zeroReason: '-' });
    expect(e.value).toBe(81 / 263);
    expect(e.effectiveDenominator).toBe(263);
    expect(e.ci).toEqual(wilsonInterval(81, 263));
  });

  it('takes the Wilson interval at Kish effective counts with weights', () => {
    // weights [1, 2, 3, 4] in the denominator, the first two in the numerator:
    // p̂ = 3/10, n_eff = 100/30, x = p̂·n_eff = 1
    const e = ratioEstimate(3, 10, { zeroReason: '-', denominatorSumSq: 30 });
    expect(e.value).toBeCloseTo(0.3, 15);
    expect(e.effectiveDenominator).toBeCloseTo(10 / 3, 14);
    const w = wilsonInterval(1, 10 / 3);
    expect(e.ci?.low).toBeCloseTo(w.low, 14);
    expect(e.ci?.high).toBeCloseTo(w.high, 14);
    // equal weights c change nothing: n_eff is the item count again
    const scaled = ratioEstimate(2.5 * 81, 2.5 * 263, { zeroReason: '-', denominatorSumSq: 2.5 * 2.5 * 263 });
    expect(scaled.ci?.low).toBeCloseTo(wilsonInterval(81, 263).low, 12);
  });
});
