import type { Problem } from '../problems.js';
import { closestNames } from './closest-names.js';
import { DELTA_SUFFIX, gateProblem, isDeltaGate, type Gate, type GateOperator } from './parse-gate.js';

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
  /**
   * A change with no interval by design (the triage rows of a diff: each run's automation at its
   * own certified thresholds, a point comparison). Its gate is judged on the point change and
   * says so ("point estimate, no interval"); without this flag a missing interval fails the gate.
   */
  pointEstimate?: true;
}

export interface GateInputs {
  /** The report's metrics by dotted name (`precision`, `category.phishing.recall`, ...). */
  metrics: Readonly<Record<string, GateMetricValue>>;
  /** Deltas by gate name (`precision_delta`, ...); absent when no baseline was given. */
  deltas?: Readonly<Record<string, GateDeltaValue>>;
}

export interface GateResult {
  gate: Gate;
  /** `regression`: the McNemar verdict spameval checks itself whenever there is a baseline. */
  kind: 'metric' | 'delta' | 'regression';
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

/** `category.scam.recall` and `category.phishing.recall`: same family and metric, another member. */
function sameShape(name: string, other: string): boolean {
  const a = name.split('.');
  const b = other.split('.');
  return a.length === b.length && a.length >= 3 && a[0] === b[0] && a[a.length - 1] === b[b.length - 1] && (a.length < 4 || a[1] === b[1]);
}

/**
 * An unknown name with the close ones, or else the list to choose from: every delta (a short
 * list, and the help cannot know the golden set's categories), the first metrics (hundreds).
 */
function unknownMetric(gate: Gate, known: readonly string[], what: 'metrics' | 'deltas'): Problem {
  const concrete = known.filter((name) => !name.includes('<'));
  const close = closestNames(gate.metric, concrete);
  if (close.length === 0) {
    // a category or slice value the golden set lacks: its siblings are the close names
    const siblings = concrete.filter((name) => sameShape(name, gate.metric));
    if (siblings.length > 0) {
      const list = siblings.slice(0, 12).map((name) => `'${name}'`).join(', ');
      return gateProblem(gate.text, gate.source, `unknown metric '${gate.metric}'`, `the golden set has ${list}${siblings.length > 12 ? ', …' : ''}`);
    }
  }
  const shown = what === 'deltas' ? known : known.slice(0, 12);
  const hint =
    close.length > 0
      ? `did you mean ${close.map((name) => `'${name}'`).join(', ')}?`
      : `available ${what}: ${shown.join(', ')}${shown.length < known.length ? `, … (${known.length} in all; docs/reports.md lists them)` : ''}`;
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
  return comparePoint(gate, 'metric', metric.value, '');
}

/** A value compared as it is with the threshold: a metric, or a change without an interval. */
function comparePoint(gate: Gate, kind: 'metric' | 'delta', value: number, suffix: string): GateResult {
  const passed = holds(value, gate.operator, gate.threshold);
  const sign = passed ? SYMBOL[gate.operator] : NEGATION[gate.operator];
  return {
    gate,
    kind,
    value,
    compared: value,
    passed,
    reason: `${gate.metric} = ${formatGateNumber(value)} ${sign} ${formatGateNumber(gate.threshold)}${suffix}`,
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
  if (delta.pointEstimate === true) return evaluatePointDeltaGate(gate, delta);
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

/**
 * A change without an interval (triage rows) cannot be judged as a non-inferiority test: it is
 * compared as a point value and labelled so, because noise can move it either way.
 */
function evaluatePointDeltaGate(gate: Gate, delta: GateDeltaValue): GateResult {
  const base = { gate, kind: 'delta' as const };
  const label = 'point estimate, no interval';
  if (delta.value === null || Number.isNaN(delta.value)) {
    const why = delta.reason ?? 'the change is undefined';
    return { ...base, value: null, compared: null, passed: false, reason: `${gate.metric} has no value (${label}): ${why}` };
  }
  return comparePoint(gate, 'delta', delta.value, ` (${label}; on the paired sample, unweighted)`);
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

/** What a golden set contributes to metric names: `<category>`, `<label>`, `<key>.<value>`. */
export interface GoldenNames {
  categories: readonly string[];
  labels: readonly string[];
  /** Slice key → the values the items hold. */
  slices: Readonly<Record<string, readonly string[]>>;
}

/**
 * Name patterns with the golden set's placeholders filled in: `category.<category>.recall`
 * becomes one name per manifest category, `slice.<key>.<value>.precision` one per slice value
 * of the items. Placeholders the golden set does not decide (`errors.<kind>`, reviewers) stay.
 */
export function expandMetricNames(patterns: readonly string[], golden: GoldenNames): string[] {
  const slicePairs = Object.entries(golden.slices).flatMap(([key, values]) => values.map((value) => `${key}.${value}`));
  return patterns.flatMap((pattern) => {
    if (pattern.includes('<key>.<value>')) return slicePairs.map((pair) => pattern.replace('<key>.<value>', pair));
    if (pattern.includes('<category>')) return golden.categories.map((name) => pattern.replace('<category>', name));
    if (pattern.includes('<label>')) return golden.labels.map((name) => pattern.replace('<label>', name));
    return [pattern];
  });
}

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Before a run exists (so before money is spent): could the report or diff hold this name?
 * `patterns` are REPORT_METRIC_NAMES-style names, best with the golden set's placeholders
 * filled in (`expandMetricNames`), so that a category or slice value the golden set lacks is
 * caught now; a placeholder left in a pattern matches any non-empty text.
 */
export function checkGateNamePatterns(
  gates: readonly Gate[],
  patterns: { metrics: readonly string[]; deltas: readonly string[] },
): Problem[] {
  const matcher = (known: readonly string[]) => {
    const exact = new Set(known.filter((pattern) => !pattern.includes('<')));
    const open = known
      .filter((pattern) => pattern.includes('<'))
      .map((pattern) => new RegExp(`^${escapeRegExp(pattern).replace(/<[^>]+>/g, '.+')}$`, 'u'));
    return (name: string): boolean => exact.has(name) || open.some((regex) => regex.test(name));
  };
  const metrics = matcher(patterns.metrics);
  const deltaNames = patterns.deltas.map((name) => `${name}${DELTA_SUFFIX}`);
  const deltas = matcher(deltaNames);
  const problems: Problem[] = [];
  for (const gate of gates) {
    if (isDeltaGate(gate)) {
      if (!deltas(gate.metric)) problems.push(unknownMetric(gate, deltaNames, 'deltas'));
    } else if (!metrics(gate.metric)) problems.push(unknownMetric(gate, patterns.metrics, 'metrics'));
  }
  return problems;
}
