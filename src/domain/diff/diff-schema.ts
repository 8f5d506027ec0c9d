/**
 * The diff: what changed between two runs on the same golden set (A = baseline, B = new), and
 * whether it is real. A member of the report schema family (same conventions as report-schema.ts:
 * snake_case keys, `null` with a `reason` for anything undefined, intervals with their method,
 * replicates and seed); docs/diff-schema.json is generated from this zod schema.
 *
 * Versioning: adding an optional field keeps `schema_version: 1`; renaming, removing or changing
 * the meaning of a field bumps it.
 */
import { z } from 'zod';
import { GateResultSchema } from '../gates/gate-result-schema.js';
import { EstimateSchema, reportSchemaRegistry } from '../report/report-schema.js';

export const DIFF_SCHEMA_VERSION = 1;

const count = z.number().int().nonnegative();
const nullableNumber = z.number().nullable();

export const DiffRunSchema = z.strictObject({
  run_id: z.string(),
  status: z.enum(['running', 'complete', 'incomplete', 'interrupted']),
  candidate: z.strictObject({ id: z.string(), type: z.string(), fingerprint: z.string() }),
  golden_set: z.strictObject({ name: z.string(), version: z.string(), sha256: z.string() }),
  shard: z.strictObject({ index: z.number().int(), count: z.number().int() }).nullable(),
});
export type DiffRun = z.infer<typeof DiffRunSchema>;

/** A metric on both runs and Δ = B − A with its paired-bootstrap percentile interval. */
export const MetricDeltaSchema = z.strictObject({
  /** Report metric name (`precision`, `category.phishing.recall`, …); the gate name is `<metric>_delta`. */
  metric: z.string(),
  /** Items the metric is computed on (the same items for A and B). */
  n: count,
  a: EstimateSchema,
  b: EstimateSchema,
  /** Δ = B − A; `ci` is the paired percentile bootstrap interval (one index vector per replicate). */
  delta: EstimateSchema,
  /** Whether a higher value is better (precision) or worse (fpr, error_rate). */
  higher_is_better: z.boolean(),
}).register(reportSchemaRegistry, { id: 'MetricDelta' });
export type MetricDelta = z.infer<typeof MetricDeltaSchema>;

/** McNemar on discordant pairs: b = A right → B wrong (worse), c = A wrong → B right (better). */
export const McNemarSchema = z.strictObject({
  /** Items the test ran on. */
  n: count,
  worse: count,
  better: count,
  /** Exact conditional (binomial) two-sided p-value; 1 when there is no discordant pair. */
  exact_p: z.number(),
  mid_p: z.number(),
  /** Uncorrected χ² and its p-value; null when b + c = 0. */
  chi2: nullableNumber,
  chi2_p: nullableNumber,
  reason: z.string().optional(),
}).register(reportSchemaRegistry, { id: 'McNemar' });
export type McNemar = z.infer<typeof McNemarSchema>;

export const FlipItemSchema = z.strictObject({
  id: z.string(),
  gold_label: z.string(),
  a_label: z.string(),
  b_label: z.string(),
  a_score: nullableNumber,
  b_score: nullableNumber,
  /** b_score − a_score; null unless both runs scored the item. */
  score_change: nullableNumber,
  gray: z.boolean(),
  category: z.string().nullable(),
  /** The item's text, flattened and cut (escape it before display: spam is adversarial content). */
  excerpt: z.string(),
});
export type FlipItem = z.infer<typeof FlipItemSchema>;

export const FlipListSchema = z.strictObject({
  total: count,
  /** Largest |score_change| first (items without both scores last), then by id. */
  items: z.array(FlipItemSchema),
  /** Items beyond the list cap. */
  omitted: count,
}).register(reportSchemaRegistry, { id: 'FlipList' });
export type FlipList = z.infer<typeof FlipListSchema>;

export const FlipsSchema = z.strictObject({
  /** Gold negatives A let through and B enforces: the flips enforcement cares most about. */
  new_false_positives: FlipListSchema,
  /** Gold negatives A enforced and B lets through. */
  fixed_false_positives: FlipListSchema,
  /** Gold positives A enforced and B misses. */
  new_false_negatives: FlipListSchema,
  /** Gold positives A missed and B enforces. */
  fixed_false_negatives: FlipListSchema,
  /** Paired items both runs get wrong. */
  unchanged_errors: count,
  /** Paired items whose predicted label changed without changing the enforce decision (more than two labels). */
  other_label_changes: count,
  /** (flips of correctness) / paired items. */
  churn: EstimateSchema,
});

export const RegressionTestSchema = z.strictObject({
  name: z.enum(['overall', 'gold_negatives', 'gold_positives']),
  mcnemar: McNemarSchema,
  /** Holm-adjusted exact p over the three tests. */
  holm_p: z.number(),
  regressed: z.boolean(),
});

export const RegressionSchema = z.strictObject({
  /** Family-wise error level of the regression verdict. */
  alpha: z.number(),
  method: z.literal('mcnemar-exact-holm'),
  /** A test regressed: B is significantly more often wrong than A (Holm-adjusted exact p < alpha, worse > better). */
  regressed: z.boolean(),
  tests: z.array(RegressionTestSchema),
  summary: z.string(),
});

