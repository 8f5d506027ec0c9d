/**
 * The one shape every metric value takes. A metric that cannot be computed (an empty
 * denominator, a single class) is `value: null` with a `reason`, never a silent 0 — a report
 * reader must be able to tell "0% precision" from "nothing was flagged".
 */
import { wilsonInterval } from './intervals.js';

export type IntervalMethod = 'wilson' | 'clopper-pearson' | 'percentile' | 'korn-graubard' | 'mercaldo-logit';

export interface Interval {
  low: number;
  high: number;
  /** Two-sided confidence level, e.g. 0.95. */
  confidence: number;
  method: IntervalMethod;
}

export interface Estimate {
  value: number | null;
  /** Why `value` is null; present exactly when it is. */
  reason?: string;
  /** For ratios: the (weighted) numerator and denominator the value was computed from. */
  numerator?: number;
  denominator?: number;
  /**
   * For ratios: the binomial n behind the interval — Kish's (Σw)²/Σw² over the denominator's
   * items; equal to `denominator` without weights.
   */
  effectiveDenominator?: number;
  ci?: Interval;
}

/** A computed value of any shape, or the reason it does not exist. */
export type Maybe<T> = { value: T; reason?: undefined } | { value: null; reason: string };

export function undefinedEstimate(reason: string): Estimate {
  return { value: null, reason };
}

export function pointEstimate(value: number): Estimate {
  return { value };
}

export interface RatioOptions {
  /** Why the ratio is undefined when the denominator is 0, e.g. "no predicted positives". */
  zeroReason: string;
  /** Σw² over the denominator's items; omit for unweighted counts. */
  denominatorSumSq?: number;
  /** Confidence of the Wilson interval; 0.95 unless told. */
  confidence?: number;
}

/** numerator/denominator without an interval, or null with `zeroReason` when the denominator is 0. */
export function plainRatio(numerator: number, denominator: number, zeroReason: string): Estimate {
  return denominator > 0 ? { value: numerator / denominator, numerator, denominator } : { value: null, reason: zeroReason };
}

/**
 * numerator/denominator with a Wilson interval. With weights the interval is taken at Kish's
 * effective counts (METHODS §2.2): n_eff = (Σw)²/Σw², x = p̂·n_eff. Computed as a rescaling
 * by Σw/Σw² so that unit weights give exactly the unweighted interval.
 */
export function ratioEstimate(numerator: number, denominator: number, options: RatioOptions): Estimate {
  if (!(denominator > 0)) return { value: null, reason: options.zeroReason, numerator, denominator };
  const sumSq = options.denominatorSumSq ?? denominator;
  const scale = denominator === sumSq ? 1 : denominator / sumSq;
  const effective = denominator * scale;
  const ci = wilsonInterval(Math.min(numerator * scale, effective), effective, options.confidence ?? 0.95);
  return { value: numerator / denominator, numerator, denominator, effectiveDenominator: effective, ci };
}
