import { z } from 'zod';
import type { GateResult } from './evaluate-gates.js';
import { describeGateSource } from './parse-gate.js';

/** An evaluated gate as written into JSON outputs (the diff, and any report that carries gates). */
export const GateResultSchema = z.strictObject({
  gate: z.string(),
  metric: z.string(),
  operator: z.enum(['>=', '>', '<=', '<', '==']),
  threshold: z.number(),
  /** `delta` gates are judged on the confidence bound of Δ, `metric` gates on the value. */
  kind: z.enum(['metric', 'delta']),
  value: z.number().nullable(),
  /** The number compared with the threshold (the bound, for a delta gate). */
  compared: z.number().nullable(),
  passed: z.boolean(),
  reason: z.string(),
  /** `--gate` or the suite file and line. */
  source: z.string(),
});
export type GateResultJson = z.infer<typeof GateResultSchema>;

export function toGateResultJson(result: GateResult): GateResultJson {
  return {
    gate: result.gate.text,
    metric: result.gate.metric,
    operator: result.gate.operator,
    threshold: result.gate.threshold,
    kind: result.kind,
    value: result.value,
    compared: result.compared,
    passed: result.passed,
    reason: result.reason,
    source: describeGateSource(result.gate.source),
  };
}