export const CategoryDeltaSchema = z.strictObject({
  category: z.string(),
  /** Gold-positive items of the category in the comparison. */
  items: count,
  /** Of those, answered by both runs. */
  paired: count,
  recall: MetricDeltaSchema,
  new_false_negatives: count,
  fixed_false_negatives: count,
  mcnemar: McNemarSchema,
  /** Holm-adjusted exact p across categories. */
  holm_p: z.number(),
  regressed: z.boolean(),
});

export const GroupDeltaSchema = z.strictObject({
  items: count,
  paired: count,
  accuracy: MetricDeltaSchema,
  mcnemar: McNemarSchema,
});

export const IdListSchema = z.strictObject({ total: count, ids: z.array(z.string()), omitted: count });

export const DiffSchema = z.strictObject({
  schema_version: z.literal(DIFF_SCHEMA_VERSION),
  kind: z.literal('diff'),
  tool: z.strictObject({ name: z.literal('spameval'), version: z.string() }),
  generated_at: z.string().nullable(),
  a: DiffRunSchema,
  b: DiffRunSchema,
  golden_set: z.strictObject({
    name: z.string(),
    /** The version whose gold labels were used (B's). */
    version: z.string(),
    positive: z.string(),
    labels: z.array(z.string()),
    categories: z.array(z.string()),
    /** False when A and B ran on different versions: compared on shared ids only. */
    same_version: z.boolean(),
  }),
  settings: z.strictObject({
    confidence: z.number(),
    bootstrap: z.strictObject({ replicates: count, seed: z.number().int() }),
    alpha: z.number(),
    max_flips: count,
  }),
  /** Read these first: different golden-set versions, sharded or unfinished runs, weighted sets. */
  warnings: z.array(z.string()),
  pairing: z.strictObject({
    /** Golden items compared (shared ids when versions differ). */
    items: count,
    /** Answered by both: every paired statistic uses these. */
    paired: count,
    answered_only_by_a: count,
    answered_only_by_b: count,
    answered_by_neither: count,
    /** Ids only in A's or only in B's golden-set version (left out). */
    only_in_a_version: count,
    only_in_b_version: count,
    /** Shared ids whose gold label differs between the versions (B's label used). */
    relabeled: count,
  }),
  /** Flat map `<metric>_delta` → Δ point estimate (null = undefined), the names gates use. */
  metrics: z.record(z.string(), nullableNumber),
  /** Paired metric deltas with intervals, in display order. */
  deltas: z.array(MetricDeltaSchema),
  scores: z.strictObject({
    /** Both runs scored the paired items (AP and ROC AUC deltas are in `deltas`). */
    available: z.boolean(),
    reason: z.string().optional(),
    scored_by_both: count,
  }),
  mcnemar: z.strictObject({ overall: McNemarSchema, gold_negatives: McNemarSchema, gold_positives: McNemarSchema }),
  regression: RegressionSchema,
  flips: FlipsSchema,
  categories: z.array(CategoryDeltaSchema),
  gray_area: z.strictObject({ gray: GroupDeltaSchema, clear: GroupDeltaSchema }),
  errors: z.strictObject({
    /** A answered, B failed (error or no record). */
    newly_failing: IdListSchema,
    /** A failed, B answered. */
    newly_answered: IdListSchema,
  }),
  /** Manual-load reduction of each run, when both have scores and reports were given. */
  triage: z.strictObject({
    available: z.boolean(),
    /**
     * Shares are of the paired items, each counted once: unlike the report's triage, which is
     * weighted to production when the golden set has strata or weights, so the two can differ.
     */
    weighting: z.literal('paired_sample_unweighted'),
    reason: z.string().optional(),
    rows: z.array(z.strictObject({ metric: z.string(), a: nullableNumber, b: nullableNumber, change: nullableNumber })),
  }),
  /** Gates evaluated against this diff (and B's report), when any were given. */
  gates: z.array(GateResultSchema).optional(),
});
export type Diff = z.infer<typeof DiffSchema>;

/** The JSON Schema (draft 2020-12) of `spameval diff --format json`, committed as docs/diff-schema.json. */
export function diffJsonSchema(): Record<string, unknown> {
  return {
    $id: `https://spameval.dev/schemas/diff-v${DIFF_SCHEMA_VERSION}.json`,
    title: `spameval diff (schema_version ${DIFF_SCHEMA_VERSION})`,
    description:
      'Output of `spameval diff <runA> <runB> --format json`: metric deltas B − A with paired-bootstrap intervals, ' +
      'McNemar tests and the items that flipped. Null values are undefined; the reason sits beside them.',
    // the report's registry: Estimate and Interval are the same named definitions in both documents
    ...z.toJSONSchema(DiffSchema, { target: 'draft-2020-12', io: 'output', metadata: reportSchemaRegistry }),
  };
}

/** The file's exact text: two-space indentation and a final newline. */
export function diffJsonSchemaText(): string {
  return `${JSON.stringify(diffJsonSchema(), null, 2)}\n`;
}
