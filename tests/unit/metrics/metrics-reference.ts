/**
 * Typed access to tests/reference/metrics-expected.json, written by
 * tests/reference/metrics_reference.py (scikit-learn 1.2.1, scipy, statsmodels). Parsing with
 * zod keeps the tests honest: a renamed or missing key fails loudly instead of comparing
 * against undefined.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { expect } from 'vitest';
import type { Estimate } from '../../../src/domain/metrics/estimate.js';

const nullableNumber = z.number().nullable();
const pair = z.tuple([z.number(), z.number()]);

export const RatioRefSchema = z.strictObject({ value: nullableNumber, ci: pair.nullable() });
export type RatioRef = z.infer<typeof RatioRefSchema>;

const BinaryInputsSchema = z.strictObject({
  scores: z.array(z.number()),
  gold: z.array(z.union([z.literal(0), z.literal(1)])),
  weights: z.array(z.number()).nullable(),
  strata: z.array(z.string()).optional(),
});
export type BinaryInputs = z.infer<typeof BinaryInputsSchema>;

const ClassificationRefSchema = z.strictObject({
  confusion: z.strictObject({ tp: z.number(), fp: z.number(), fn: z.number(), tn: z.number() }),
  precision: RatioRefSchema,
  recall: RatioRefSchema,
  specificity: RatioRefSchema,
  fpr: RatioRefSchema,
  fnr: RatioRefSchema,
  npv: RatioRefSchema,
  false_omission_rate: RatioRefSchema,
  fdr: RatioRefSchema,
  accuracy: RatioRefSchema,
  f1: nullableNumber,
  f0_5: nullableNumber,
  f2: nullableNumber,
  balanced_accuracy: nullableNumber,
  balanced_accuracy_adjusted: nullableNumber,
  mcc: nullableNumber,
});

const PointRefSchema = z.strictObject({
  threshold: z.number(),
  tp: z.number(),
  fp: z.number(),
  fn: z.number(),
  tn: z.number(),
  precision: RatioRefSchema,
  recall: RatioRefSchema,
  fpr: RatioRefSchema,
  predicted_positive_rate: nullableNumber,
});
export type PointRef = z.infer<typeof PointRefSchema>;

const RocRefSchema = z.strictObject({
  fpr: z.array(z.number()),
  tpr: z.array(z.number()),
  thresholds_after_first: z.array(z.number()),
});

const CurvesRefSchema = z.strictObject({
  distinct_thresholds_desc: z.array(z.number()),
  pr_curve: z
    .strictObject({ precision: z.array(z.number()), recall: z.array(z.number()), thresholds: z.array(z.number()) })
    .nullable(),
  average_precision: nullableNumber,
  pr_trapezoid: z.number().optional(),
  roc_curve: RocRefSchema.nullable(),
  roc_curve_drop: RocRefSchema.optional(),
  roc_auc: nullableNumber,
  roc_auc_max_fpr_0_1: z.number().optional(),
  roc_auc_max_fpr_0_5: z.number().optional(),
  operating_points: z.array(PointRefSchema),
  grid: z.array(z.number()),
  grid_points: z.array(PointRefSchema),
  selections: z.record(
    z.string(),
    z.union([z.number(), z.null(), z.strictObject({ threshold: z.number(), f1: z.number() })]),
  ),
});

const CalibrationRefSchema = z.strictObject({
  bins: z.array(
    z.strictObject({
      count: z.number(),
      weight: z.number(),
      mean_score: nullableNumber,
      positive_share: RatioRefSchema,
    }),
  ),
  ece: z.number(),
  mce: z.number(),
  top_label_ece: z.number(),
  top_label_mce: z.number(),
  brier: z.number(),
  log_loss: z.number(),
});

const CostRefSchema = z.strictObject({
  lambda: z.number(),
  fp: z.number(),
  fn: z.number(),
  n_spam: z.number(),
  n_ham: z.number(),
  cost: z.number(),
  weighted_error: nullableNumber,
  weighted_accuracy: nullableNumber,
  baseline_weighted_error: nullableNumber,
  tcr: nullableNumber,
  min_cost_threshold: nullableNumber,
  min_cost: z.number(),
});

const BinaryDatasetSchema = z.strictObject({
  inputs: BinaryInputsSchema,
  classification: ClassificationRefSchema,
  curves: CurvesRefSchema,
  calibration: CalibrationRefSchema,
  cost: z.array(CostRefSchema),
});
export type BinaryDataset = z.infer<typeof BinaryDatasetSchema>;

const MulticlassRefSchema = z.strictObject({
  labels: z.array(z.string()),
  weighted: z.boolean(),
  matrix: z.array(z.array(z.number())),
  per_class: z.array(
    z.strictObject({
      label: z.string(),
      support: z.number(),
      precision: RatioRefSchema,
      recall: RatioRefSchema,
      f1: nullableNumber,
      f0_5: nullableNumber,
    }),
  ),
  averages: z.strictObject({
    precision: z.strictObject({ macro: nullableNumber, weighted: nullableNumber, excluded: z.array(z.string()) }),
    recall: z.strictObject({ macro: nullableNumber, weighted: nullableNumber, excluded: z.array(z.string()) }),
    f1: z.strictObject({ macro: nullableNumber, weighted: nullableNumber, excluded: z.array(z.string()) }),
    f0_5: z.strictObject({ macro: nullableNumber, weighted: nullableNumber, excluded: z.array(z.string()) }),
    micro: z.strictObject({ precision: z.number(), recall: z.number(), f1: z.number() }),
  }),
  accuracy: RatioRefSchema,
  mcc: z.number(),
  balanced_accuracy: nullableNumber,
  balanced_accuracy_adjusted: nullableNumber,
});
export type MulticlassRef = z.infer<typeof MulticlassRefSchema>;

const IntervalCaseSchema = z.strictObject({
  x: z.number(),
  n: z.number(),
  confidence: z.number(),
  wilson: pair,
  clopper_pearson: pair,
  cp_lower_one_sided: z.number(),
  cp_upper_one_sided: z.number(),
});

const BootstrapRefSchema = z.strictObject({
  name: z.string(),
  statistic: z.enum(['f1', 'precision']),
  seed: z.number(),
  replicates: z.number(),
  dropped: z.number(),
  low: z.number(),
  high: z.number(),
  exact: z.boolean(),
  first_indices: z.array(z.number()),
  scipy_percentile: pair.optional(),
});
export type BootstrapRef = z.infer<typeof BootstrapRefSchema>;

const MultinomialCaseSchema = z.strictObject({
  name: z.string(),
  /** [tp, fp, fn, tn] */
  counts: z.array(z.number()),
  beta: z.number(),
  value: z.number(),
  multinomial: z.strictObject({
    replicates: z.number(),
    seed: z.number(),
    low: z.number(),
    high: z.number(),
    quantiles: z.array(z.number()),
    sd: z.number(),
  }),
  scipy_items: z.strictObject({ replicates: z.number(), seed: z.number(), low: z.number(), high: z.number() }),
  tolerance: z.number(),
});
export type MultinomialCase = z.infer<typeof MultinomialCaseSchema>;

