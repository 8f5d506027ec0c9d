import type { BinaryMetrics, Report, ReportEstimate } from './report-schema.js';

/**
 * The report's flat metric map: stable dotted names → number, or null when undefined (the reason
 * is in `metric_reasons`). It is the contract of gates (`--gate "precision>=0.97"`), diffs and
 * dashboards; renaming a metric is a breaking change of the report schema.
 *
 * Naming (scikit-learn's rule): `*_rate`, `*_error`, `brier`, `log_loss`, `ece`, `mce` are lower
 * is better; scores (precision, recall, f1, …) higher is better; counts and thresholds neutral.
 */

export type MetricDirection = 'higher' | 'lower' | 'neutral';

export interface MetricDefinition {
  /** The name, or a pattern with `<placeholders>` for names built from the golden set. */
  name: string;
  direction: MetricDirection;
  description: string;
}

/** Ratio metrics of a binary evaluation: each also has `<name>_ci_low` and `<name>_ci_high`. */
const BINARY_RATIOS = [
  ['precision', 'higher', 'TP / (TP + FP), Wilson interval'],
  ['recall', 'higher', 'TP / (TP + FN)'],
  ['f1', 'higher', 'F1 in count form; interval: seeded percentile bootstrap'],
  ['accuracy', 'higher', '(TP + TN) / n'],
  ['specificity', 'higher', 'TN / (TN + FP)'],
  ['fpr', 'lower', 'false positive rate FP / (FP + TN): share of ham actioned'],
  ['fnr', 'lower', 'miss rate FN / (FN + TP)'],
  ['npv', 'higher', 'TN / (TN + FN)'],
  ['false_omission_rate', 'lower', 'FN / (FN + TN): spam among what is let through'],
] as const;
const BINARY_PLAIN = [
  ['balanced_accuracy', 'higher', '(recall + specificity) / 2'],
  ['mcc', 'higher', 'Matthews correlation coefficient'],
] as const;

/** Metrics of a subset (slice, gray, clear): no bootstrap there, so F1 has no interval. */
const SUBSET_METRICS = ['precision', 'recall', 'f1', 'accuracy', 'fpr'] as const;

function withInterval(name: string, direction: MetricDirection, description: string): MetricDefinition[] {
  return [
    { name, direction, description },
    { name: `${name}_ci_low`, direction, description: `lower end of the 95% interval of ${name}` },
    { name: `${name}_ci_high`, direction, description: `upper end of the 95% interval of ${name}` },
  ];
}

/** The binary metrics a scope reports, in order, each with whether it carries an interval. */
function binaryMetrics(subset: boolean) {
  const names: readonly string[] = subset ? SUBSET_METRICS : [...BINARY_RATIOS, ...BINARY_PLAIN].map(([n]) => n);
  return [...BINARY_RATIOS, ...BINARY_PLAIN]
    .filter(([name]) => names.includes(name))
    .map(([name, direction, description]) => ({
      name,
      direction,
      description,
      interval: BINARY_RATIOS.some(([n]) => n === name) && !(subset && name === 'f1'),
    }));
}

function binaryDefinitions(prefix: string, scope: string, subset = false): MetricDefinition[] {
  return binaryMetrics(subset).flatMap(({ name, direction, description, interval }) => {
    const full = `${prefix}${name}`;
    const text = `${description} (${scope})`;
    return interval ? withInterval(full, direction, text) : [{ name: full, direction, description: text }];
  });
}

const d = (name: string, direction: MetricDirection, description: string): MetricDefinition => ({ name, direction, description });

