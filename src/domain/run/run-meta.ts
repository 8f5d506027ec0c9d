import { z } from 'zod';
import { ErrorKindSchema } from './prediction.js';

export const RUN_SCHEMA_VERSION = 1;

export const ShardSchema = z.strictObject({
  index: z.number().int().positive(),
  count: z.number().int().positive(),
});
export type Shard = z.infer<typeof ShardSchema>;

/** `run.json`: everything needed to reproduce, resume and report a run. Never holds a secret. */
export const RunMetaSchema = z.strictObject({
  schema_version: z.literal(RUN_SCHEMA_VERSION),
  run_id: z.string(),
  tool: z.strictObject({ name: z.literal('spameval'), version: z.string() }),
  suite: z.strictObject({
    file: z.string().nullable(),
    name: z.string().nullable(),
  }),
  candidate: z.strictObject({
    id: z.string(),
    type: z.string(),
    fingerprint: z.string(),
    /** The candidate's suite configuration with secrets redacted. */
    config: z.record(z.string(), z.unknown()),
  }),
  golden_set: z.strictObject({
    name: z.string(),
    version: z.string(),
    sha256: z.string(),
    count: z.number().int().nonnegative(),
    path: z.string(),
  }),
  shard: ShardSchema.nullable(),
  status: z.enum(['running', 'complete', 'incomplete', 'interrupted']),
  started_at: z.string(),
  finished_at: z.string().nullable(),
  /** Wall-clock seconds spent running, summed over resumes. */
  elapsed_seconds: z.number().nonnegative(),
  counts: z.strictObject({
    items: z.number().int().nonnegative(),
    done: z.number().int().nonnegative(),
    ok: z.number().int().nonnegative(),
    errors: z.number().int().nonnegative(),
    cached: z.number().int().nonnegative(),
    errors_by_kind: z.partialRecord(ErrorKindSchema, z.number().int().nonnegative()),
  }),
  usage: z.strictObject({
    input_tokens: z.number().nonnegative(),
    output_tokens: z.number().nonnegative(),
    cost_usd: z.number().nonnegative(),
  }),
  /** Suite settings the report needs (operating assumptions, triage targets, bootstrap). */
  settings: z.record(z.string(), z.unknown()),
  resumes: z.number().int().nonnegative(),
});
export type RunMeta = z.infer<typeof RunMetaSchema>;
