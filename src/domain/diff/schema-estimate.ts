import type { Estimate } from '../metrics/estimate.js';
import type { ReportEstimate } from '../report/report-schema.js';

/** A metrics `Estimate` in the JSON schema's snake_case shape (intervals keep method, replicates, seed). */
export function toSchemaEstimate(estimate: Estimate): ReportEstimate {
  const out: ReportEstimate = { value: estimate.value };
  if (estimate.reason !== undefined) out.reason = estimate.reason;
  if (estimate.numerator !== undefined) out.numerator = estimate.numerator;
  if (estimate.denominator !== undefined) out.denominator = estimate.denominator;
  if (estimate.effectiveDenominator !== undefined) out.effective_denominator = estimate.effectiveDenominator;
  if (estimate.ci !== undefined) {
    const { low, high, confidence, method } = estimate.ci;
    out.ci = { low, high, confidence, method };
    // bootstrap intervals carry how they were made
    if ('replicates' in estimate.ci && typeof estimate.ci.replicates === 'number') out.ci.replicates = estimate.ci.replicates;
    if ('dropped' in estimate.ci && typeof estimate.ci.dropped === 'number') out.ci.dropped = estimate.ci.dropped;
    if ('seed' in estimate.ci && typeof estimate.ci.seed === 'number') out.ci.seed = estimate.ci.seed;
  }
  return out;
}
