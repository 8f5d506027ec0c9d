import {
  bootstrapDistribution,
  DEFAULT_BOOTSTRAP_REPLICATES,
  DEFAULT_BOOTSTRAP_SEED,
  percentileInterval,
  type BootstrapInterval,
  type BootstrapOptions,
} from './bootstrap.js';
import type { Estimate } from './estimate.js';

/**
 * Paired bootstrap of a metric difference between two candidates on the same items (METHODS
 * §2.3, §7.2). One index vector per replicate serves both candidates: resampling them
 * independently would ignore that they were judged on the same items and widen the interval.
 */

/** A metric over a resample: `indices` lists the items drawn (with repeats); null when undefined. */
export type ResampledMetric = (indices: Uint32Array) => number | null;

export interface PairedBootstrapResult {
  /** Δ = metric(B) − metric(A) on the full set, with the percentile interval as `ci`. */
  delta: Estimate;
  /** The two-sided percentile interval; null when every replicate was dropped. */
  interval: BootstrapInterval | null;
  replicates: number;
  /** Replicates where either metric was undefined (e.g. no predicted positives). */
  dropped: number;
  seed: number;
  /** Items resampled: show it next to every bootstrap interval (small n undercovers). */
  n: number;
}

/**
 * Δ = metricB − metricA on `n` paired items, each replicate evaluating both metrics on one shared
 * index vector drawn by the seeded sampler of bootstrap.ts (stratified when `strata` is given).
 */
export function pairedBootstrap(
  n: number,
  metricA: ResampledMetric,
  metricB: ResampledMetric,
  options: BootstrapOptions = {},
): PairedBootstrapResult {
  const delta: ResampledMetric = (indices) => {
    const a = metricA(indices);
    const b = metricB(indices);
    return a === null || b === null || Number.isNaN(a) || Number.isNaN(b) ? null : b - a;
  };
  const everyItem = Uint32Array.from({ length: n }, (_, i) => i);
  const point = delta(everyItem);
  const distribution = bootstrapDistribution(n, delta, {
    ...options,
    replicates: options.replicates ?? DEFAULT_BOOTSTRAP_REPLICATES,
    seed: options.seed ?? DEFAULT_BOOTSTRAP_SEED,
  });
  const interval = percentileInterval(distribution, options.confidence ?? 0.95);
  const estimate: Estimate =
    point === null
      ? { value: null, reason: 'the metric is undefined for at least one candidate on the full set' }
      : { value: point };
  if (point !== null && interval !== null) estimate.ci = interval;
  return {
    delta: estimate,
    interval,
    replicates: distribution.replicates,
    dropped: distribution.dropped,
    seed: distribution.seed,
    n,
  };
}

export interface NonInferiority {
  passed: boolean;
  /** The lower confidence bound of Δ that was compared. */
  lowerBound: number | null;
  /** Δ may fall this far below 0 (a negative margin demands an improvement). */
  margin: number;
  reason: string;
}

/**
 * Non-inferiority (§7.2): B is not worse than A by more than `margin` when the lower confidence
 * bound of Δ = B − A is ≥ −margin. A gate `precision_delta >= -0.005` is margin 0.005. Pass the
 * lower end of a two-sided 1−a interval (a one-sided 1−a/2 bound). Without a bound (every
 * replicate dropped) non-inferiority is not shown, so the test fails.
 */
export function nonInferiority(deltaLowerBound: number | null, margin: number): NonInferiority {
  if (!Number.isFinite(margin)) throw new RangeError(`margin must be a finite number, got ${margin}`);
  if (deltaLowerBound === null || Number.isNaN(deltaLowerBound)) {
    return { passed: false, lowerBound: null, margin, reason: 'no confidence bound for the difference' };
  }
  const passed = deltaLowerBound >= -margin;
  return {
    passed,
    lowerBound: deltaLowerBound,
    margin,
    reason: passed
      ? `lower bound ${deltaLowerBound} ≥ ${-margin}: non-inferior`
      : `lower bound ${deltaLowerBound} < ${-margin}: a loss larger than the margin is not ruled out`,
  };
}
