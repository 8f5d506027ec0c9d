import { z } from 'zod';

/** What a candidate says about one item. `score` is P(positive label), in [0, 1]. */
export const PredictionSchema = z.strictObject({
  label: z.string().min(1),
  score: z.number().min(0).max(1).optional(),
  category: z.string().optional(),
  rationale: z.string().optional(),
});
export type Prediction = z.infer<typeof PredictionSchema>;

/** The closed set of ways a call can fail. None of them is ever counted as a negative. */
export const ERROR_KINDS = ['timeout', 'rate_limited', 'transport', 'invalid_output', 'refused'] as const;
export const ErrorKindSchema = z.enum(ERROR_KINDS);
export type ErrorKind = z.infer<typeof ErrorKindSchema>;

export const UsageSchema = z.strictObject({
  inputTokens: z.number().nonnegative(),
  outputTokens: z.number().nonnegative(),
});
export type Usage = z.infer<typeof UsageSchema>;

/** One line of `predictions.jsonl`: the outcome for one item, appended as it finishes. */
export const PredictionRecordSchema = z.discriminatedUnion('status', [
  z.strictObject({
    id: z.string(),
    status: z.literal('ok'),
    prediction: PredictionSchema,
    attempts: z.number().int().positive(),
    latencyMs: z.number().nonnegative(),
    cached: z.boolean().optional(),
    usage: UsageSchema.optional(),
    costUsd: z.number().nonnegative().optional(),
  }),
  z.strictObject({
    id: z.string(),
    status: z.literal('error'),
    error: z.strictObject({
      kind: ErrorKindSchema,
      message: z.string(),
    }),
    attempts: z.number().int().positive(),
    latencyMs: z.number().nonnegative(),
    usage: UsageSchema.optional(),
    costUsd: z.number().nonnegative().optional(),
  }),
]);
export type PredictionRecord = z.infer<typeof PredictionRecordSchema>;
export type OkRecord = Extract<PredictionRecord, { status: 'ok' }>;
export type ErrorRecord = Extract<PredictionRecord, { status: 'error' }>;
