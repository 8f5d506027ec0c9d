/**
 * The report: everything `spameval report` knows about one run, computed from the golden set and
 * the run's records only. This zod schema is the contract for every renderer and for other tools
 * (gates, diffs, dashboards); docs/report-schema.json is generated from it. Keys are snake_case
 * like run.json and the manifest. A value that cannot be computed is `null` with a `reason`
 * beside it, never 0.
 *
 * Versioning: adding an optional field keeps `schema_version: 1`; renaming, removing or changing
 * the meaning of a field bumps it.
 */
import { z } from 'zod';
import { ErrorKindSchema } from '../run/prediction.js';

export const REPORT_SCHEMA_VERSION = 1;

/** Names the shared sub-schemas, so the generated JSON Schema refers to `$defs/Estimate` etc. */
export const reportSchemaRegistry = z.registry<{ id: string }>();

const nullableNumber = z.number().nullable();
const count = z.number().int().nonnegative();

/** A two-sided interval; bootstrap intervals also carry their replicates, dropped count and seed. */
export const ReportIntervalSchema = z.strictObject({
  low: z.number(),
  high: z.number(),
  /** Two-sided confidence level, e.g. 0.95. */
  confidence: z.number(),
  method: z.enum(['wilson', 'clopper-pearson', 'percentile', 'mercaldo-logit', 'korn-graubard']),
  replicates: count.optional(),
  dropped: count.optional(),
  seed: z.number().int().optional(),
  /** How bootstrap replicates were drawn: items, or (large unweighted sets) the four confusion counts from their multinomial — the same distribution. */
  resampling: z.enum(['items', 'multinomial-counts']).optional(),
}).register(reportSchemaRegistry, { id: 'Interval' });
export type ReportInterval = z.infer<typeof ReportIntervalSchema>;

/** One metric value: a number, or null with the reason; ratios carry their counts. */
export const EstimateSchema = z.strictObject({
  value: nullableNumber,
  /** Why `value` is null; present exactly when it is. */
  reason: z.string().optional(),
  numerator: z.number().optional(),
  denominator: z.number().optional(),
  /** The binomial n behind the interval (Kish's effective size when weighted). */
  effective_denominator: z.number().optional(),
  ci: ReportIntervalSchema.optional(),
}).register(reportSchemaRegistry, { id: 'Estimate' });
export type ReportEstimate = z.infer<typeof EstimateSchema>;

/** A one-sided bound used for a guarantee (Clopper–Pearson unless stated). */
export const BoundSchema = z.strictObject({
  value: nullableNumber,
  side: z.enum(['lower', 'upper']),
  confidence: z.number(),
  method: z.enum(['clopper-pearson', 'bonferroni-clopper-pearson', 'korn-graubard']),
  reason: z.string().optional(),
}).register(reportSchemaRegistry, { id: 'Bound' });
export type Bound = z.infer<typeof BoundSchema>;

// ---------------------------------------------------------------------------------------------
// Run, golden set, settings
// ---------------------------------------------------------------------------------------------

export const ReportRunSchema = z.strictObject({
  run_id: z.string(),
  status: z.enum(['running', 'complete', 'incomplete', 'interrupted']),
  candidate: z.strictObject({ id: z.string(), type: z.string(), fingerprint: z.string() }),
  started_at: z.string(),
  finished_at: z.string().nullable(),
  elapsed_seconds: z.number().nonnegative(),
  shard: z.strictObject({ index: z.number().int(), count: z.number().int() }).nullable(),
  usage: z.strictObject({
    input_tokens: z.number().nonnegative(),
    output_tokens: z.number().nonnegative(),
    cost_usd: z.number().nonnegative(),
  }),
});

export const ReportGoldenSetSchema = z.strictObject({
  name: z.string(),
  version: z.string(),
  sha256: z.string(),
  labels: z.array(z.string()),
  positive: z.string(),
  categories: z.array(z.string()),
  policy_version: z.string().nullable(),
  /** Items in the whole set (a sharded run covers fewer: see `coverage.items`). */
  count: count,
  /** Whether items carry sampling weights or the manifest has strata. */
  weighted: z.boolean(),
});

export const SettingSourceSchema = z.enum(['run', 'flag', 'default', 'golden_set']).register(reportSchemaRegistry, { id: 'SettingSource' });

