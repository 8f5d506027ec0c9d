import type { Problem } from '../problems.js';
import { closestNames } from './closest-names.js';
import { gateProblem, isDeltaGate, type Gate, type GateOperator } from './parse-gate.js';

/** A metric of the new run's report: its value, or null and why. */
export interface GateMetricValue {
  value: number | null;
  reason?: string;
}

/** A delta (new − baseline) with its two-sided confidence interval (paired bootstrap). */
export interface GateDeltaValue {
  value: number | null;
  low: number | null;
  high: number | null;
  /** Two-sided level of [low, high], e.g. 0.95. */
  confidence: number;
  reason?: string;
}

export interface GateInputs {
  /** The report's metrics by dotted name (`precision`, `category.phishing.recall`, ...). */
  metrics: Readonly<Record<string, GateMetricValue>>;
  /** Deltas by gate name (`precision_delta`, ...); absent when no baseline was given. */
  deltas?: Readonly<Record<string, GateDeltaValue>>;
}

export interface GateResult {
  gate: Gate;
  kind: 'metric' | 'delta';
  /** The metric's value (for a delta gate: the point estimate of the delta). */
  value: number | null;
  /**
   * What was compared with the threshold: the value for a metric gate; for a delta gate the
   * confidence bound on the side the operator guards (lower for >, >=; upper for <, <=).
   */
  compared: number | null;
  /** The delta's interval (delta gates). */
  interval?: { low: number | null; high: number | null; confidence: number };
  passed: boolean;
  /** One line saying why it passed or failed, with the numbers. */
  reason: string;
}

/** Every problem that makes gates impossible to evaluate: unknown metrics, delta gates without a baseline. */
export function checkGateMetrics(gates: readonly Gate[], inputs: GateInputs): Problem[] {
  const problems: Problem[] = [];
  const metricNames = Object.keys(inputs.metrics);
  for (const gate of gates) {
    if (isDeltaGate(gate)) {
      if (inputs.deltas === undefined) {
        problems.push(
          gateProblem(gate.text, gate.source, 'is a diff gate but no baseline run was given', 'pass --baseline <run folder> or set `baseline` in the suite'),
        );
        continue;
      }
      if (!Object.hasOwn(inputs.deltas, gate.metric)) problems.push(unknownMetric(gate, Object.keys(inputs.deltas), 'deltas'));
    } else if (!Object.hasOwn(inputs.metrics, gate.metric)) {
      problems.push(unknownMetric(gate, metricNames, 'metrics'));
    }
  }
  return problems;
}

function unknownMetric(gate: Gate, known: readonly string[], what: 'metrics' | 'deltas'): Problem {
  const close = closestNames(gate.metric, known);
  const hint =
    close.length > 0
      ? `did you mean ${close.map((name) => `'${name}'`).join(', ')}?`
      : `available ${what}: ${known.slice(0, 12).join(', ')}${known.length > 12 ? `, … (${known.length} in all; see the JSON report)` : ''}`;
  return gateProblem(gate.text, gate.source, `unknown metric '${gate.metric}'`, hint);
}

// Float noise must not fail a gate that holds on paper (e.g. 0.97 computed as 97/100 vs 0.1*9.7).
const TOLERANCE = 1e-12;

function holds(value: number, operator: GateOperator, threshold: number): boolean {
  const slack = TOLERANCE * Math.max(1, Math.abs(threshold));
  switch (operator) {
    case '>=':
      return value >= threshold - slack;
    case '>':
      return value > threshold + slack;
    case '<=':
      return value <= threshold + slack;
    case '<':
      return value < threshold - slack;
    case '==':
      return Math.abs(value - threshold) <= slack;
  }
}

/** Rounded for messages only (6 decimals, no trailing zeros); comparisons use full precision. */
export function formatGateNumber(value: number): string {
  return String(Number(value.toFixed(6)));
}

const SYMBOL: Record<GateOperator, string> = { '>=': '≥', '>': '>', '<=': '≤', '<': '<', '==': '=' };
const NEGATION: Record<GateOperator, string> = { '>=': '<', '>': '≤', '<=': '>', '<': '≥', '==': '≠' };

function evaluateMetricGate(gate: Gate, metric: GateMetricValue | undefined): GateResult {
  const base = { gate, kind: 'metric' as const };
  if (metric === undefined) {
    return { ...base, value: null, compared: null, passed: false, reason: `unknown metric '${gate.metric}'` };
  }
  if (metric.value === null || Number.isNaN(metric.value)) {
    const why = metric.reason ?? 'the metric is undefined for this run';
    return { ...base, value: null, compared: null, passed: false, reason: `${gate.metric} has no value: ${why}` };
  }
  const passed = holds(metric.value, gate.operator, gate.threshold);
  const sign = passed ? SYMBOL[gate.operator] : NEGATION[gate.operator];
  return {
    ...base,
    value: metric.value,
    compared: metric.value,
    passed,
    reason: `${gate.metric} = ${formatGateNumber(metric.value)} ${sign} ${formatGateNumber(gate.threshold)}`,
  };
}

