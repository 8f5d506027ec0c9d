import type { Problem } from '../problems.js';

/**
 * Quality gates (SPEC §6): `<metric> <operator> <number>`, e.g. `precision >= 0.97`,
 * `error_rate<=0.01`, `category.phishing.recall >= 0.8`, `precision_delta >= -0.005`.
 * A metric name ending in `_delta` compares the new run against a baseline (a diff gate).
 */

export const GATE_OPERATORS = ['>=', '>', '<=', '<', '=='] as const;
export type GateOperator = (typeof GATE_OPERATORS)[number];

/** The suffix that makes a gate a diff (delta) gate: `<metric>_delta` = metric(new) − metric(baseline). */
export const DELTA_SUFFIX = '_delta';

/** Where a gate was declared, so that a bad one can be pointed at. */
export type GateSource =
  | { kind: 'suite'; file: string; index: number; line?: number }
  | { kind: 'flag' }
  /** A check spameval adds itself: the McNemar regression verdict whenever a baseline is given. */
  | { kind: 'builtin' };

export interface Gate {
  /** The gate as written, trimmed. */
  text: string;
  /** Dotted metric name as it appears in the report (or `<metric>_delta` for a diff gate). */
  metric: string;
  operator: GateOperator;
  threshold: number;
  source: GateSource;
}

export type ParsedGate = { ok: true; gate: Gate } | { ok: false; problem: Problem };

/** A diff gate: its metric is a delta between two runs and it is judged on the delta's confidence bound. */
export function isDeltaGate(gate: Pick<Gate, 'metric'>): boolean {
  return gate.metric.endsWith(DELTA_SUFFIX) && gate.metric.length > DELTA_SUFFIX.length;
}

/** `suite.yaml line 12 (gates.3)` or `--gate`: where to look. */
export function describeGateSource(source: GateSource): string {
  if (source.kind === 'flag') return '--gate';
  if (source.kind === 'builtin') return 'built-in (with a baseline)';
  return `${source.file}${source.line === undefined ? '' : ` line ${source.line}`} (gates.${source.index})`;
}

/** A problem about a gate, placed where the gate was written. */
export function gateProblem(text: string, source: GateSource, message: string, hint?: string): Problem {
  const problem: Problem =
    source.kind === 'suite'
      ? { file: source.file, field: `gates.${source.index}`, message: `gate '${text}': ${message}` }
      : { message: `${source.kind === 'flag' ? '--gate' : 'check'} '${text}': ${message}` };
  if (source.kind === 'suite' && source.line !== undefined) problem.line = source.line;
  if (hint !== undefined) problem.hint = hint;
  return problem;
}

// A metric is dotted segments; a segment may hold any character but whitespace, the operator
// characters and a dot, because category and slice names come from the golden set's manifest.
const METRIC = /^[A-Za-z_][A-Za-z0-9_]*(?:\.[^\s.<>=!]+)*$/;
const SHAPE = /^(?<metric>[^<>=!]*?)\s*(?<operator>[<>=!]+)\s*(?<threshold>.*)$/;
const NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;
const EXAMPLE = "write it as '<metric> <op> <number>', e.g. 'precision >= 0.97' or 'precision_delta >= -0.005'";

function isOperator(text: string): text is GateOperator {
  return GATE_OPERATORS.some((operator) => operator === text);
}

/**
 * Parse one gate. The threshold is a plain number, or a percentage (`97%` = 0.97) because T&S
 * targets are usually said that way. Syntax only: whether the metric exists is checked against
 * the report (`checkGateMetrics`).
 */
export function parseGate(raw: string, source: GateSource): ParsedGate {
  const text = raw.trim();
  const fail = (message: string, hint: string = EXAMPLE): ParsedGate => ({
    ok: false,
    problem: gateProblem(text, source, message, hint),
  });
  if (text === '') return fail('is empty');
  const match = SHAPE.exec(text);
  const groups = match?.groups;
  if (!groups) {
    const unicode = /[≥≤]/.test(text) ? "type '>=' or '<=' instead of '≥' or '≤'" : EXAMPLE;
    return fail('has no comparison operator (one of >=, >, <=, <, ==)', unicode);
  }
  const metric = groups['metric'] ?? '';
  const operatorText = groups['operator'] ?? '';
  const thresholdText = (groups['threshold'] ?? '').trim();
  if (metric === '') return fail('names no metric before the operator');
  if (!METRIC.test(metric)) return fail(`'${metric}' is not a metric name (dotted names such as category.phishing.recall)`);
  if (!isOperator(operatorText)) {
    const hint =
      operatorText === '=' ? "use '==' for equality" : operatorText === '=>' ? "use '>='" : operatorText === '=<' ? "use '<='" : undefined;
    return fail(`unknown operator '${operatorText}' (use >=, >, <=, < or ==)`, hint ?? EXAMPLE);
  }
  if (thresholdText === '') return fail('has no threshold after the operator');
  const percent = thresholdText.endsWith('%');
  const numberText = percent ? thresholdText.slice(0, -1).trim() : thresholdText;
  if (!NUMBER.test(numberText)) return fail(`threshold '${thresholdText}' is not a number`);
  const value = Number(numberText);
  if (!Number.isFinite(value)) return fail(`threshold '${thresholdText}' is not a finite number`);
  return { ok: true, gate: { text, metric, operator: operatorText, threshold: percent ? value / 100 : value, source } };
}

export interface GateSpec {
  text: string;
  source: GateSource;
}

/** Parse every gate, collecting every problem so that the user fixes them in one pass. */
export function parseGates(specs: readonly GateSpec[]): { gates: Gate[]; problems: Problem[] } {
  const gates: Gate[] = [];
  const problems: Problem[] = [];
  for (const spec of specs) {
    const parsed = parseGate(spec.text, spec.source);
    if (parsed.ok) gates.push(parsed.gate);
    else problems.push(parsed.problem);
  }
  return { gates, problems };
}