export const ReportSettingsSchema = z.strictObject({
  /** Level of every two-sided display interval (Wilson, bootstrap). */
  confidence: z.number(),
  bootstrap: z.strictObject({ replicates: count, seed: z.number().int() }),
  /** λ: cost of a false positive relative to a false negative. */
  fp_cost: z.strictObject({ value: z.number(), source: SettingSourceSchema }),
  prevalence: z.strictObject({ value: nullableNumber, source: SettingSourceSchema.nullable() }),
  operating: z.strictObject({
    volume_per_day: nullableNumber,
    aht_seconds: nullableNumber,
    cost_per_hour: nullableNumber,
    currency: z.string(),
  }),
  triage: z.strictObject({
    precision_target: z.number(),
    false_clear_target: z.number(),
    /** 1 − δ of the joint guarantee; δ/2 is spent on each side. */
    confidence: z.number(),
    enforce_grid: z.array(z.number()),
    clear_grid: z.array(z.number()),
  }),
  /** The suite's gates, as written (evaluated by `spameval gate`). */
  gates: z.array(z.string()),
  /** Settings given as report flags instead of taken from run.json. */
  overridden: z.array(z.string()),
});
export type ReportSettings = z.infer<typeof ReportSettingsSchema>;

// ---------------------------------------------------------------------------------------------
// Coverage and errors
// ---------------------------------------------------------------------------------------------

export const ErrorItemSchema = z.strictObject({
  id: z.string(),
  kind: ErrorKindSchema,
  message: z.string(),
  attempts: count,
}).register(reportSchemaRegistry, { id: 'ErrorItem' });

export const CoverageSchema = z.strictObject({
  /** Golden items in the run's scope (its shard, or the whole set). */
  items: count,
  /** Items with a prediction. */
  answered: count,
  /** Items whose call failed, by kind below. */
  errors: count,
  /** Items with no record at all (an unfinished run). */
  missing: count,
  /** Records whose id is not in the golden set: ignored. */
  unknown_records: count,
  /** answered / items, Wilson interval. */
  coverage: EstimateSchema,
  /** errors / items. */
  error_rate: EstimateSchema,
  errors_by_kind: z.record(ErrorKindSchema, count),
  /** The first items that failed, in golden-set order (capped: see `error_items_omitted`). */
  error_items: z.array(ErrorItemSchema),
  error_items_omitted: count,
});

// ---------------------------------------------------------------------------------------------
// Classification
// ---------------------------------------------------------------------------------------------

export const ConfusionSchema = z.strictObject({ tp: z.number(), fp: z.number(), fn: z.number(), tn: z.number() }).register(reportSchemaRegistry, { id: 'Confusion' });
export type Confusion = z.infer<typeof ConfusionSchema>;

/** Binary metrics, positive = the manifest's `positive` label; all ratios with Wilson intervals, F1 with a bootstrap one. */
export const BinaryMetricsSchema = z.strictObject({
  n: count,
  confusion: ConfusionSchema,
  precision: EstimateSchema,
  recall: EstimateSchema,
  f1: EstimateSchema,
  accuracy: EstimateSchema,
  specificity: EstimateSchema,
  fpr: EstimateSchema,
  fnr: EstimateSchema,
  npv: EstimateSchema,
  false_omission_rate: EstimateSchema,
  balanced_accuracy: EstimateSchema,
  mcc: EstimateSchema,
}).register(reportSchemaRegistry, { id: 'BinaryMetrics' });
export type BinaryMetrics = z.infer<typeof BinaryMetricsSchema>;

/** Rows = gold label, columns = predicted label (columns add `(other)` for labels outside the taxonomy). */
export const ConfusionMatrixSchema = z.strictObject({
  gold_labels: z.array(z.string()),
  predicted_labels: z.array(z.string()),
  counts: z.array(z.array(count)),
});

export const PerLabelSchema = z.strictObject({
  label: z.string(),
  /** Answered items with this gold label. */
  support: count,
  /** Answered items predicted with this label. */
  predicted: count,
  precision: EstimateSchema,
  recall: EstimateSchema,
  f1: EstimateSchema,
});

export const MacroSchema = z.strictObject({
  precision: EstimateSchema,
  recall: EstimateSchema,
  f1: EstimateSchema,
  /** Labels left out of the means because their value is undefined (e.g. absent from gold). */
  excluded: z.array(z.string()),
});

