/**
 * Values as the terminal and Markdown reports print them: percentages, decimals, counts,
 * intervals, p-values and item text made inert. One place, so that every section — and the
 * headline beside its detail — rounds the same number the same way.
 */
import type { ReportEstimate, ReportInterval } from '../../domain/report/report-schema.js';
import { fixed, flatCell, percent } from './plain-table.js';

/**
 * Item text for a one-line cell: C0/C1 controls and bidi overrides removed (plain-table's
 * `flatCell`, the one control-character rule), whitespace collapsed, cut at `max` characters.
 */
export function safeText(text: string, max = 80): string {
  const flat = flatCell(text).trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 1)}…`;
}

export type ValueFormat = 'percent' | 'decimal';

export function formatValue(value: number | null | undefined, format: ValueFormat): string {
  return format === 'percent' ? percent(value) : fixed(value);
}

/** Integers with thousands separators; weighted (fractional) counts keep one decimal. */
export const count = (n: number): string => (Number.isInteger(n) ? n.toLocaleString('en-US') : n.toFixed(1));

/** A threshold or setting as written: up to six significant digits, no trailing zeros. */
export const plainNumber = (x: number): string => String(Number(x.toPrecision(6)));

/** Small p-values in exponent form, so that 1e-12 does not read as 0. */
export function pValueText(p: number | null): string {
  if (p === null) return '—';
  return p < 0.001 && p > 0 ? p.toExponential(1) : p.toFixed(3);
}

/** Fewer items than this behind a bootstrap interval and it is not shown (see `bootstrapTooSmall`). */
export const BOOTSTRAP_MIN_ITEMS = 20;
/** More than this share of replicates dropped (metric undefined in them) and the interval is not shown. */
export const BOOTSTRAP_MAX_DROPPED = 0.1;
export const BOOTSTRAP_NOTE = 'too few items for a bootstrap interval';

/**
 * A percentile bootstrap interval that would imply certainty it does not have: it collapsed to
 * a point (low = high), it rests on fewer than 20 items (for F1: TP + FP + FN, the items F1
 * counts), or more than 10% of its replicates were dropped. The report JSON keeps the numbers;
 * the human formats print "—" with `BOOTSTRAP_NOTE` instead.
 */
export function bootstrapTooSmall(ci: ReportInterval | undefined, items: number): boolean {
  if (ci === undefined || ci.method !== 'percentile') return false;
  const dropped = ci.replicates !== undefined && ci.replicates > 0 ? (ci.dropped ?? 0) / ci.replicates : 0;
  return ci.high - ci.low <= 0 || items < BOOTSTRAP_MIN_ITEMS || dropped > BOOTSTRAP_MAX_DROPPED;
}

/** `low–high` of an estimate's interval, or '' without one. */
export function intervalText(estimate: ReportEstimate, format: ValueFormat): string {
  const ci = estimate.ci;
  if (ci === undefined || estimate.value === null) return '';
  return `${formatValue(ci.low, format)}–${formatValue(ci.high, format)}`;
}

/** `91.3% (87.1–94.3%)`, or `— (no predicted positives)` for an undefined value. */
export function estimateText(estimate: ReportEstimate, format: ValueFormat = 'percent'): string {
  if (estimate.value === null) return `— (${estimate.reason ?? 'undefined'})`;
  const ci = intervalText(estimate, format);
  return ci === '' ? formatValue(estimate.value, format) : `${formatValue(estimate.value, format)} (${ci})`;
}
