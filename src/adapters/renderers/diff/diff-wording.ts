/**
 * What every diff renderer says the same way: metric names, how a value and a delta are written
 * (rates in %, deltas of rates in percentage points), and the verdict on each delta — read from
 * its interval, never from the point estimate alone.
 */
import type { Diff, FlipList, MetricDelta } from '../../../domain/diff/diff-schema.js';
import { formatDecimal, formatPercent, formatPValue } from '../html/format-values.js';

const NAMES: Readonly<Record<string, string>> = {
  precision: 'Precision',
  recall: 'Recall',
  f1: 'F1',
  fpr: 'False positive rate',
  accuracy: 'Accuracy',
  average_precision: 'Average precision',
  roc_auc: 'ROC AUC',
  error_rate: 'Error rate',
  'gray.accuracy': 'Accuracy, gray items',
  'clear.accuracy': 'Accuracy, clear items',
};

/** Metrics shown as plain decimals; every other one is a rate shown in %. */
const DECIMALS = new Set(['f1', 'average_precision', 'roc_auc']);

export function metricName(metric: string): string {
  const category = /^category\.(.+)\.recall$/.exec(metric);
  if (category) return `Recall, ${category[1]}`;
  return NAMES[metric] ?? metric;
}

const isDecimal = (metric: string): boolean => DECIMALS.has(metric);

export function formatMetric(metric: string, value: number | null): string {
  return isDecimal(metric) ? formatDecimal(value) : formatPercent(value);
}

function signed(text: string, value: number): string {
  return value > 0 ? `+${text}` : value === 0 ? text.replace(/^-/, '') : text;
}

/** A difference: `+17.2 pp` for rates, `+0.151` for decimals. */
export function formatDelta(metric: string, value: number | null): string {
  if (value === null || !Number.isFinite(value)) return '–';
  if (isDecimal(metric)) return signed(value.toFixed(3), value);
  return `${signed((value * 100).toFixed(1), value)} pp`;
}

export function formatDeltaInterval(entry: MetricDelta): string {
  const ci = entry.delta.ci;
  if (!ci) return entry.delta.value === null ? '' : 'no interval';
  return `[${formatDelta(entry.metric, ci.low)}, ${formatDelta(entry.metric, ci.high)}]`;
}

export type Direction = 'better' | 'worse' | 'unclear' | 'unchanged' | 'undefined';

/**
 * Better or worse only when the whole interval is on one side of 0; a point estimate alone
 * is "unclear" (the change may be noise).
 */
export function direction(entry: MetricDelta): Direction {
  const value = entry.delta.value;
  const ci = entry.delta.ci;
  if (value === null) return 'undefined';
  if (value === 0 && (!ci || (ci.low === 0 && ci.high === 0))) return 'unchanged';
  if (!ci || (ci.low <= 0 && ci.high >= 0)) return 'unclear';
  const up = ci.low > 0;
  return up === entry.higher_is_better ? 'better' : 'worse';
}

export const DIRECTION_TEXT: Readonly<Record<Direction, string>> = {
  better: 'better',
  worse: 'WORSE',
  unclear: 'within noise',
  unchanged: 'no change',
  undefined: 'n/a',
};

export function candidateLabel(run: Diff['a']): string {
  return `${run.candidate.id} (${run.run_id})`;
}

export function mcnemarLine(test: Diff['mcnemar']['overall']): string {
  if (test.worse + test.better === 0) return `no discordant items (n = ${test.n})`;
  return `${test.worse} worse, ${test.better} better · exact p = ${formatPValue(test.exact_p)}, mid-p = ${formatPValue(test.mid_p)} (n = ${test.n})`;
}

export const FLIP_LISTS: readonly { key: keyof Pick<Diff['flips'], 'new_false_positives' | 'new_false_negatives' | 'fixed_false_positives' | 'fixed_false_negatives'>; title: string; bad: boolean }[] = [
  { key: 'new_false_positives', title: 'New false positives (ham B would enforce)', bad: true },
  { key: 'new_false_negatives', title: 'New false negatives (spam B would miss)', bad: true },
  { key: 'fixed_false_positives', title: 'Fixed false positives', bad: false },
  { key: 'fixed_false_negatives', title: 'Fixed false negatives', bad: false },
];

export function scoreChange(item: FlipList['items'][number]): string {
  const a = item.a_score === null ? '–' : item.a_score.toFixed(2);
  const b = item.b_score === null ? '–' : item.b_score.toFixed(2);
  return `${a} → ${b}`;
}

/** The one-line headline: regression verdict first, then the flips that matter most for enforcement. */
export function headline(diff: Diff): string {
  const f = diff.flips;
  return `${diff.regression.summary} Flips: ${f.new_false_positives.total} new FP, ${f.fixed_false_positives.total} fixed FP, ${f.new_false_negatives.total} new FN, ${f.fixed_false_negatives.total} fixed FN.`;
}

/** Every diff format labels the triage rows with this: they are not the report's production-weighted numbers. */
export const TRIAGE_BASIS = 'on the paired sample, unweighted';
export const TRIAGE_BASIS_NOTE =
  'Shares count each paired item once; the report weights them to production when the golden set has strata or weights, so its automation rate can differ.';

const TRIAGE_NAMES: Readonly<Record<string, string>> = {
  automation_rate: 'Automation rate',
  auto_enforce_rate: 'Auto-enforced share',
  auto_clear_rate: 'Auto-cleared share',
  enforce_threshold: 'Enforce threshold (τ_hi)',
  clear_threshold: 'Clear threshold (τ_lo)',
  enforce_precision: 'Precision of auto-enforced',
  false_clear_rate: 'False-clear rate',
  spam_leak_rate: 'Spam leak rate',
};

export function triageName(metric: string): string {
  return TRIAGE_NAMES[metric] ?? metric;
}

/** Thresholds as scores, everything else as a share. */
export function formatTriage(metric: string, value: number | null, change = false): string {
  if (metric.endsWith('_threshold')) return value === null ? (change ? '–' : 'none certified') : change ? signed(value.toFixed(2), value) : value.toFixed(2);
  return change ? formatDelta(metric, value) : formatPercent(value);
}