export const CategoryMetricsSchema = z.strictObject({
  category: z.string(),
  description: z.string().nullable(),
  /** Gold items of this category in the run's scope. */
  items: count,
  /** Of those, answered. */
  answered: count,
  /** Detection recall: answered items of the category decided positive. */
  recall: EstimateSchema,
  /** When the candidate names categories: of items it put in this category, share truly in it. */
  category_precision: EstimateSchema.nullable(),
  /** When the candidate names categories: of the category's items, share decided positive with this category. */
  category_recall: EstimateSchema.nullable(),
});

export const SliceMetricsSchema = z.strictObject({
  key: z.string(),
  value: z.string(),
  items: count,
  answered: count,
  errors: count,
  metrics: BinaryMetricsSchema,
});

export const ClassificationSchema = z.strictObject({
  positive: z.string(),
  /** On answered items only (errors are never negatives). */
  answered: BinaryMetricsSchema,
  /** Worst case: an errored or missing gold-positive item counts as FN, a gold-negative one as FP. */
  errors_as_wrong: BinaryMetricsSchema,
  confusion_matrix: ConfusionMatrixSchema,
  per_label: z.array(PerLabelSchema),
  macro: MacroSchema,
  /** Answered items whose predicted label is outside the manifest's labels (counted as not positive). */
  predicted_outside_labels: count,
  categories: z.array(CategoryMetricsSchema),
  /** Gold-positive items without a category. */
  uncategorized_positives: count,
  /** Whether the candidate named categories at all. */
  predicts_categories: z.boolean(),
  slices: z.array(SliceMetricsSchema),
});

// ---------------------------------------------------------------------------------------------
// Scores: curves, calibration, operating points
// ---------------------------------------------------------------------------------------------

export const CurveSchema = z.strictObject({
  /** x and y as named by `x` and `y`; `thresholds[k]` is the score cut of point k (null: above every score). */
  x: z.enum(['recall', 'fpr']),
  y: z.enum(['precision', 'tpr']),
  xs: z.array(z.number()),
  ys: z.array(z.number()),
  thresholds: z.array(nullableNumber),
  /** Points of the full curve; when larger than the points kept, the curve was thinned for size. */
  points_total: count,
}).register(reportSchemaRegistry, { id: 'Curve' });

export const CalibrationBinSchema = z.strictObject({
  /** Right-closed bin (low, high]; the first bin includes 0. */
  low: z.number(),
  high: z.number(),
  count: count,
  mean_score: nullableNumber,
  /** Share of gold positives in the bin, Wilson interval. */
  positive_share: EstimateSchema,
}).register(reportSchemaRegistry, { id: 'CalibrationBin' });

export const OperatingPointSchema = z.strictObject({
  threshold: z.number(),
  tp: z.number(),
  fp: z.number(),
  fn: z.number(),
  tn: z.number(),
  precision: EstimateSchema,
  recall: EstimateSchema,
  fpr: EstimateSchema,
  predicted_positive_rate: nullableNumber,
}).register(reportSchemaRegistry, { id: 'OperatingPoint' });

export const ScoresSchema = z.strictObject({
  available: z.boolean(),
  /** Why there is nothing here (e.g. the candidate gives labels only). */
  reason: z.string().optional(),
  /** Answered items with a score; the curves use these only. */
  scored: count,
  unscored: count,
  /** Share of gold positives among scored items: the baseline of AP. */
  prevalence: nullableNumber,
  average_precision: EstimateSchema,
  roc_auc: EstimateSchema,
  pr_curve: CurveSchema.nullable(),
  roc_curve: CurveSchema.nullable(),
  calibration: z
    .strictObject({
      bins: z.array(CalibrationBinSchema),
      /** Positive-class ECE, 10 equal-width right-closed bins. */
      ece: EstimateSchema,
      mce: EstimateSchema,
      brier: EstimateSchema,
      log_loss: EstimateSchema,
    })
    .nullable(),
  /** Decision `score ≥ threshold` at fixed thresholds. */
  operating_points: z.array(OperatingPointSchema),
  /** Thresholds chosen on this same golden set: optimistic. */
  selections: z.strictObject({
    recall_at_precision: z.array(
      z.strictObject({ target: z.number(), threshold: nullableNumber, precision: nullableNumber, recall: nullableNumber }),
    ),
    best_f1: z.strictObject({ threshold: z.number(), f1: z.number() }).nullable(),
  }),
});

// ---------------------------------------------------------------------------------------------
// Cost view
// ---------------------------------------------------------------------------------------------

