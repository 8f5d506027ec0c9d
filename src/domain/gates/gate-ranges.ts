import type { Problem } from '../problems.js';
import { formatGateNumber } from './evaluate-gates.js';
import { gateProblem, isDeltaGate, DELTA_SUFFIX, type Gate } from './parse-gate.js';

/** The values a metric can take, when bounded: a gate outside them can never mean anything. */
export interface MetricRange {
  low: number;
  high: number;
  what: string;
}

const PROPORTION: MetricRange = { low: 0, high: 1, what: 'a proportion' };
const AGREEMENT: MetricRange = { low: -1, high: 1, what: 'a correlation or agreement coefficient' };

// The last segment of a report metric name (REPORT_METRIC_NAMES) that is a share of items or an
// area under a curve: every such value lies in [0, 1]. Counts, thresholds (scores are not
// necessarily probabilities), per-day figures, λ, TCR and log loss are unbounded above.
const PROPORTION_NAMES = new Set([
  'precision', 'recall', 'f1', 'accuracy', 'specificity', 'fpr', 'fnr', 'npv', 'balanced_accuracy',
  'coverage', 'prevalence', 'average_precision', 'roc_auc', 'ece', 'mce', 'brier', 'best_f1',
  'macro_precision', 'macro_recall', 'macro_f1', 'category_precision', 'category_recall',
  'weighted_error', 'weighted_accuracy', 'percent_agreement', 'soft_accuracy', 'majority_accuracy',
  'precision_lower', 'auto_enforce_precision', 'auto_enforce_precision_lower', 'false_clear_rate_upper',
  'auto_enforce_recall',
]);
const AGREEMENT_NAMES = new Set(['mcc', 'kappa', 'cohen_kappa_min', 'cohen_kappa_max', 'fleiss_kappa', 'krippendorff_alpha']);

/** The range of a report metric by its dotted name, or null when it is unbounded (or unknown). */
export function metricRange(name: string): MetricRange | null {
  const base = name.replace(/_ci_(low|high)$/, '');
  const last = base.slice(base.lastIndexOf('.') + 1);
  if (PROPORTION_NAMES.has(last) || last.endsWith('_rate') || /^recall_at_precision_/.test(last)) return PROPORTION;
  if (AGREEMENT_NAMES.has(last)) return AGREEMENT;
  return null;
}

/** The range of a gate's metric: a delta of a metric in [a, b] lies in [a − b, b − a]. */
export function gateRange(gate: Pick<Gate, 'metric'>): MetricRange | null {
  if (!isDeltaGate(gate)) return metricRange(gate.metric);
  const range = metricRange(gate.metric.slice(0, -DELTA_SUFFIX.length));
  if (range === null) return null;
  const width = range.high - range.low;
  return { low: -width, high: width, what: `a change of ${range.what}` };
}

/**
 * Thresholds no value of the metric can reach or miss: `precision >= 97` (97% was meant) always
 * fails, `recall <= 1.5` always holds. Both are mistakes; exit 2 says which and how to write it.
 */
export function checkGateThresholds(gates: readonly Gate[]): Problem[] {
  const problems: Problem[] = [];
  for (const gate of gates) {
    const range = gateRange(gate);
    if (range === null || (gate.threshold >= range.low && gate.threshold <= range.high)) continue;
    const percent = range.high === 1 && gate.threshold > 1 && gate.threshold <= 100 ? `; for a percentage write '${formatGateNumber(gate.threshold)}%'` : '';
    problems.push(
      gateProblem(
        gate.text,
        gate.source,
        `threshold ${formatGateNumber(gate.threshold)} is outside [${formatGateNumber(range.low)}, ${formatGateNumber(range.high)}], the values ${gate.metric} can take (${range.what})`,
        `use a number between ${formatGateNumber(range.low)} and ${formatGateNumber(range.high)}${percent}`,
      ),
    );
  }
  return problems;
}