/** Every metric name a report can hold, in the order of docs/reports.md. */
export const REPORT_METRIC_NAMES: readonly MetricDefinition[] = [
  d('items', 'neutral', 'golden items in the run\'s scope'),
  d('answered', 'neutral', 'items with a prediction'),
  d('errors', 'lower', 'items whose call failed'),
  d('missing', 'lower', 'items without any record (unfinished run)'),
  d('coverage', 'higher', 'answered / items'),
  d('error_rate', 'lower', 'errors / items'),
  d('errors.<kind>', 'lower', 'errors of one kind: timeout, rate_limited, transport, invalid_output, refused'),
  d('tp', 'neutral', 'true positives (answered items)'),
  d('fp', 'lower', 'false positives (answered items)'),
  d('fn', 'lower', 'false negatives (answered items)'),
  d('tn', 'neutral', 'true negatives (answered items)'),
  d('prevalence', 'neutral', 'share of gold positives among answered items'),
  ...binaryDefinitions('', 'answered items'),
  ...binaryDefinitions('errors_as_wrong.', 'every item; an error counts as a wrong decision'),
  d('macro_precision', 'higher', 'mean of per-label precision over the manifest labels where defined'),
  d('macro_recall', 'higher', 'mean of per-label recall'),
  d('macro_f1', 'higher', 'mean of per-label F1 (not F1 of the macro P and R)'),
  d('label.<label>.precision', 'higher', 'one label against the rest'),
  d('label.<label>.recall', 'higher', 'one label against the rest'),
  d('label.<label>.f1', 'higher', 'one label against the rest'),
  d('category.<category>.items', 'neutral', 'gold items of the spam category'),
  ...withInterval('category.<category>.recall', 'higher', 'share of the category\'s answered items decided positive'),
  d('category.<category>.category_precision', 'higher', 'of items the candidate put in the category, share truly in it'),
  d('category.<category>.category_recall', 'higher', 'of the category\'s items, share decided positive with this category'),
  d('slice.<key>.<value>.items', 'neutral', 'golden items with this slice value'),
  ...binaryDefinitions('slice.<key>.<value>.', 'items with this slice value', true),
  d('average_precision', 'higher', 'step-wise area under the PR curve (baseline: prevalence)'),
  d('roc_auc', 'higher', 'area under the ROC curve (ties count ½)'),
  d('ece', 'lower', 'positive-class expected calibration error, 10 bins'),
  d('mce', 'lower', 'maximum calibration error over the bins'),
  d('brier', 'lower', 'Brier score'),
  d('log_loss', 'lower', 'cross-entropy, clipped at 1e-15'),
  d('best_f1', 'higher', 'highest F1 over score thresholds (in-sample: optimistic)'),
  d('best_f1_threshold', 'neutral', 'threshold of best_f1'),
  d('recall_at_precision_<pct>', 'higher', 'largest recall at precision ≥ pct% (90, 95, 99 and the triage target)'),
  d('cost.lambda', 'neutral', 'λ, cost of a false positive in false negatives'),
  d('cost.weighted_error', 'lower', '(λ·FP + FN) / (λ·negatives + positives)'),
  d('cost.weighted_accuracy', 'higher', '1 − weighted error'),
  d('cost.tcr', 'higher', 'total cost ratio: above 1 beats acting on nothing'),
  d('cost.min_cost_threshold', 'neutral', 'score threshold minimising λ·FP + FN (in-sample)'),
  d('production.prevalence', 'neutral', 'production share of spam used'),
  d('production.precision', 'higher', 'precision in production (stratum weights or stated prevalence)'),
  d('production.precision_ci_low', 'higher', 'lower end of its interval'),
  d('production.precision_ci_high', 'higher', 'upper end of its interval'),
  d('production.precision_lower', 'higher', 'conservative one-sided bound (stated prevalence: Bonferroni–Clopper–Pearson)'),
  d('production.recall', 'higher', 'recall in production'),
  d('production.fpr', 'lower', 'false positive rate in production'),
  d('production.false_omission_rate', 'lower', 'spam among cleared items in production'),
  d('production.accuracy', 'higher', 'accuracy in production'),
  d('production.false_positives_per_day', 'lower', 'expected false positives at the daily volume'),
  d('production.false_positives_per_day_upper', 'lower', 'the same at the pessimistic end'),
  d('production.true_positives_per_day', 'higher', 'expected spam caught per day'),
  d('gray.items', 'neutral', 'gray-area items (flagged or reviewers split)'),
  d('clear.items', 'neutral', 'items not in the gray area'),
  ...binaryDefinitions('gray.', 'gray items', true),
  ...binaryDefinitions('clear.', 'items not in the gray area', true),
  d('reviewers.percent_agreement', 'higher', 'pooled pairwise agreement between reviewers'),
  d('reviewers.cohen_kappa_min', 'higher', 'lowest Cohen\'s κ between two reviewers'),
  d('reviewers.cohen_kappa_max', 'higher', 'highest Cohen\'s κ between two reviewers'),
  d('reviewers.fleiss_kappa', 'higher', 'Fleiss\' κ on items with the full complement of reviews'),
  d('reviewers.krippendorff_alpha', 'higher', 'Krippendorff\'s α (nominal)'),
  d('candidate.soft_accuracy', 'higher', 'expected agreement with a random reviewer'),
  d('candidate.majority_accuracy', 'higher', 'agreement with the reviewers\' unique majority'),
  d('candidate.reviewer.<reviewer>.kappa', 'higher', 'Cohen\'s κ of the candidate with one reviewer'),
  d('candidate.group.<group>.kappa', 'higher', 'Cohen\'s κ of the candidate with a reviewer group'),
  d('confident_disagreements', 'lower', 'answered items where a confident prediction contradicts gold'),
  d('automation_rate', 'higher', 'share of the queue removed from manual review'),
  d('auto_enforce_rate', 'neutral', 'share auto-enforced'),
  d('auto_clear_rate', 'neutral', 'share auto-cleared'),
  d('human_review_rate', 'lower', 'share left to people'),
  d('auto_enforce_threshold', 'neutral', 'certified τ_hi (score ≥ τ_hi is enforced)'),
  d('auto_clear_threshold', 'neutral', 'certified τ_lo (score < τ_lo is cleared)'),
  d('auto_enforce_precision', 'higher', 'precision among auto-enforced items'),
  d('auto_enforce_precision_lower', 'higher', 'its one-sided lower bound at 1 − δ/2'),
  d('false_clear_rate', 'lower', 'spam among auto-cleared items'),
  d('false_clear_rate_upper', 'lower', 'its one-sided upper bound at 1 − δ/2'),
  d('spam_leak_rate', 'lower', 'share of all spam auto-cleared'),
  d('auto_enforce_recall', 'higher', 'share of all spam auto-enforced'),
  d('items_automated_per_day', 'higher', 'volume × automation rate'),
  d('hours_saved_per_day', 'higher', 'reviewer hours saved per day'),
  d('cost_saved_per_day', 'higher', 'reviewer cost saved per day'),
  d('wrongful_enforcements_per_day', 'lower', 'expected false auto-enforcements per day'),
];