export const CostSchema = z.strictObject({
  /** λ: a false positive costs λ false negatives. */
  lambda: z.number(),
  lambda_source: SettingSourceSchema,
  fp: z.number(),
  fn: z.number(),
  positives: z.number(),
  negatives: z.number(),
  /** λ·FP + FN at the candidate's labels. */
  cost: z.number(),
  /** (λ·FP + FN) / (λ·negatives + positives). */
  weighted_error: EstimateSchema,
  weighted_accuracy: EstimateSchema,
  /** Weighted error of acting on nothing. */
  baseline_weighted_error: EstimateSchema,
  /** Total cost ratio: positives / (λ·FP + FN); above 1 beats acting on nothing. */
  tcr: EstimateSchema,
  /** Threshold on the score minimising λ·FP + FN (null threshold: act on nothing); null without scores. */
  min_cost: z.strictObject({ threshold: nullableNumber, cost: z.number() }).nullable(),
});

// ---------------------------------------------------------------------------------------------
// Production view
// ---------------------------------------------------------------------------------------------

export const ProductionSchema = z.strictObject({
  available: z.boolean(),
  reason: z.string().optional(),
  /** How the golden set was mapped to production: its strata/weights, or a stated prevalence. */
  method: z.enum(['weights', 'prevalence']).nullable(),
  prevalence: nullableNumber,
  prevalence_source: SettingSourceSchema.nullable(),
  precision: EstimateSchema,
  /** Conservative one-sided bound on production precision. */
  precision_bound: BoundSchema.nullable(),
  recall: EstimateSchema,
  fpr: EstimateSchema,
  false_omission_rate: EstimateSchema,
  accuracy: EstimateSchema,
  volume_per_day: nullableNumber,
  /** Expected false positives among `volume_per_day` items. */
  false_positives_per_day: nullableNumber,
  /** The same at the conservative end (upper FPR bound). */
  false_positives_per_day_upper: nullableNumber,
  /** Expected spam items caught per day. */
  true_positives_per_day: nullableNumber,
});

// ---------------------------------------------------------------------------------------------
// Gray area and reviewer agreement
// ---------------------------------------------------------------------------------------------

export const PairAgreementSchema = z.strictObject({
  a: z.string(),
  b: z.string(),
  n: count,
  percent_agreement: EstimateSchema,
  kappa: EstimateSchema,
  positive_agreement: EstimateSchema.optional(),
  negative_agreement: EstimateSchema.optional(),
}).register(reportSchemaRegistry, { id: 'PairAgreement' });

export const ConfidentDisagreementSchema = z.strictObject({
  id: z.string(),
  gold_label: z.string(),
  predicted_label: z.string(),
  score: nullableNumber,
  /** Confidence in the predicted label: score, or 1 − score for a negative label. */
  confidence: z.number(),
  gray: z.boolean(),
  category: z.string().nullable(),
  excerpt: z.string(),
  /** The candidate's own explanation (excerpt), when it gave one. Optional: added in schema_version 1. */
  rationale: z.string().optional(),
}).register(reportSchemaRegistry, { id: 'ConfidentDisagreement' });
export type ConfidentDisagreement = z.infer<typeof ConfidentDisagreementSchema>;

export const GrayAreaSchema = z.strictObject({
  /** Gray: flagged by a curator, or reviewers split (top share < 0.75 or no unique majority). */
  gray_items: count,
  clear_items: count,
  /** Fewer than two reviews and not flagged. */
  unreviewed_items: count,
  gray_reasons: z.strictObject({ flagged: count, split: count, no_majority: count }),
  reviewers: z
    .strictObject({
      names: z.array(z.string()),
      groups: z.array(z.string()),
      /** Mean over items of P_i, and pooled over all reviewer pairs. */
      percent_agreement: z.strictObject({ mean_item: EstimateSchema, pooled_pairwise: EstimateSchema, items: count }),
      cohen_pairs: z.array(PairAgreementSchema),
      fleiss: z.strictObject({ kappa: EstimateSchema, items: count, excluded_items: count, raters_per_item: count }),
      krippendorff: z.strictObject({ alpha: EstimateSchema, units: count, dropped_units: count, pairable_values: count }),
    })
    .nullable(),
  /** Why `reviewers` is null. */
  reviewers_reason: z.string().optional(),
  /** The candidate against the gold label, on gray items and on all other items (reviewed-and-agreeing or unreviewed). */
  candidate_on_gray: BinaryMetricsSchema,
  candidate_on_clear: BinaryMetricsSchema,
  /** The candidate against the reviewers. */
  candidate_vs_reviewers: z
    .strictObject({
      reviewers: z.array(PairAgreementSchema.omit({ a: true, b: true }).extend({ reviewer: z.string() })),
      groups: z.array(PairAgreementSchema.omit({ a: true, b: true }).extend({ group: z.string() })),
      /** Expected agreement with a random reviewer. */
      soft_accuracy: EstimateSchema,
      /** At least one reviewer chose the predicted label. */
      any_reviewer_accuracy: EstimateSchema,
      /** Against the reviewers' unique majority, where there is one. */
      majority_accuracy: EstimateSchema,
      /** Range of κ between reviewer pairs, to read the candidate's κ against. */
      reviewer_kappa_range: z.strictObject({ min: nullableNumber, max: nullableNumber }),
    })
    .nullable(),
  /** Items where the candidate disagrees with the gold label with high confidence: for SME review. */
  confident_disagreements: z.strictObject({
    /** Confidence in the predicted label at or above which a disagreement is listed. */
    min_confidence: z.number(),
    available: z.boolean(),
    reason: z.string().optional(),
    total: count,
    items: z.array(ConfidentDisagreementSchema),
    omitted: count,
  }),
});