/**
 * A delta gate is a non-inferiority (or superiority) test, not a comparison of point estimates
 * (METHODS §7.2): `precision_delta >= -0.005` passes only when the lower confidence bound of
 * Δ = new − baseline is ≥ −0.005, i.e. a loss larger than the margin is ruled out at the
 * interval's level. `<=`/`<` use the upper bound; `==` needs the whole interval on the
 * threshold (e.g. `precision_delta == 0`: no change at all in any resample).
 */
function evaluateDeltaGate(gate: Gate, delta: GateDeltaValue | undefined): GateResult {
  const base = { gate, kind: 'delta' as const };
  if (delta === undefined) {
    return { ...base, value: null, compared: null, passed: false, reason: `unknown delta '${gate.metric}' (no baseline?)` };
  }
  const interval = { low: delta.low, high: delta.high, confidence: delta.confidence };
  const level = `${formatGateNumber(delta.confidence * 100)}% CI`;
  const point = delta.value === null ? 'undefined' : formatGateNumber(delta.value);
  const ci = delta.low === null || delta.high === null ? 'no interval' : `${level} [${formatGateNumber(delta.low)}, ${formatGateNumber(delta.high)}]`;
  const head = `${gate.metric} = ${point} (${ci})`;
  if (delta.value === null || delta.low === null || delta.high === null) {
    const why = delta.reason ?? 'the delta or its interval is undefined';
    return { ...base, value: delta.value, compared: null, interval, passed: false, reason: `${head}: ${why}` };
  }
  const threshold = formatGateNumber(gate.threshold);
  if (gate.operator === '==') {
    const passed = holds(delta.low, '==', gate.threshold) && holds(delta.high, '==', gate.threshold);
    const why = passed ? `the whole interval is ${threshold}` : `the interval is not exactly ${threshold}`;
    return { ...base, value: delta.value, compared: delta.value, interval, passed, reason: `${head}: ${why}` };
  }
  const lower = gate.operator === '>=' || gate.operator === '>';
  const bound = lower ? delta.low : delta.high;
  const passed = holds(bound, gate.operator, gate.threshold);
  const sign = passed ? SYMBOL[gate.operator] : NEGATION[gate.operator];
  const side = lower ? 'lower' : 'upper';
  const verdict = passed
    ? ''
    : lower
      ? ` — a change below ${threshold} is not ruled out`
      : ` — a change above ${threshold} is not ruled out`;
  return {
    ...base,
    value: delta.value,
    compared: bound,
    interval,
    passed,
    reason: `${head}: ${side} bound ${formatGateNumber(bound)} ${sign} ${threshold}${verdict}`,
  };
}

/** Evaluate every gate; the caller has run `checkGateMetrics` (an unknown name still fails, never passes). */
export function evaluateGates(gates: readonly Gate[], inputs: GateInputs): GateResult[] {
  // own keys only: a gate on 'constructor' must not find Object.prototype's
  const own = <T>(record: Readonly<Record<string, T>> | undefined, name: string): T | undefined =>
    record !== undefined && Object.hasOwn(record, name) ? record[name] : undefined;
  return gates.map((gate) =>
    isDeltaGate(gate) ? evaluateDeltaGate(gate, own(inputs.deltas, gate.metric)) : evaluateMetricGate(gate, own(inputs.metrics, gate.metric)),
  );
}

/**
 * Before a run exists (so before money is spent): could a report hold this name at all? Names
 * without a dot must be one of the top-level names; a dotted name must start with a known family
 * (`category.`, `slice.`, …) — its members depend on the golden set and are checked exactly
 * once the report is built. `patterns` are REPORT_METRIC_NAMES-style, with `<placeholders>`.
 */
export function checkGateNamePatterns(
  gates: readonly Gate[],
  patterns: { metrics: readonly string[]; deltas: readonly string[] },
): Problem[] {
  const problems: Problem[] = [];
  const accepts = (name: string, known: readonly string[]): boolean =>
    known.some((pattern) => {
      const dot = pattern.indexOf('.');
      if (dot === -1) return new RegExp(`^${pattern.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/<[^>]+>/g, '.+')}$`).test(name);
      return name.startsWith(pattern.slice(0, dot + 1)) && name.length > dot + 1;
    });
  const concrete = (known: readonly string[]) => known.filter((pattern) => !pattern.includes('<'));
  for (const gate of gates) {
    const delta = isDeltaGate(gate);
    const known = delta ? patterns.deltas.map((name) => `${name}_delta`) : patterns.metrics;
    if (!accepts(gate.metric, known)) problems.push(unknownMetric(gate, concrete(known), delta ? 'deltas' : 'metrics'));
  }
  return problems;
}
