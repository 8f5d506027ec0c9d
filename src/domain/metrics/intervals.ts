/**
 * Confidence intervals and bounds for a binomial proportion (METHODS §2.1–2.2).
 *
 * - Wilson score interval: for display, one formula for every proportion.
 * - Clopper–Pearson (exact, Beta quantiles): for guarantees and gates, two-sided or one-sided.
 *
 * `x` and `n` may be non-integer: with sampling weights the caller passes Kish/Korn–Graubard
 * effective counts (x = p̂·n_eff, n = n_eff). `n = 0` (no data) gives the uninformative [0, 1].
 */
import betaQuantile from '@stdlib/stats-base-dists-beta-quantile';
import stdlibBinomialCdf from '@stdlib/stats-base-dists-binomial-cdf';
import stdlibNormalQuantile from '@stdlib/stats-base-dists-normal-quantile';
import type { Interval } from './estimate.js';

function checkProportion(x: number, n: number, confidence: number): void {
  if (!Number.isFinite(n) || n < 0) throw new RangeError(`n must be a finite number ≥ 0, got ${n}`);
  if (!Number.isFinite(x) || x < 0 || x > n) throw new RangeError(`x must lie in [0, n] = [0, ${n}], got ${x}`);
  if (!(confidence > 0 && confidence < 1)) throw new RangeError(`confidence must lie in (0, 1), got ${confidence}`);
}

/** Standard normal quantile Φ⁻¹(p). */
export function normalQuantile(p: number): number {
  return stdlibNormalQuantile(p, 0, 1);
}

/** P(X ≤ k) for X ~ Binomial(n, p); k and n integers (stdlib returns NaN for a non-integer n). */
export function binomialCdf(k: number, n: number, p: number): number {
  return stdlibBinomialCdf(k, n, p);
}

/**
 * Wilson (1927) score interval: centre (x + z²/2)/(n + z²), half-width
 * z/(n + z²)·√(x(n−x)/n + z²/4), z = Φ⁻¹(1 − a/2). Clamped to [0, 1] so that float noise at
 * x = 0 or x = n cannot leave the unit interval.
 */
export function wilsonInterval(x: number, n: number, confidence = 0.95): Interval {
  checkProportion(x, n, confidence);
  if (n === 0) return { low: 0, high: 1, confidence, method: 'wilson' };
  const z = normalQuantile(1 - (1 - confidence) / 2);
  const z2 = z * z;
  const centre = (x + z2 / 2) / (n + z2);
  const half = (z / (n + z2)) * Math.sqrt((x * (n - x)) / n + z2 / 4);
  return {
    low: x === 0 ? 0 : Math.max(0, centre - half),
    high: x === n ? 1 : Math.min(1, centre + half),
    confidence,
    method: 'wilson',
  };
}

/**
 * Two-sided Clopper–Pearson (1934) interval [B⁻¹(a/2; x, n−x+1), B⁻¹(1−a/2; x+1, n−x)], with
 * lower = 0 at x = 0 and upper = 1 at x = n exactly (the Beta quantile is undefined there).
 */
export function clopperPearsonInterval(x: number, n: number, confidence = 0.95): Interval {
  checkProportion(x, n, confidence);
  const half = (1 - confidence) / 2;
  return {
    low: x === 0 ? 0 : betaQuantile(half, x, n - x + 1),
    high: x === n ? 1 : betaQuantile(1 - half, x + 1, n - x),
    confidence,
    method: 'clopper-pearson',
  };
}

/**
 * One-sided Clopper–Pearson lower bound at confidence 1−δ: B⁻¹(δ; x, n−x+1). Equivalent to the
 * exact binomial test: bound ≥ p0 ⇔ BinomCDF(n−x; n, 1−p0) ≤ δ. At x = n the closed form δ^(1/n)
 * is used (36/36 at 0.975 → 0.9026); at x = 0 (or n = 0) the bound is 0.
 */
export function clopperPearsonLower(x: number, n: number, confidence = 0.95): number {
  checkProportion(x, n, confidence);
  const delta = 1 - confidence;
  if (x === 0) return 0;
  if (x === n) return Math.pow(delta, 1 / n);
  return betaQuantile(delta, x, n - x + 1);
}

/**
 * One-sided Clopper–Pearson upper bound at confidence 1−δ: B⁻¹(1−δ; x+1, n−x). At x = 0 the
 * closed form 1 − δ^(1/n) is used (the exact "rule of three" bound); at x = n (or n = 0) it is 1.
 */
export function clopperPearsonUpper(x: number, n: number, confidence = 0.95): number {
  checkProportion(x, n, confidence);
  const delta = 1 - confidence;
  if (x === n) return 1;
  if (x === 0) return 1 - Math.pow(delta, 1 / n);
  return betaQuantile(1 - delta, x + 1, n - x);
}

/**
 * Kish's (1965) effective sample size (Σw)²/Σw²: the number of unweighted items carrying the
 * same information as these weighted ones. 0 for no weight at all.
 */
export function kishEffectiveSize(weights: ArrayLike<number>): number {
  let sum = 0;
  let sumSq = 0;
  for (let i = 0; i < weights.length; i++) {
    const w = weights[i] ?? 0;
    sum += w;
    sumSq += w * w;
  }
  return kishEffectiveSizeFromSums(sum, sumSq);
}

/** Kish's effective size from Σw and Σw², for callers that accumulate them anyway. */
export function kishEffectiveSizeFromSums(sum: number, sumSq: number): number {
  return sumSq > 0 ? (sum * sum) / sumSq : 0;
}
