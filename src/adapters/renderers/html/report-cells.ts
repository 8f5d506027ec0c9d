/**
 * How the report's values look in the page: an estimate is its value with its interval beneath,
 * or an en dash with the reason as a visible note — an undefined metric must never read as 0.
 */
import type { Bound, ReportEstimate } from '../../../domain/report/report-schema.js';
import { html, type SafeHtml } from './escape-html.js';
import { formatCount, formatDecimal, formatPercent } from './format-values.js';

export type ValueFormat = 'percent' | 'decimal';

export function formatValue(value: number | null | undefined, format: ValueFormat): string {
  return format === 'percent' ? formatPercent(value) : formatDecimal(value);
}

/** "95% CI 91.2% – 97.0%": the level comes from the interval itself. */
export function intervalText(estimate: ReportEstimate, format: ValueFormat): string {
  if (!estimate.ci) return '';
  const level = `${Math.round(estimate.ci.confidence * 100)}% CI`;
  return `${level} ${formatValue(estimate.ci.low, format)} – ${formatValue(estimate.ci.high, format)}`;
}

/**
 * "86.8–97.0%": the interval without its level, for table cells where width is scarce; the
 * page says once that ranges under values are two-sided intervals at the report's level.
 */
export function compactInterval(estimate: ReportEstimate, format: ValueFormat): string {
  if (!estimate.ci) return '';
  if (format === 'decimal') return `${formatDecimal(estimate.ci.low)}–${formatDecimal(estimate.ci.high)}`;
  return `${(estimate.ci.low * 100).toFixed(1)}–${formatPercent(estimate.ci.high)}`;
}

/** Table cell content: value, then the interval (or the reason) in small muted type. */
export function estimateCell(estimate: ReportEstimate, format: ValueFormat = 'percent'): SafeHtml {
  if (estimate.value === null) {
    return html`–<br><span class="muted small">${estimate.reason ?? 'undefined'}</span>`;
  }
  const ci = compactInterval(estimate, format);
  return html`${formatValue(estimate.value, format)}${ci !== '' && html`<br><span class="muted small">${ci}</span>`}`;
}

/** The count a ratio was computed from, e.g. "45 / 50". */
export function ratioCounts(estimate: ReportEstimate): string {
  if (estimate.numerator === undefined || estimate.denominator === undefined) return '';
  return `${formatCount(estimate.numerator)} / ${formatCount(estimate.denominator)}`;
}

const BOUND_METHODS: Record<Bound['method'], string> = {
  'clopper-pearson': 'exact Clopper–Pearson',
  'bonferroni-clopper-pearson': 'Bonferroni-split Clopper–Pearson',
  'korn-graubard': 'Korn–Graubard, approximate for weighted data',
};

export function boundText(bound: Bound, format: ValueFormat = 'percent'): string {
  if (bound.value === null) return bound.reason ?? 'no bound';
  const side = bound.side === 'lower' ? '≥' : '≤';
  return `${side} ${formatValue(bound.value, format)} with ${formatPercent(bound.confidence, 1)} confidence (${BOUND_METHODS[bound.method]})`;
}

/** Shade class for a share in [0, 1]: six steps of blue, white for none. */
export function shadeClass(share: number | null): string {
  if (share === null || !Number.isFinite(share) || share <= 0) return 'shade-0';
  return `shade-${Math.min(5, Math.max(1, Math.ceil(share * 5)))}`;
}
