import { z } from 'zod';
import { CandidateConfigSchema } from './candidate-schemas.js';

/** Operating assumptions: how the queue looks in production. */
export const OperatingSchema = z.strictObject({
  /** Items entering the manual review queue per day. */
  volume_per_day: z.number().positive().optional(),
  /** Average handle time of one manual review, in seconds. */
  aht_seconds: z.number().positive().optional(),
  /** Fully loaded cost of one reviewer hour. */
  cost_per_hour: z.number().nonnegative().optional(),
  currency: z.string().default('USD'),
  /** Share of positives in production, when the golden set is enriched and has no strata. */
  prevalence: z.number().gt(0).lt(1).optional(),
  /** Cost of a false positive relative to a false negative (λ). */
  fp_cost: z.number().positive().default(1),
});

export const TriageSchema = z.strictObject({
  /** Precision that auto-enforcement must reach. */
  precision_target: z.number().gt(0).lt(1).default(0.99),
  /** Largest share of spam among auto-cleared items. */
  false_clear_target: z.number().gt(0).lt(1).default(0.01),
  /** Confidence of the guarantee (1 − δ), split between the two sides. */
  confidence: z.number().gt(0.5).lt(1).default(0.95),
  /** Thresholds to test, in hundredths; defaults 0.99…0.50 and 0.01…0.50. */
  enforce_grid: z.array(z.number().min(0).max(1)).optional(),
  clear_grid: z.array(z.number().min(0).max(1)).optional(),
});

export const SuiteSchema = z.strictObject({
  schema_version: z.literal(1).default(1),
  name: z.string().optional(),
  description: z.string().optional(),
  /** `name@version`, `name` (highest version) or a version folder. */
  golden_set: z.string().min(1),
  /** Where named golden sets live, relative to the suite file. */
  golden_sets_dir: z.string().default('golden-sets'),
  candidates: z.array(CandidateConfigSchema).min(1, 'a suite needs at least one candidate'),
  operating: OperatingSchema.default({ currency: 'USD', fp_cost: 1 }),
  triage: TriageSchema.default({ precision_target: 0.99, false_clear_target: 0.01, confidence: 0.95 }),
  /** Quality gates such as `precision >= 0.97`, `error_rate <= 0.01`, `precision_delta >= -0.005`. */
  gates: z.array(z.string()).default([]),
  /** Largest share of items that may end in an error before the run is called incomplete (exit 3). */
  error_budget: z.number().min(0).max(1).default(0.05),
  /** A run folder to diff against (delta gates apply). */
  baseline: z.string().optional(),
  /** Where run folders go, relative to the suite file. */
  runs_dir: z.string().default('.spameval/runs'),
  /** Seeded resampling for bootstrap intervals. */
  bootstrap: z
    .strictObject({
      replicates: z.number().int().min(100).max(100_000).default(2000),
      seed: z.number().int().default(12345),
    })
    .default({ replicates: 2000, seed: 12345 }),
});
export type Suite = z.infer<typeof SuiteSchema>;
