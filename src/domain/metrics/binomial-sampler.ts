/**
 * Exact binomial variates driven by a caller's uniform stream (the bootstrap's mulberry32), so a
 * multinomial bootstrap of confusion counts is seeded and reproducible like the item bootstrap.
 *
 * Two classic exact methods, switched at n·min(p, 1−p) = 30 as numpy's generator does:
 *   - inversion (sequential search of the CDF from 0) when n·p ≤ 30: expected n·p + 1 steps;
 *   - BTPE (Kachitvichyanukul & Schmeiser 1988, "Binomial random variate generation", CACM 31(2))
 *     otherwise: acceptance–rejection under a triangle / parallelogram / two exponential tails
 *     hat, with squeezes and a Stirling-series final test; O(1) expected uniforms per variate.
 * p > 1/2 samples n − Bin(n, 1 − p). Both are exact up to floating point and the 2⁻³² resolution
 * of the uniforms; inversion restarts beyond mean + 10·sd (probability below 1e−20), which only
 * guards against rounding leaving the search running.
 */

/** Uniform in [0, 1), e.g. `mulberry32(seed)`. */
export type UniformSource = () => number;

/** One Bin(n, p) variate; n a non-negative integer, p in [0, 1]. */
export function sampleBinomial(random: UniformSource, n: number, p: number): number {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`n must be a non-negative integer, got ${n}`);
  if (!(p >= 0 && p <= 1)) throw new RangeError(`p must lie in [0, 1], got ${p}`);
  if (n === 0 || p === 0) return 0;
  if (p === 1) return n;
  if (p > 0.5) return n - sampleSmall(random, n, 1 - p);
  return sampleSmall(random, n, p);
}

/** p ≤ 1/2. */
function sampleSmall(random: UniformSource, n: number, p: number): number {
  return n * p <= 30 ? inversion(random, n, p) : btpe(random, n, p);
}

function inversion(random: UniformSource, n: number, p: number): number {
  const q = 1 - p;
  const p0 = Math.exp(n * Math.log(q)); // P(X = 0) ≥ e^−30·… > 0: n·p ≤ 30
  const mean = n * p;
  const bound = Math.min(n, Math.floor(mean + 10 * Math.sqrt(mean * q + 1)));
  for (;;) {
    let u = random();
    let x = 0;
    let px = p0;
    while (u > px && x <= bound) {
      u -= px;
      x += 1;
      px *= ((n - x + 1) * p) / (x * q); // P(x)/P(x−1)
    }
    if (x <= bound) return x;
  }
}

/** Stirling-series remainder terms of ln k! used by BTPE's final test (K&S 1988, step 5.3). */
function stirlingTail(x: number): number {
  const x2 = x * x;
  return (13860 - (462 - (132 - (99 - 140 / x2) / x2) / x2) / x2) / x / 166320;
}

/**
 * BTPE for p ≤ 1/2 and n·p > 30. Regions of the hat: [0, p1] triangle, (p1, p2] parallelograms,
 * (p2, p3] left exponential tail, (p3, p4] right exponential tail.
 */
function btpe(random: UniformSource, n: number, p: number): number {
  const q = 1 - p;
  const npq = n * p * q;
  const fm = n * p + p;
  const m = Math.floor(fm);
  const p1 = Math.floor(2.195 * Math.sqrt(npq) - 4.6 * q) + 0.5;
  const xm = m + 0.5;
  const xl = xm - p1;
  const xr = xm + p1;
  const c = 0.134 + 20.5 / (15.3 + m);
  let a = (fm - xl) / (fm - xl * p);
  const lambdaL = a * (1 + a / 2);
  a = (xr - fm) / (xr * q);
  const lambdaR = a * (1 + a / 2);
  const p2 = p1 * (1 + 2 * c);
  const p3 = p2 + c / lambdaL;
  const p4 = p3 + c / lambdaR;
  const s = p / q;
  const as = s * (n + 1);

  for (;;) {
    const u = random() * p4;
    let v = random();
    let y: number;
    if (u <= p1) {
      // triangle: accepted outright
      return Math.floor(xm - p1 * v + u);
    }
    if (u <= p2) {
      const x = xl + (u - p1) / c;
      v = v * c + 1 - Math.abs(m - x + 0.5) / p1;
      if (v > 1) continue;
      y = Math.floor(x);
    } else if (u <= p3) {
      if (v === 0) continue;
      y = Math.floor(xl + Math.log(v) / lambdaL);
      if (y < 0) continue;
      v *= (u - p2) * lambdaL;
    } else {
      if (v === 0) continue;
      y = Math.floor(xr - Math.log(v) / lambdaR);
      if (y > n) continue;
      v *= (u - p3) * lambdaR;
    }

    const k = Math.abs(y - m);
    if (k <= 20 || k >= npq / 2 - 1) {
      // explicit evaluation of f(y)/f(m) by the recurrence of the pmf
      let f = 1;
      if (m < y) {
        for (let i = m + 1; i <= y; i++) f *= as / i - s;
      } else if (m > y) {
        for (let i = y + 1; i <= m; i++) f /= as / i - s;
      }
      if (v <= f) return y;
      continue;
    }

    // squeeze on ln v, then the final test with Stirling's formula
    const rho = (k / npq) * ((k * (k / 3 + 0.625) + 1 / 6) / npq + 0.5);
    const t = (-k * k) / (2 * npq);
    const logV = Math.log(v);
    if (logV < t - rho) return y;
    if (logV > t + rho) continue;
    const x1 = y + 1;
    const f1 = m + 1;
    const z = n + 1 - m;
    const w = n - y + 1;
    const bound =
      xm * Math.log(f1 / x1) +
      (n - m + 0.5) * Math.log(z / w) +
      (y - m) * Math.log((w * p) / (x1 * q)) +
      stirlingTail(f1) +
      stirlingTail(z) +
      stirlingTail(x1) +
      stirlingTail(w);
    if (logV <= bound) return y;
  }
}

/**
 * Multinomial(n, p) with p_j = weights_j / Σ weights, as sequential binomials: cell j gets
 * Bin(n − drawn so far, weights_j / Σ_{i≥j} weights_i); the last cell takes the rest. Taking the
 * weights (e.g. the observed counts) rather than probabilities keeps every conditional
 * probability a ratio of exact sums. Cells of weight 0 consume no uniforms. Writes into `out`
 * (length k) so a replicate loop allocates nothing.
 */
export function sampleMultinomial(random: UniformSource, n: number, weights: ArrayLike<number>, out: Float64Array): void {
  const k = weights.length;
  let rest = 0;
  for (let j = 0; j < k; j++) {
    const w = weights[j] ?? 0;
    if (!(w >= 0 && Number.isFinite(w))) throw new RangeError(`cell weights must be finite and non-negative, got ${w}`);
    rest += w;
  }
  if (!(rest > 0) && n > 0) throw new RangeError('cell weights sum to 0');
  let left = n;
  for (let j = 0; j < k - 1; j++) {
    const w = weights[j] ?? 0;
    const draw = left === 0 || w === 0 ? 0 : sampleBinomial(random, left, Math.min(1, w / rest));
    out[j] = draw;
    left -= draw;
    rest -= w;
  }
  if (k > 0) out[k - 1] = left;
}
