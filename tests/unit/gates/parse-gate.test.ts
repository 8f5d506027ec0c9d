import { describe, expect, it } from 'vitest';
import { formatProblem } from '../../../src/domain/problems.js';
import { describeGateSource, isDeltaGate, parseGate, parseGates, type GateSource } from '../../../src/domain/gates/parse-gate.js';

const flag: GateSource = { kind: 'flag' };
const suite: GateSource = { kind: 'suite', file: '/x/suite.yaml', index: 2, line: 14 };

function parsed(text: string) {
  const result = parseGate(text, flag);
  if (!result.ok) throw new Error(`expected '${text}' to parse: ${formatProblem(result.problem)}`);
  return result.gate;
}

function problem(text: string, source: GateSource = flag) {
  const result = parseGate(text, source);
  if (result.ok) throw new Error(`expected '${text}' to be rejected`);
  return result.problem;
}

describe('parseGate: valid gates', () => {
  it.each([
    ['precision >= 0.97', 'precision', '>=', 0.97],
    ['error_rate<=0.01', 'error_rate', '<=', 0.01],
    ['category.phishing.recall >= 0.8', 'category.phishing.recall', '>=', 0.8],
    ['precision_delta >= -0.005', 'precision_delta', '>=', -0.005],
    ['  recall > .5  ', 'recall', '>', 0.5],
    ['fpr < 1e-3', 'fpr', '<', 0.001],
    ['automation_rate == 0', 'automation_rate', '==', 0],
    ['slice.locale.pt-BR.recall>=+0.75', 'slice.locale.pt-BR.recall', '>=', 0.75],
  ] as const)('%s', (text, metric, operator, threshold) => {
    const gate = parsed(text);
    expect(gate).toMatchObject({ metric, operator, threshold, text: text.trim(), source: flag });
  });

  it('reads a percentage as a fraction', () => {
    expect(parsed('precision >= 97%').threshold).toBeCloseTo(0.97, 15);
    expect(parsed('recall_delta >= -0.5 %').threshold).toBeCloseTo(-0.005, 15);
  });

  it('tells diff gates from metric gates by the _delta suffix', () => {
    expect(isDeltaGate(parsed('precision_delta >= -0.005'))).toBe(true);
    expect(isDeltaGate(parsed('category.phishing.recall_delta >= 0'))).toBe(true);
    expect(isDeltaGate(parsed('precision >= 0.9'))).toBe(false);
    expect(isDeltaGate({ metric: '_delta' })).toBe(false);
  });
});

describe('parseGate: malformed gates name the gate and where it came from', () => {
  it.each([
    ['', /is empty/],
    ['precision 0.97', /no comparison operator/],
    ['precision ≥ 0.97', /no comparison operator/],
    ['precision => 0.97', /unknown operator '=>'/],
    ['precision = 0.97', /unknown operator '='/],
    ['precision >> 0.97', /unknown operator '>>'/],
    ['precision != 0.97', /unknown operator '!='/],
    ['>= 0.97', /names no metric/],
    ['precision >=', /no threshold/],
    ['precision >= high', /threshold 'high' is not a number/],
    ['precision >= 0.9.7', /not a number/],
    ['precision >= 1e999', /not a finite number/],
    ['9precision >= 0.9', /not a metric name/],
    ['category..recall >= 0.9', /not a metric name/],
    ['preci sion >= 0.9', /not a metric name/],
  ])('%j', (text, message) => {
    const found = problem(text);
    expect(found.message).toMatch(message);
    expect(found.message.startsWith(`--gate '${text.trim()}'`)).toBe(true);
  });

  it('gives the fix for a look-alike operator', () => {
    expect(problem('precision => 0.97').hint).toBe("use '>='");
    expect(problem('precision = 0.97').hint).toBe("use '==' for equality");
    expect(problem('precision ≥ 0.97').hint).toMatch(/'>='/);
  });

  it('a suite gate is placed at its file, line and field', () => {
    const found = problem('precision >> 0.9', suite);
    expect(found).toMatchObject({ file: '/x/suite.yaml', line: 14, field: 'gates.2' });
    expect(formatProblem(found)).toMatch(/^\/x\/suite\.yaml:14: field 'gates\.2': gate 'precision >> 0\.9': unknown operator/);
    expect(describeGateSource(suite)).toBe('/x/suite.yaml line 14 (gates.2)');
    expect(describeGateSource(flag)).toBe('--gate');
  });
});

describe('parseGates', () => {
  it('keeps the good gates and reports every bad one at once', () => {
    const { gates, problems } = parseGates([
      { text: 'precision >= 0.97', source: flag },
      { text: 'recall >> 1', source: flag },
      { text: 'f1', source: suite },
    ]);
    expect(gates.map((gate) => gate.metric)).toEqual(['precision']);
    expect(problems).toHaveLength(2);
    expect(problems[1]).toMatchObject({ field: 'gates.2', line: 14 });
  });
});
