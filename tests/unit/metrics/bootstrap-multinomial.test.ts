import { describe, expect, it } from 'vitest';
import { sampleBinomial, sampleMultinomial } from '../../../src/domain/metrics/binomial-sampler.js';
import {
  chooseCountResampling,
  MULTINOMIAL_MIN_DRAWS,
  multinomialCountsDistribution,
  mulberry32,
  quantileLinear,
} from '../../../src/domain/metrics/bootstrap.js';
import { fbetaBootstrapInterval } from '../../../src/domain/metrics/classification-report.js';
import { predictPositive } from '../../../src/domain/metrics/confusion.js';
import { binomialCdf } from '../../../src/domain/metrics/intervals.js';
import { binaryInputs, loadReference, type MultinomialCase } from './metrics-reference.js';

const ref = loadReference();

/** Items in cell order tp, fp, fn, tn, with the given counts. */
function itemsOf(counts: readonly number[]): { gold: boolean[]; predicted: boolean[] } {
  const gold: boolean[] = [];
  const predicted: boolean[] = [];
  const cells: Array<[boolean, boolean]> = [
    [true, true],
    [false, true],
    [true, false],
    [false, false],
  ];
  cells.forEach(([g, p], j) => {
    for (let i = 0; i < (counts[j] ?? 0); i++) {
      gold.push(g);
      predicted.push(p);
    }
  });
  return { gold, predicted };
}

function multinomialCase(name: string): MultinomialCase {
  const c = ref.bootstrap_multinomial.cases.find((x) => x.name === name);
  if (!c) throw new Error(`missing case ${name}`);
  return c;
}

describe('sampleBinomial', () => {
  // inversion (n·p ≤ 30), BTPE (n·p > 30, both the explicit-ratio and the squeeze branches),
  // p > 1/2 by reflection, and n large enough for the report's sizes
  const cases: Array<[number, number]> = [
    [50, 0.1],
    [1000, 0.02],
    [100_000, 0.00005],
    [1000, 0.3],
    [200, 0.9],
    [1_000_000, 0.25],
    [12_345, 0.5],
  ];
  it.each(cases)('Bin(%i, %f) has mean np and variance np(1−p)', (n, p) => {
    const random = mulberry32(4242);
    const draws = 100_000;
    let sum = 0;
    let sumSq = 0;
    let outside = 0;
    for (let i = 0; i < draws; i++) {
      const x = sampleBinomial(random, n, p);
      if (!(Number.isInteger(x) && x >= 0 && x <= n)) outside += 1;
      sum += x;
      sumSq += x * x;
    }
    const mean = sum / draws;
    const variance = sumSq / draws - mean * mean;
    const sigma2 = n * p * (1 - p);
    expect(outside).toBe(0);
    // 5 standard errors: the mean's is σ/√N, the variance's about σ²·√(2/N)
    expect(Math.abs(mean - n * p)).toBeLessThan(5 * Math.sqrt(sigma2 / draws));
    expect(Math.abs(variance / sigma2 - 1)).toBeLessThan(5 * Math.sqrt(2 / draws) + 1 / sigma2);
  });

  // the whole distribution, not only two moments: Pearson χ² against the exact pmf
  it.each([
    [60, 0.4],
    [100, 0.35],
    [2000, 0.3],
    [400, 0.08],
  ])('Bin(%i, %f) passes a χ² goodness-of-fit test against the exact pmf', (n, p) => {
    const random = mulberry32(777);
    const draws = 200_000;
    const observed = new Float64Array(n + 1);
    for (let i = 0; i < draws; i++) {
      const x = sampleBinomial(random, n, p);
      observed[x] = (observed[x] ?? 0) + 1;
    }
    // bins of expected count ≥ 20, tails merged into their neighbours
    let chi2 = 0;
    let bins = 0;
    let obs = 0;
    let previousCdf = 0;
    for (let k = 0; k <= n; k++) {
      obs += observed[k] ?? 0;
      const cdf = k === n ? 1 : binomialCdf(k, n, p);
      const expected = (cdf - previousCdf) * draws;
      const restExpected = (1 - cdf) * draws;
      if (expected >= 20 && (restExpected >= 20 || k === n)) {
        chi2 += ((obs - expected) ** 2) / expected;
        bins += 1;
        obs = 0;
        previousCdf = cdf;
      } else if (k === n) {
        chi2 += ((obs - expected) ** 2) / Math.max(expected, 1e-300);
        bins += 1;
      }
    }
    const df = bins - 1;
    // Wilson–Hilferty: χ²/df is ≈ normal with mean 1 − 2/(9df), variance 2/(9df); z < 4.5
    const z = (Math.cbrt(chi2 / df) - (1 - 2 / (9 * df))) / Math.sqrt(2 / (9 * df));
    expect(df).toBeGreaterThan(5);
    expect(z).toBeLessThan(4.5);
  });

  it('handles the edges without drawing', () => {
    const random = mulberry32(1);
    expect(sampleBinomial(random, 0, 0.3)).toBe(0);
    expect(sampleBinomial(random, 10, 0)).toBe(0);
    expect(sampleBinomial(random, 10, 1)).toBe(10);
    expect(random()).toBe(mulberry32(1)()); // nothing consumed
    expect(() => sampleBinomial(random, 2.5, 0.3)).toThrow(RangeError);
    expect(() => sampleBinomial(random, 10, 1.5)).toThrow(RangeError);
  });
});