const ReferenceSchema = z.strictObject({
  generated_by: z.string(),
  versions: z.record(z.string(), z.string()),
  threshold: z.number(),
  confidence: z.number(),
  intervals: z.strictObject({
    cases: z.array(IntervalCaseSchema),
    binomial_cdf: z.array(z.strictObject({ k: z.number(), n: z.number(), p: z.number(), value: z.number() })),
    normal_quantile: z.array(z.strictObject({ p: z.number(), value: z.number() })),
    sample_sizes: z.array(z.strictObject({ target: z.number(), errors: z.number(), n: z.number() })),
    kish: z.array(z.strictObject({ weights: z.array(z.number()), value: z.number() })),
  }),
  binary: z.record(z.string(), BinaryDatasetSchema),
  multiclass: z.strictObject({
    inputs: z.strictObject({
      labels: z.array(z.string()),
      gold: z.array(z.string()),
      predicted: z.array(z.string()),
      weights: z.array(z.number()),
    }),
    unweighted: MulticlassRefSchema,
    weighted: MulticlassRefSchema,
    present_labels: MulticlassRefSchema,
  }),
  mulberry32: z.record(
    z.string(),
    z.union([z.strictObject({ uint32: z.array(z.number()), uniform: z.array(z.number()) }), z.array(z.number())]),
  ),
  bootstrap: z.array(BootstrapRefSchema),
  bootstrap_multinomial: z.strictObject({ threshold_draws: z.number(), cases: z.array(MultinomialCaseSchema) }),
});
export type Reference = z.infer<typeof ReferenceSchema>;

let cached: Reference | undefined;

export function loadReference(): Reference {
  cached ??= ReferenceSchema.parse(
    JSON.parse(
      readFileSync(fileURLToPath(new URL('../../reference/metrics-expected.json', import.meta.url)), 'utf8'),
    ),
  );
  return cached;
}

export function binaryDataset(name: string): BinaryDataset {
  const dataset = loadReference().binary[name];
  if (!dataset) throw new Error(`no dataset '${name}' in metrics-expected.json`);
  return dataset;
}

export const TOLERANCE = 1e-9;

/** |actual − expected| ≤ 1e-9, with null matching null only. */
export function expectClose(actual: number | null | undefined, expected: number | null, label = ''): void {
  if (expected === null) {
    expect(actual ?? null, label).toBeNull();
    return;
  }
  expect(actual, label).not.toBeNull();
  expect(actual, label).toBeTypeOf('number');
  expect(Math.abs((actual ?? Number.NaN) - expected), `${label}: ${actual} vs ${expected}`).toBeLessThanOrEqual(
    TOLERANCE,
  );
}

export function expectAllClose(actual: ArrayLike<number>, expected: readonly number[], label = ''): void {
  expect(actual.length, `${label} length`).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) expectClose(actual[i], expected[i] ?? Number.NaN, `${label}[${i}]`);
}

/** Item-level inputs of a binary dataset in the shapes the metric functions take. */
export function binaryInputs(inputs: BinaryInputs): {
  gold: boolean[];
  scores: number[];
  weights: number[] | undefined;
} {
  return {
    gold: inputs.gold.map((g) => g === 1),
    scores: inputs.scores,
    weights: inputs.weights ?? undefined,
  };
}

/** Value and Wilson interval against a reference ratio; a null must carry a reason and no interval. */
export function expectRatio(actual: Estimate, expected: RatioRef, label: string): void {
  expectClose(actual.value, expected.value, `${label} value`);
  if (expected.value === null || expected.ci === null) {
    expect(actual.reason, `${label} reason`).toMatch(/\w/);
    expect(actual.ci, `${label} interval`).toBeUndefined();
    return;
  }
  expect(actual.reason, `${label} reason`).toBeUndefined();
  expectClose(actual.ci?.low, expected.ci[0], `${label} ci low`);
  expectClose(actual.ci?.high, expected.ci[1], `${label} ci high`);
  expect(actual.ci?.method).toBe('wilson');
}
