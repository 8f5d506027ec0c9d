import type { Estimate, Interval } from '../metrics/estimate.js';
import type { ReportEstimate, ReportInterval } from './report-schema.js';

/** The metrics' camelCase Estimate in the report's snake_case shape, keeping every field it has. */
export function reportEstimate(estimate: Estimate): ReportEstimate {
  const out: ReportEstimate = { value: estimate.value };
  if (estimate.value === null) out.reason = estimate.reason ?? 'undefined';
  if (estimate.numerator !== undefined) out.numerator = estimate.numerator;
  if (estimate.denominator !== undefined) out.denominator = estimate.denominator;
  if (estimate.effectiveDenominator !== undefined) out.effective_denominator = estimate.effectiveDenominator;
  if (estimate.ci !== undefined) out.ci = reportInterval(estimate.ci);
  return out;
}

type BootstrapFields = { replicates?: number; dropped?: number; seed?: number; resampling?: 'items' | 'multinomial-counts' };

export function reportInterval(interval: Interval & BootstrapFields): ReportInterval {
  const out: ReportInterval = {
    low: interval.low,
    high: interval.high,
    confidence: interval.confidence,
    method: interval.method,
  };
  if (interval.replicates !== undefined) out.replicates = interval.replicates;
  if (interval.dropped !== undefined) out.dropped = interval.dropped;
  if (interval.seed !== undefined) out.seed = interval.seed;
  if (interval.resampling !== undefined) out.resampling = interval.resampling;
  return out;
}