export type ReportBody = Omit<Report, 'metrics' | 'metric_reasons'>;

class MetricMap {
  readonly metrics: Record<string, number | null> = {};
  readonly reasons: Record<string, string> = {};

  set(name: string, value: number | null, reason: string): void {
    this.metrics[name] = value;
    if (value === null) this.reasons[name] = reason;
  }

  estimate(name: string, estimate: ReportEstimate | null | undefined, withCi = false, missing = 'not computed'): void {
    const reason = estimate?.reason ?? missing;
    this.set(name, estimate?.value ?? null, reason);
    if (!withCi) return;
    const ciReason = estimate?.value === null || estimate === null || estimate === undefined ? reason : 'no interval';
    this.set(`${name}_ci_low`, estimate?.ci?.low ?? null, ciReason);
    this.set(`${name}_ci_high`, estimate?.ci?.high ?? null, ciReason);
  }

  /** A binary evaluation's metrics; a subset (slice, gray, clear) gets the short list and no F1 interval. */
  binary(prefix: string, m: BinaryMetrics, subset = false): void {
    for (const { name, interval } of binaryMetrics(subset)) this.estimate(`${prefix}${name}`, m[name], interval);
  }
}

/** Build the flat map from the report's sections (one place, so names cannot drift). */
export function flattenMetrics(body: ReportBody): { metrics: Record<string, number | null>; metric_reasons: Record<string, string> } {
  const map = new MetricMap();
  const { coverage, classification, scores, cost, production, gray_area: gray, triage } = body;

  map.set('items', coverage.items, '');
  map.set('answered', coverage.answered, '');
  map.set('errors', coverage.errors, '');
  map.set('missing', coverage.missing, '');
  map.estimate('coverage', coverage.coverage);
  map.estimate('error_rate', coverage.error_rate);
  for (const [kind, n] of Object.entries(coverage.errors_by_kind)) map.set(`errors.${kind}`, n, '');

  const answered = classification.answered;
  map.set('tp', answered.confusion.tp, '');
  map.set('fp', answered.confusion.fp, '');
  map.set('fn', answered.confusion.fn, '');
  map.set('tn', answered.confusion.tn, '');
  const positives = answered.confusion.tp + answered.confusion.fn;
  map.set('prevalence', answered.n > 0 ? positives / answered.n : null, 'no answered items');
  map.binary('', answered);
  map.binary('errors_as_wrong.', classification.errors_as_wrong);
  map.estimate('macro_precision', classification.macro.precision);
  map.estimate('macro_recall', classification.macro.recall);
  map.estimate('macro_f1', classification.macro.f1);
  for (const label of classification.per_label) {
    map.estimate(`label.${label.label}.precision`, label.precision);
    map.estimate(`label.${label.label}.recall`, label.recall);
    map.estimate(`label.${label.label}.f1`, label.f1);
  }
  for (const category of classification.categories) {
    const prefix = `category.${category.category}`;
    map.set(`${prefix}.items`, category.items, '');
    map.estimate(`${prefix}.recall`, category.recall, true);
    const none = 'the candidate names no categories';
    map.estimate(`${prefix}.category_precision`, category.category_precision, false, none);
    map.estimate(`${prefix}.category_recall`, category.category_recall, false, none);
  }
  for (const slice of classification.slices) {
    const prefix = `slice.${slice.key}.${slice.value}.`;
    map.set(`${prefix}items`, slice.items, '');
    map.binary(prefix, slice.metrics, true);
  }

  map.estimate('average_precision', scores.average_precision);
  map.estimate('roc_auc', scores.roc_auc);
  const noScores = scores.reason ?? 'no scores';
  map.estimate('ece', scores.calibration?.ece, false, noScores);
  map.estimate('mce', scores.calibration?.mce, false, noScores);
  map.estimate('brier', scores.calibration?.brier, false, noScores);
  map.estimate('log_loss', scores.calibration?.log_loss, false, noScores);
  const best = scores.selections.best_f1;
  map.set('best_f1', best?.f1 ?? null, noScores);
  map.set('best_f1_threshold', best?.threshold ?? null, noScores);
  for (const pick of scores.selections.recall_at_precision) {
    const pct = Number((pick.target * 100).toFixed(2));
    map.set(`recall_at_precision_${String(pct).replace('.', '_')}`, pick.recall, `no threshold reaches precision ≥ ${pick.target}`);
  }

  map.set('cost.lambda', cost.lambda, '');
  map.estimate('cost.weighted_error', cost.weighted_error);
  map.estimate('cost.weighted_accuracy', cost.weighted_accuracy);
  map.estimate('cost.tcr', cost.tcr);
  map.set('cost.min_cost_threshold', cost.min_cost?.threshold ?? null, cost.min_cost === null ? noScores : 'acting on nothing costs least');

  const noProduction = production.reason ?? 'not available';
  map.set('production.prevalence', production.prevalence, noProduction);
  map.estimate('production.precision', production.precision, true);
  map.set('production.precision_lower', production.precision_bound?.value ?? null, production.precision_bound?.reason ?? (production.available ? 'weighted: see the Korn–Graubard interval (production.precision_ci_low)' : noProduction));
  map.estimate('production.recall', production.recall);
  map.estimate('production.fpr', production.fpr);
  map.estimate('production.false_omission_rate', production.false_omission_rate);
  map.estimate('production.accuracy', production.accuracy);
  const noVolume = production.available ? 'needs operating.volume_per_day (or --volume)' : noProduction;
  map.set('production.false_positives_per_day', production.false_positives_per_day, noVolume);
  map.set('production.false_positives_per_day_upper', production.false_positives_per_day_upper, noVolume);
  map.set('production.true_positives_per_day', production.true_positives_per_day, noVolume);

  map.set('gray.items', gray.gray_items, '');
  map.set('clear.items', body.coverage.items - gray.gray_items, '');
  map.binary('gray.', gray.candidate_on_gray, true);
  map.binary('clear.', gray.candidate_on_clear, true);
  const noReviews = gray.reviewers_reason ?? 'no reviews';
  map.estimate('reviewers.percent_agreement', gray.reviewers?.percent_agreement.pooled_pairwise, false, noReviews);
  const kappas = (gray.reviewers?.cohen_pairs ?? []).flatMap((p) => (p.kappa.value === null ? [] : [p.kappa.value]));
  map.set('reviewers.cohen_kappa_min', kappas.length > 0 ? Math.min(...kappas) : null, 'no reviewer pair with a defined κ');
  map.set('reviewers.cohen_kappa_max', kappas.length > 0 ? Math.max(...kappas) : null, 'no reviewer pair with a defined κ');
  map.estimate('reviewers.fleiss_kappa', gray.reviewers?.fleiss.kappa, false, noReviews);
  map.estimate('reviewers.krippendorff_alpha', gray.reviewers?.krippendorff.alpha, false, noReviews);
  const versus = gray.candidate_vs_reviewers;
  map.estimate('candidate.soft_accuracy', versus?.soft_accuracy, false, 'no reviews');
  map.estimate('candidate.majority_accuracy', versus?.majority_accuracy, false, 'no reviews');
  for (const r of versus?.reviewers ?? []) map.estimate(`candidate.reviewer.${r.reviewer}.kappa`, r.kappa);
  for (const g of versus?.groups ?? []) map.estimate(`candidate.group.${g.group}.kappa`, g.kappa);
  const disagreements = gray.confident_disagreements;
  map.set('confident_disagreements', disagreements.available ? disagreements.total : null, disagreements.reason ?? '');

  const noTriage = triage.reason ?? 'not available';
  map.estimate('automation_rate', triage.automation_rate);
  map.estimate('auto_enforce_rate', triage.auto_enforce_rate);
  map.estimate('auto_clear_rate', triage.auto_clear_rate);
  map.estimate('human_review_rate', triage.human_review_rate);
  const labelsOnly = 'label-only candidate: its own decisions, no score threshold';
  const threshold = (s: Report['triage']['enforce']): string =>
    s === null ? noTriage : !s.certified ? (s.bound.reason ?? 'not certified') : labelsOnly;
  map.set('auto_enforce_threshold', triage.enforce?.threshold ?? null, threshold(triage.enforce));
  map.set('auto_clear_threshold', triage.clear?.threshold ?? null, threshold(triage.clear));
  map.estimate('auto_enforce_precision', triage.enforce?.rate, false, noTriage);
  map.set('auto_enforce_precision_lower', triage.enforce?.bound.value ?? null, triage.enforce?.bound.reason ?? noTriage);
  map.estimate('false_clear_rate', triage.clear?.rate, false, noTriage);
  map.set('false_clear_rate_upper', triage.clear?.bound.value ?? null, triage.clear?.bound.reason ?? noTriage);
  map.estimate('spam_leak_rate', triage.spam_leak_rate);
  map.estimate('auto_enforce_recall', triage.auto_enforce_recall);
  const noSavings = triage.savings_reason ?? noTriage;
  map.set('items_automated_per_day', triage.savings?.items_automated_per_day ?? null, noSavings);
  map.set('hours_saved_per_day', triage.savings?.hours_saved_per_day ?? null, noSavings);
  map.set('cost_saved_per_day', triage.savings?.cost_saved_per_day ?? null, triage.savings ? 'needs operating.cost_per_hour (or --cost-per-hour)' : noSavings);
  map.set('wrongful_enforcements_per_day', triage.savings?.wrongful_enforcements_per_day ?? null, noSavings);
  return { metrics: map.metrics, metric_reasons: map.reasons };
}

/** A metric of a report: its value (null = undefined, with the reason), or undefined when the report has no such name. */
export function lookupMetric(
  report: Pick<Report, 'metrics' | 'metric_reasons'>,
  name: string,
): { value: number | null; reason?: string } | undefined {
  if (!Object.hasOwn(report.metrics, name)) return undefined;
  const value = report.metrics[name] ?? null;
  const reason = report.metric_reasons[name];
  return value === null ? { value, reason: reason ?? 'undefined' } : { value };
}

/** Every metric with its reason, in the shape the gates take. */
export function metricValues(report: Pick<Report, 'metrics' | 'metric_reasons'>): Record<string, { value: number | null; reason?: string }> {
  return Object.fromEntries(
    Object.keys(report.metrics).flatMap((name) => {
      const found = lookupMetric(report, name);
      return found === undefined ? [] : [[name, found]];
    }),
  );
}
