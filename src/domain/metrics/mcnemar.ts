import erfc from '@stdlib/math-base-special-erfc';
import type { Estimate } from './estimate.js';
import { binomialCdf } from './intervals.js';

/**
 * McNemar's test for two candidates on the same items (METHODS §7.1). b = #(A right, B wrong),
 * c = #(A wrong, B right). The exact conditional test is the default: the counts that matter in
 * a spam diff (a handful of flips) are far too small for the χ² approximation; the mid-p and the
 * χ² values are given because Fagerland et al. (2013) show they have better power.
 */
export interface McNemarResult {
  b: number;
  c: number;
  /** min(1, 2·BinomCDF(min(b,c); b+c, ½)); 1 when b + c = 0 (= statsmodels `mcnemar(exact=True)`). */
  exactP: number;
  /** 2·[BinomCDF(min) − ½·pmf(min)]. */
  midP: number;
  /** (b−c)²/(b+c) and its χ²₁ tail; undefined when b + c = 0. */
  chi2: Estimate;
  chi2P: Estimate;
  /** Edwards' continuity correction (|b−c| − 1)²/(b+c). */
  chi2Corrected: Estimate;
  chi2CorrectedP: Estimate;
}

/** Upper tail of χ² with one degree of freedom: P(Z² > x) = erfc(√(x/2)). */
function chiSquare1Sf(x: number): number {
  return erfc(Math.sqrt(x / 2));
}

export function mcnemarTest(b: number, c: number): McNemarResult {
  const checkCount = (name: string, v: number): void => {
    if (!Number.isInteger(v) || v < 0) throw new RangeError(`${name} must be a count (integer ≥ 0), got ${v}`);
  };
  checkCount('b', b);
  checkCount('c', c);
  const n = b + c;
  if (n === 0) {
    const none = { value: null, reason: 'no discordant items: the two candidates never disagree in correctness' };
    return { b, c, exactP: 1, midP: 1, chi2: none, chi2P: none, chi2Corrected: none, chi2CorrectedP: none };
  }
  const k = Math.min(b, c);
  // 2·CDF(k) − pmf(k) = CDF(k) + CDF(k−1): avoids the pmf and the cancellation; ≤ 1 since k ≤ n/2.
  const midP = binomialCdf(k, n, 0.5) + (k === 0 ? 0 : binomialCdf(k - 1, n, 0.5));
  const chi2 = ((b - c) * (b - c)) / n;
  const corrected = ((Math.abs(b - c) - 1) * (Math.abs(b - c) - 1)) / n;
  return {
    b,
    c,
    exactP: Math.min(1, 2 * binomialCdf(k, n, 0.5)),
    midP,
    chi2: { value: chi2 },
    chi2P: { value: chiSquare1Sf(chi2) },
    chi2Corrected: { value: corrected },
    chi2CorrectedP: { value: chiSquare1Sf(corrected) },
  };
}

/** One item's gold label and the two candidates' decisions. */
export interface PairedDecision {
  gold: string;
  a: string;
  b: string;
}

export interface McNemarComparison {
  /** Correctness on every item. */
  overall: McNemarResult;
  /** Gold negatives: b = new false positives (A clears, B enforces), c = fixed false positives. */
  goldNegatives: McNemarResult;
  /** Gold positives: b = new false negatives (A enforces, B does not), c = fixed false negatives. */
  goldPositives: McNemarResult;
}

/**
 * McNemar overall and restricted to each gold class, the view T&S needs: FP flips test ΔFPR and FN
 * flips test Δrecall. With more than two labels, "wrong" on gold negatives means enforcing (a
 * confusion between two non-enforced labels is not a false positive), and on gold positives not
 * enforcing. Precision has different denominators for A and B: use the paired bootstrap for it.
 */
export function compareCandidates(items: readonly PairedDecision[], positive: string): McNemarComparison {
  const flips = (
    selected: readonly PairedDecision[],
    wrong: (item: PairedDecision, decision: string) => boolean,
  ): McNemarResult => {
    let b = 0;
    let c = 0;
    for (const item of selected) {
      const aWrong = wrong(item, item.a);
      const bWrong = wrong(item, item.b);
      if (!aWrong && bWrong) b += 1;
      if (aWrong && !bWrong) c += 1;
    }
    return mcnemarTest(b, c);
  };
  return {
    overall: flips(items, (item, decision) => decision !== item.gold),
    goldNegatives: flips(
      items.filter((item) => item.gold !== positive),
      (_, decision) => decision === positive,
    ),
    goldPositives: flips(
      items.filter((item) => item.gold === positive),
      (_, decision) => decision !== positive,
    ),
  };
}
