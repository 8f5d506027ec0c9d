import { z } from 'zod';

const idSchema = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'letters, digits, dot, dash and underscore, starting with a letter or digit');

/** Runner settings every candidate type accepts. */
const runnerFields = {
  id: idSchema,
  description: z.string().optional(),
  /** Calls in flight at once. */
  concurrency: z.number().int().positive().max(1024).optional(),
  /** Per-call timeout. */
  timeout_ms: z.number().int().positive().optional(),
  /** Attempts per item including the first (retryable errors only). */
  max_attempts: z.number().int().positive().max(20).optional(),
  /** Requests per minute. */
  rpm: z.number().positive().optional(),
  /** Tokens per minute (estimated before the call, corrected by the reported usage). */
  tpm: z.number().positive().optional(),
  /** Score at or above which a score-only answer is the positive label. */
  threshold: z.number().min(0).max(1).optional(),
};

export const BuiltinCandidateSchema = z.strictObject({
  ...runnerFields,
  type: z.literal('builtin'),
  name: z.enum(['naive-bayes', 'rules']),
  /** A model file other than the shipped one (naive-bayes only). */
  model: z.string().optional(),
});

export const PriceSchema = z.strictObject({
  input_per_million: z.number().nonnegative(),
  output_per_million: z.number().nonnegative(),
});

export const OpenAICandidateSchema = z.strictObject({
  ...runnerFields,
  type: z.literal('openai'),
  model: z.string().min(1),
  base_url: z.string().url().optional(),
  /** Name of the environment variable holding the API key; the key itself never appears in files. */
  api_key_env: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/).default('OPENAI_API_KEY'),
  /** Prompt template file with {{guidelines}}, {{labels}}, {{item.text}}, {{item.fields.x}} placeholders. */
  prompt: z.string().min(1),
  /** Guidelines (policy) text file, inserted at {{guidelines}}. */
  guidelines: z.string().optional(),
  system: z.string().optional(),
  temperature: z.number().min(0).max(2).optional(),
  max_tokens: z.number().int().positive().optional(),
  seed: z.number().int().optional(),
  /** How the answer is constrained: a JSON schema (default), JSON mode, or free text parsed tolerantly. */
  response_format: z.enum(['json_schema', 'json_object', 'text']).default('json_schema'),
  price: PriceSchema.optional(),
  /** Extra fields sent in the request body (provider-specific parameters). */
  extra_body: z.record(z.string(), z.unknown()).optional(),
});

export const HttpCandidateSchema = z.strictObject({
  ...runnerFields,
  type: z.literal('http'),
  url: z.string().url(),
  method: z.enum(['POST', 'PUT', 'GET']).default('POST'),
  /** Header values may reference environment variables as ${env:NAME}. */
  headers: z.record(z.string(), z.string()).default({}),
  /** Request body template; strings may hold {{item.text}}, {{item.id}}, {{item.fields.x}}. */
  body: z.unknown().optional(),
  /** Where the answer's fields are in the response JSON, as paths like `result.label` or `choices[0].score`. */
  response: z.strictObject({
    label: z.string().optional(),
    score: z.string().optional(),
    category: z.string().optional(),
    rationale: z.string().optional(),
  }),
  /** Map the service's labels (e.g. "1", "ham") to the golden set's labels. */
  label_map: z.record(z.string(), z.string()).optional(),
});

export const CommandCandidateSchema = z.strictObject({
  ...runnerFields,
  type: z.literal('command'),
  /** Program and arguments; run directly, never through a shell. */
  command: z.array(z.string().min(1)).min(1),
  cwd: z.string().optional(),
  env: z.record(z.string(), z.string()).optional(),
});

export const ModuleCandidateSchema = z.strictObject({
  ...runnerFields,
  type: z.literal('module'),
  path: z.string().min(1),
  export: z.string().default('classify'),
  options: z.record(z.string(), z.unknown()).optional(),
});

export const PredictionsCandidateSchema = z.strictObject({
  ...runnerFields,
  type: z.literal('predictions'),
  path: z.string().min(1),
  format: z.enum(['csv', 'jsonl']).optional(),
  /** Column (or JSON key) names in the file. */
  columns: z
    .strictObject({
      id: z.string().default('id'),
      label: z.string().optional(),
      score: z.string().optional(),
      category: z.string().optional(),
      rationale: z.string().optional(),
    })
    .default({ id: 'id', label: 'label' }),
  label_map: z.record(z.string(), z.string()).optional(),
});

export const CandidateConfigSchema = z.discriminatedUnion('type', [
  BuiltinCandidateSchema,
  OpenAICandidateSchema,
  HttpCandidateSchema,
  CommandCandidateSchema,
  ModuleCandidateSchema,
  PredictionsCandidateSchema,
]);
export type CandidateConfig = z.infer<typeof CandidateConfigSchema>;
export type BuiltinCandidateConfig = z.infer<typeof BuiltinCandidateSchema>;
export type OpenAICandidateConfig = z.infer<typeof OpenAICandidateSchema>;
export type HttpCandidateConfig = z.infer<typeof HttpCandidateSchema>;
export type CommandCandidateConfig = z.infer<typeof CommandCandidateSchema>;
export type ModuleCandidateConfig = z.infer<typeof ModuleCandidateSchema>;
export type PredictionsCandidateConfig = z.infer<typeof PredictionsCandidateSchema>;