describe('sampleMultinomial', () => {
  it('sums to n and has mean n·p_j in every cell; empty cells stay empty', () => {
    const random = mulberry32(99);
    const weights = [458, 0, 132, 1284];
    const total = 458 + 132 + 1284;
    const out = new Float64Array(4);
    const sums = [0, 0, 0, 0];
    const draws = 20_000;
    let wrong = 0;
    for (let i = 0; i < draws; i++) {
      sampleMultinomial(random, total, weights, out);
      if (out.reduce((a, b) => a + b, 0) !== total || out[1] !== 0) wrong += 1;
      out.forEach((v, j) => (sums[j] = (sums[j] ?? 0) + v));
    }
    expect(wrong).toBe(0);
    weights.forEach((w, j) => {
      const p = w / total;
      const se = Math.sqrt((total * p * (1 - p)) / draws);
      expect(Math.abs((sums[j] ?? 0) / draws - total * p)).toBeLessThanOrEqual(5 * se);
    });
  });
});

describe('multinomial-counts resampling of F-beta', () => {
  it('switches at MULTINOMIAL_MIN_DRAWS item draws', () => {
    expect(MULTINOMIAL_MIN_DRAWS).toBe(ref.bootstrap_multinomial.threshold_draws);
    expect(chooseCountResampling(10_000, 2000)).toBe('items');
    expect(chooseCountResampling(10_001, 2000)).toBe('multinomial-counts');
    expect(chooseCountResampling(2000, 10_000)).toBe('items');
    expect(chooseCountResampling(1_000_000, 2000, 'items')).toBe('items');
    expect(chooseCountResampling(18, 2000, 'multinomial-counts')).toBe('multinomial-counts');
  });

  it('stays on exact item resampling below the switch (the numpy reference, bit for bit)', () => {
    const c = ref.bootstrap.find((b) => b.name === 'synthetic_f1');
    const dataset = ref.binary['synthetic'];
    if (!c || !dataset) throw new Error('missing case');
    const { gold, scores } = binaryInputs(dataset.inputs);
    const ci = fbetaBootstrapInterval(gold, predictPositive(scores, 0.5), { seed: c.seed, replicates: c.replicates });
    expect(ci?.resampling).toBe('items');
    expect([ci?.low, ci?.high]).toEqual([c.low, c.high]);
  });

  it.each(['synthetic_f1', 'synthetic_f0.5'])(
    '%s: forced multinomial draws give the item bootstrap distribution (n = 2 000)',
    (name) => {
      const c = multinomialCase(name);
      const { gold, predicted } = itemsOf(c.counts);
      // 2 000 replicates as in a report: within 4 Monte Carlo SEs of numpy's 200 000-draw band
      const ci = fbetaBootstrapInterval(gold, predicted, { beta: c.beta, resampling: 'multinomial-counts' });
      expect(ci?.resampling).toBe('multinomial-counts');
      const tolerance2000 = c.tolerance * Math.sqrt(c.scipy_items.replicates / 2000);
      expect(Math.abs((ci?.low ?? 0) - c.multinomial.low)).toBeLessThan(tolerance2000);
      expect(Math.abs((ci?.high ?? 0) - c.multinomial.high)).toBeLessThan(tolerance2000);
      // and the exact item bootstrap sits in the same band
      const items = fbetaBootstrapInterval(gold, predicted, { beta: c.beta, resampling: 'items' });
      expect(Math.abs((items?.low ?? 0) - c.multinomial.low)).toBeLessThan(tolerance2000);
      expect(Math.abs((items?.high ?? 0) - c.multinomial.high)).toBeLessThan(tolerance2000);
      // 50 000 replicates: every quartile of the distribution, much tighter
      const b = c.beta;
      const distribution = multinomialCountsDistribution(
        c.counts,
        (v) => {
          const den = (1 + b * b) * (v[0] ?? 0) + b * b * (v[2] ?? 0) + (v[1] ?? 0);
          return den > 0 ? ((1 + b * b) * (v[0] ?? 0)) / den : null;
        },
        { replicates: 50_000, seed: 3 },
      );
      [0.025, 0.25, 0.5, 0.75, 0.975].forEach((q, i) => {
        const expected = c.multinomial.quantiles[i] ?? Number.NaN;
        expect(Math.abs(quantileLinear(distribution.values, q) - expected)).toBeLessThan(0.1 * c.multinomial.sd);
      });
    },
  );

  it.each(['large_f1', 'large_f0.5'])('%s (n = 200 000): auto picks multinomial draws, within the reference bands, fast', (name) => {
    const c = multinomialCase(name);
    const { gold, predicted } = itemsOf(c.counts);
    const start = performance.now();
    const ci = fbetaBootstrapInterval(gold, predicted, { beta: c.beta });
    const elapsed = performance.now() - start;
    expect(ci).toMatchObject({ method: 'percentile', resampling: 'multinomial-counts', replicates: 2000, seed: 12345, dropped: 0 });
    const tolerance2000 = c.tolerance * Math.sqrt(c.scipy_items.replicates / 2000);
    expect(Math.abs((ci?.low ?? 0) - c.multinomial.low)).toBeLessThan(tolerance2000);
    expect(Math.abs((ci?.high ?? 0) - c.multinomial.high)).toBeLessThan(tolerance2000);
    // scipy's own item bootstrap: the brief's ±0.005 band, and in fact much closer
    expect(Math.abs((ci?.low ?? 0) - c.scipy_items.low)).toBeLessThan(0.005);
    expect(Math.abs((ci?.high ?? 0) - c.scipy_items.high)).toBeLessThan(0.005);
    expect(Math.abs((ci?.low ?? 0) - c.scipy_items.low)).toBeLessThan(2 * c.tolerance);
    expect(Math.abs((ci?.high ?? 0) - c.scipy_items.high)).toBeLessThan(2 * c.tolerance);
    // building the cell counts is O(n); the 2 000 replicates are O(1) each
    expect(elapsed).toBeLessThan(1000);
  });

  it('is reproducible: the same seed gives the same interval, another seed another', () => {
    const c = multinomialCase('large_f1');
    const { gold, predicted } = itemsOf(c.counts);
    const a = fbetaBootstrapInterval(gold, predicted, { seed: 2024 });
    const b = fbetaBootstrapInterval(gold, predicted, { seed: 2024 });
    const other = fbetaBootstrapInterval(gold, predicted, { seed: 2025 });
    expect(a).toEqual(b);
    expect(a?.seed).toBe(2024);
    expect([other?.low, other?.high]).not.toEqual([a?.low, a?.high]);
  });

  it('drops replicates with no positives at all, as the item bootstrap does', () => {
    // 1 gold positive, predicted positive, among 30 000 items: ~e^−1 of replicates have none
    const { gold, predicted } = itemsOf([1, 0, 0, 29_999]);
    const ci = fbetaBootstrapInterval(gold, predicted, { resampling: 'multinomial-counts', replicates: 2000 });
    expect(ci?.low).toBe(1);
    expect(ci?.high).toBe(1);
    const expectedDropped = 2000 * Math.exp(-1);
    expect(Math.abs((ci?.dropped ?? 0) - expectedDropped)).toBeLessThan(5 * Math.sqrt(expectedDropped));
  });

  it('refuses multinomial draws for weighted or stratified sets (weights differ per item)', () => {
    const { gold, predicted } = itemsOf([3, 2, 1, 4]);
    const weights = gold.map((_, i) => 1 + (i % 3));
    expect(() => fbetaBootstrapInterval(gold, predicted, { weights, resampling: 'multinomial-counts' })).toThrow(RangeError);
    // auto keeps item resampling for them, even above the switch
    const big = itemsOf([3000, 2000, 1000, 4000]);
    const bigWeights = big.gold.map((_, i) => 1 + (i % 3));
    expect(chooseCountResampling(10_000, 2001)).toBe('multinomial-counts');
    expect(fbetaBootstrapInterval(big.gold, big.predicted, { weights: bigWeights, replicates: 2001 })?.resampling).toBe('items');
  });
});
