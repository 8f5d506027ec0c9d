import { z } from 'zod';
import type { GateResult } from './evaluate-gates.js';
import { describeGateSource } from './parse-gate.js';

/** An evaluated gate as written into JSON outputs (the diff, and any report that carries gates). */
export const GateResultSchema = z.strictObject({
  gate: z.string(),
  metric: z.string(),
  operator: z.enum(['>=', '>', '<=', '<', '==']),
  threshold: z.number(),
  /**
   * `delta` gates are judged on the confidence bound of Δ (or, for a change without an interval,
   * on the point value, which the reason says), `metric` gates on the value; `regression` is the
   * McNemar verdict against the baseline that spameval adds itself.
   */
  kind: z.enum(['metric', 'delta', 'regression']),
  value: z.number().nullable(),
  /** The number compared with the threshold (the bound, for a delta gate). */
  compared: z.number().nullable(),
  passed: z.boolean(),
  reason: z.string(),
  /** `--gate`, the suite file and line, or `built-in (with a baseline)`. */
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