// ---------------------------------------------------------------------------------------------
// Manual-load reduction (triage)
// ---------------------------------------------------------------------------------------------

export const TriageTestSchema = z.strictObject({
  /** null for a label-only candidate: the one operating point is its own decisions. */
  threshold: nullableNumber,
  /** Items selected at this threshold (auto-enforced: score ≥ t; auto-cleared: score < t). */
  items: count,
  /** Wrong among them (false positives / spam cleared). */
  errors: count,
  /** Precision (enforce) or false-clear rate (clear) among them; production-weighted when `triage.weighted`. */
  rate: nullableNumber,
  /** Lower (enforce) or upper (clear) bound at 1 − δ/2: Clopper–Pearson, or Korn–Graubard on the weighted rate (the side's `bound.method`). */
  bound: nullableNumber,
  p_value: nullableNumber,
  status: z.enum(['skipped_before_start', 'rejected', 'not_rejected_stop', 'not_tested_after_stop']),
}).register(reportSchemaRegistry, { id: 'TriageTest' });

export const TriageSideSchema = z.strictObject({
  side: z.enum(['enforce', 'clear']),
  /** Precision target (enforce) or false-clear target (clear). */
  target: z.number(),
  /** Certified threshold; null when the data certify none, or for a label-only candidate (see `certified`). */
  threshold: nullableNumber,
  certified: z.boolean(),
  /** Items selected at the certified threshold. */
  items: count,
  errors: count,
  /** Precision (enforce) or false-clear rate (clear) among the items selected at the threshold. */
  rate: EstimateSchema,
  /** The guarantee: lower bound of precision / upper bound of the false-clear rate. */
  bound: BoundSchema,
  /** Smallest selection size at which an error-free selection could pass (start rule). */
  min_items: count,
  tests: z.array(TriageTestSchema),
  /**
   * The tested threshold that did not pass and so ended the sequence (null when every tested
   * threshold passed). When nothing is certified its numbers are the evidence: `items` and
   * `errors` above describe the certified threshold and are 0 then.
   */
  stopped_at: TriageTestSchema.nullable().optional(),
  /** When not certified: how many labeled items a selection would need at the observed error rate. */
  items_needed: z
    .strictObject({
      /** Items needed in the selection; null when the observed rate is on the wrong side of the target. */
      items: nullableNumber,
      /** Additional labeled golden items (scaled by the selection's share of the set). */
      more_golden_items: nullableNumber,
      /** The error rate held fixed: the same estimate the guarantee tests (weighted under Korn–Graubard). */
      at_rate: nullableNumber,
      /** Whether `at_rate` is production-weighted and `items` scaled by the design effect (Kish n_eff). */
      weighted: z.boolean().optional(),
      note: z.string(),
    })
    .nullable(),
}).register(reportSchemaRegistry, { id: 'TriageSide' });

export const SavingsSchema = z.strictObject({
  volume_per_day: z.number(),
  aht_seconds: z.number(),
  cost_per_hour: nullableNumber,
  currency: z.string(),
  items_automated_per_day: z.number(),
  hours_saved_per_day: z.number(),
  cost_saved_per_day: nullableNumber,
  /** volume × auto-enforce share × (1 − precision), and with the precision bound. */
  wrongful_enforcements_per_day: nullableNumber,
  wrongful_enforcements_per_day_upper: nullableNumber,
});

