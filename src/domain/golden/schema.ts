import { z } from 'zod';

/** Semantic version `MAJOR.MINOR.PATCH` (pre-release and build suffixes allowed). */
export const SemverSchema = z
  .string()
  .regex(/^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$/, 'must be a semantic version such as 1.0.0');

export const CategorySchema = z.strictObject({
  description: z.string(),
  policy_ref: z.string().optional(),
});
export type Category = z.infer<typeof CategorySchema>;

export const StratumSchema = z.strictObject({
  /** How many items of the production population this stratum stands for. */
  population: z.number().positive(),
  /** How many items of the stratum are in the set; checked against the items. */
  sample: z.number().int().nonnegative().optional(),
  description: z.string().optional(),
});
export type Stratum = z.infer<typeof StratumSchema>;

export const ChangelogEntrySchema = z.strictObject({
  version: SemverSchema,
  date: z.string(),
  message: z.string(),
});

export const ManifestSchema = z
  .strictObject({
    schema_version: z.literal(1).default(1),
    name: z.string().regex(/^[a-z0-9][a-z0-9._-]*$/, 'lowercase letters, digits, dot, dash, underscore'),
    version: SemverSchema,
    description: z.string(),
    labels: z.array(z.string().min(1)).min(2),
    positive: z.string().min(1),
    categories: z.record(z.string(), CategorySchema).optional(),
    policy_version: z.string().optional(),
    created_at: z.string(),
    parent: z.string().nullable().optional(),
    changelog: z.array(ChangelogEntrySchema).default([]),
    count: z.number().int().nonnegative(),
    sha256: z.string().regex(/^[0-9a-f]{64}$/, 'must be a lowercase hex sha256'),
    strata: z.record(z.string(), StratumSchema).optional(),
    /** Free-form provenance: where the items came from, how they were built. */
    source: z.record(z.string(), z.unknown()).optional(),
  });
export type Manifest = z.infer<typeof ManifestSchema>;

export const ReviewSchema = z.strictObject({
  reviewer: z.string().min(1),
  label: z.string().min(1),
  group: z.string().optional(),
});
export type Review = z.infer<typeof ReviewSchema>;

export const ItemSchema = z.strictObject({
  id: z.string().min(1),
  text: z.string(),
  fields: z.record(z.string(), z.unknown()).optional(),
  label: z.string().min(1),
  category: z.string().optional(),
  gray_area: z.boolean().optional(),
  gray_reason: z.string().optional(),
  reviews: z.array(ReviewSchema).optional(),
  slices: z.record(z.string(), z.string()).optional(),
  stratum: z.string().optional(),
  weight: z.number().positive().optional(),
  notes: z.string().optional(),
});
export type Item = z.infer<typeof ItemSchema>;