export const TriageSchema = z.strictObject({
  /** `scores`: thresholds on the score; `labels`: the candidate's own decisions as the one operating point. */
  mode: z.enum(['scores', 'labels', 'unavailable']),
  reason: z.string().optional(),
  confidence: z.number(),
  enforce: TriageSideSchema.nullable(),
  clear: TriageSideSchema.nullable(),
  /** Share of the queue removed from manual review = auto-enforce + auto-clear shares. */
  automation_rate: EstimateSchema,
  auto_enforce_rate: EstimateSchema,
  auto_clear_rate: EstimateSchema,
  human_review_rate: EstimateSchema,
  /** Share of all spam that is auto-cleared (escapes review). */
  spam_leak_rate: EstimateSchema,
  /** Share of all spam that is auto-enforced. */
  auto_enforce_recall: EstimateSchema,
  /** Share of gray items among auto-actioned items. */
  gray_share_automated: EstimateSchema,
  /** Whether the shares were weighted to production (strata/weights). */
  weighted: z.boolean(),
  savings: SavingsSchema.nullable(),
  savings_reason: z.string().optional(),
  /** One plain sentence: what can be automated, with what guarantee, or why nothing can. */
  headline: z.string(),
  caveats: z.array(z.string()),
});

// ---------------------------------------------------------------------------------------------
// Worst errors
// ---------------------------------------------------------------------------------------------

export const WorstErrorSchema = z.strictObject({
  id: z.string(),
  gold_label: z.string(),
  predicted_label: z.string(),
  score: nullableNumber,
  category: z.string().nullable(),
  gray: z.boolean(),
  excerpt: z.string(),
  /** The candidate's own explanation (excerpt), when it gave one. Optional: added in schema_version 1. */
  rationale: z.string().optional(),
}).register(reportSchemaRegistry, { id: 'WorstError' });

export const WorstErrorsSchema = z.strictObject({
  /** Gold negatives decided positive, highest score first. */
  false_positives: z.array(WorstErrorSchema),
  false_positives_total: count,
  /** Gold positives decided negative, lowest score first. */
  false_negatives: z.array(WorstErrorSchema),
  false_negatives_total: count,
});

// ---------------------------------------------------------------------------------------------
// The report
// ---------------------------------------------------------------------------------------------

export const ReportSchema = z.strictObject({
  schema_version: z.literal(REPORT_SCHEMA_VERSION),
  tool: z.strictObject({ name: z.literal('spameval'), version: z.string() }),
  /** When the report was built (not when the run ran); null when the caller wants a reproducible file. */
  generated_at: z.string().nullable(),
  run: ReportRunSchema,
  golden_set: ReportGoldenSetSchema,
  settings: ReportSettingsSchema,
  /** Flat map of stable dotted metric names (see REPORT_METRIC_NAMES); null = undefined. */
  metrics: z.record(z.string(), nullableNumber),
  /** For each null in `metrics`, why it is undefined. */
  metric_reasons: z.record(z.string(), z.string()),
  coverage: CoverageSchema,
  classification: ClassificationSchema,
  scores: ScoresSchema,
  cost: CostSchema,
  production: ProductionSchema,
  gray_area: GrayAreaSchema,
  triage: TriageSchema,
  worst_errors: WorstErrorsSchema,
  /** Plain-language caveats about this report (no scores, incomplete run, …). */
  notes: z.array(z.string()),
});
export type Report = z.infer<typeof ReportSchema>;

// ---------------------------------------------------------------------------------------------
// Per-item rows (the CSV export; not part of the JSON report, which stays small)
// ---------------------------------------------------------------------------------------------

export const ItemRowSchema = z.strictObject({
  id: z.string(),
  gold_label: z.string(),
  status: z.enum(['ok', 'error', 'missing']),
  predicted_label: z.string().nullable(),
  score: nullableNumber,
  /** Predicted label equals gold; null when there is no prediction. */
  correct: z.boolean().nullable(),
  error_kind: ErrorKindSchema.nullable(),
  error_message: z.string().nullable(),
  gray: z.boolean(),
  category: z.string().nullable(),
  predicted_category: z.string().nullable(),
  slices: z.record(z.string(), z.string()),
  excerpt: z.string(),
});
export type ItemRow = z.infer<typeof ItemRowSchema>;

