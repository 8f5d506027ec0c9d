import { describe, expect, it } from 'vitest';
import { DIFF_DELTA_METRICS } from '../../../src/domain/diff/build-diff.js';
import { checkGateSettings } from '../../../src/domain/gates/check-gate-settings.js';
import { checkGateMetrics, checkGateNamePatterns, evaluateGates, expandMetricNames, type GateInputs } from '../../../src/domain/gates/evaluate-gates.js';
import { checkGateThresholds, metricRange } from '../../../src/domain/gates/gate-ranges.js';
import { GateResultSchema, toGateResultJson } from '../../../src/domain/gates/gate-result-schema.js';
import { REPORT_METRIC_NAMES } from '../../../src/domain/report/report-metrics.js';
import { closestNames } from '../../../src/domain/gates/closest-names.js';
import { parseGate, type Gate } from '../../../src/domain/gates/parse-gate.js';
import { pairedBootstrap, type ResampledMetric } from '../../../src/domain/metrics/paired-bootstrap.js';
import reference from '../../reference/stats-expected.json' with { type: 'json' };

function gate(text: string): Gate {
  const result = parseGate(text, { kind: 'flag' });
  if (!result.ok) throw new Error(result.problem.message);
  return result.gate;
}

const inputs: GateInputs = {
  metrics: {
    precision: { value: 0.97 },
    recall: { value: 0.8125 },
    error_rate: { value: 0.01 },
    'category.phishing.recall': { value: 0.5 },
    'category.scam.recall': { value: null, reason: 'no gold items of this category' },
    f1: { value: 0.8843 },
  },
  deltas: {
    precision_delta: { value: 0.004, low: -0.004, high: 0.012, confidence: 0.95 },
    recall_delta: { value: -0.002, low: -0.0051, high: 0.001, confidence: 0.95 },
    fpr_delta: { value: 0.001, low: -0.002, high: 0.003, confidence: 0.95 },
    accuracy_delta: { value: 0, low: 0, high: 0, confidence: 0.95 },
    average_precision_delta: { value: null, low: null, high: null, confidence: 0.95, reason: 'run A has no scores' },
  },
};

function evaluate(text: string) {
  const [result] = evaluateGates([gate(text)], inputs);
  if (!result) throw new Error('no result');
  return result;
}

describe('evaluateGates: metric gates compare the value', () => {
  it.each([
    ['precision >= 0.97', true],
    ['precision > 0.97', false],
    ['precision <= 0.97', true],
    ['precision < 0.97', false],
    ['precision == 0.97', true],
    ['precision >= 0.9700001', false],
    ['error_rate <= 0.01', true],
    ['error_rate <= 1%', true],
    ['recall >= 0.8', true],
    ['category.phishing.recall >= 0.8', false],
  ] as const)('%s → %s', (text, passed) => {
    const result = evaluate(text);
    expect(result.passed).toBe(passed);
    expect(result.kind).toBe('metric');
    expect(result.compared).toBe(result.value);
  });

  it('tolerates float noise at the threshold but nothing more', () => {
    const noisy: GateInputs = { metrics: { precision: { value: 0.1 * 9.7 } } }; // 0.9699999999999999
    expect(evaluateGates([gate('precision >= 0.97')], noisy)[0]?.passed).toBe(true);
    const below: GateInputs = { metrics: { precision: { value: 0.97 - 1e-9 } } };
    expect(evaluateGates([gate('precision >= 0.97')], below)[0]?.passed).toBe(false);
  });

  it('says the value and the threshold', () => {
    expect(evaluate('category.phishing.recall >= 0.8').reason).toBe('category.phishing.recall = 0.5 < 0.8');
    expect(evaluate('precision >= 0.97').reason).toBe('precision = 0.97 ≥ 0.97');
  });

  it('a null metric fails, with the reason', () => {
    const result = evaluate('category.scam.recall >= 0');
    expect(result).toMatchObject({ passed: false, value: null, compared: null });
    expect(result.reason).toMatch(/no gold items of this category/);
  });
});

describe('evaluateGates: delta gates test the confidence bound, not the point estimate', () => {
  it('>= uses the lower bound: a positive point estimate does not rescue a low bound', () => {
    // precision Δ = +0.004 but lower bound −0.004: fails a "no loss at all" gate, passes a 0.005 margin
    expect(evaluate('precision_delta >= 0')).toMatchObject({ passed: false, compared: -0.004, value: 0.004 });
    expect(evaluate('precision_delta >= -0.005')).toMatchObject({ passed: true, compared: -0.004 });
    expect(evaluate('precision_delta > -0.004').passed).toBe(false);
  });

  it('a point estimate inside the margin fails when the bound is outside it', () => {
    // recall Δ = −0.002 ≥ −0.005, but the lower bound −0.0051 is not
    const result = evaluate('recall_delta >= -0.005');
    expect(result.passed).toBe(false);
    expect(result.reason).toBe(
      'recall_delta = -0.002 (95% CI [-0.0051, 0.001]): lower bound -0.0051 < -0.005 — a change below -0.005 is not ruled out',
    );
  });

  it('<= and < use the upper bound', () => {
    expect(evaluate('fpr_delta <= 0.003')).toMatchObject({ passed: true, compared: 0.003 });
    expect(evaluate('fpr_delta < 0.003')).toMatchObject({ passed: false, compared: 0.003 });
    expect(evaluate('fpr_delta <= 0.002').passed).toBe(false);
  });

  it('== needs the whole interval on the threshold', () => {
    expect(evaluate('accuracy_delta == 0').passed).toBe(true);
    expect(evaluate('precision_delta == 0.004').passed).toBe(false);
  });

  it('an undefined delta fails with its reason', () => {
    const result = evaluate('average_precision_delta >= -0.01');
    expect(result).toMatchObject({ passed: false, compared: null });
    expect(result.reason).toMatch(/run A has no scores/);
  });

  it('on a real paired bootstrap, the gate flips exactly at the lower bound of the numpy reference', () => {
    const c = reference.pairedBootstrap.cases.find((entry) => entry.name === 'sixty-precision');
    if (!c || c.expected.low === null) throw new Error('reference case missing');
    const precision: (decided: readonly boolean[]) => ResampledMetric = (decided) => (indices) => {
      let tp = 0;
      let flagged = 0;
      for (const i of indices) {
        if (decided[i]) {
          flagged += 1;
          if (c.gold[i]) tp += 1;
        }
      }
      return flagged === 0 ? null : tp / flagged;
    };
    const boot = pairedBootstrap(c.gold.length, precision(c.a), precision(c.b), { replicates: 2000, seed: 12345 });
    const low = c.expected.low;
    const deltas = {
      precision_delta: { value: boot.delta.value, low: boot.interval?.low ?? null, high: boot.interval?.high ?? null, confidence: 0.95 },
    };
    const at = (threshold: number) => evaluateGates([gate(`precision_delta >= ${threshold}`)], { metrics: {}, deltas })[0]?.passed;
    expect(at(low)).toBe(true);
    expect(at(low + 1e-6)).toBe(false);
    expect(at(low - 1e-6)).toBe(true);
  });
});

describe('checkGateMetrics', () => {
  it('accepts known metrics and deltas', () => {
    expect(checkGateMetrics([gate('precision >= 0.9'), gate('precision_delta >= -0.005')], inputs)).toEqual([]);
  });

  it('names an unknown metric and lists the close names', () => {
    const [problem] = checkGateMetrics([gate('precison >= 0.9')], inputs);
    expect(problem?.message).toBe("--gate 'precison >= 0.9': unknown metric 'precison'");
    expect(problem?.hint).toBe("did you mean 'precision'?");
    const [category] = checkGateMetrics([gate('category.phishng.recall >= 0.9')], inputs);
    expect(category?.hint).toBe("did you mean 'category.phishing.recall'?");
  });

  it('without any close name, lists what exists', () => {
    const [problem] = checkGateMetrics([gate('banana >= 1')], inputs);
    expect(problem?.hint).toMatch(/^available metrics: precision, recall, error_rate/);
  });

  it('an unknown delta lists the deltas; a delta gate without a baseline is a problem', () => {
    const [unknown] = checkGateMetrics([gate('f1_delta >= 0')], inputs);
    expect(unknown?.message).toMatch(/unknown metric 'f1_delta'/);
    expect(unknown?.hint).toMatch(/fpr_delta/);
    const [noBaseline] = checkGateMetrics([gate('precision_delta >= 0')], { metrics: inputs.metrics });
    expect(noBaseline?.message).toMatch(/diff gate but no baseline/);
    expect(noBaseline?.hint).toMatch(/--baseline/);
  });

  it('does not find names on Object.prototype', () => {
    expect(checkGateMetrics([gate('constructor >= 0')], inputs)).toHaveLength(1);
    expect(evaluateGates([gate('constructor >= 0')], inputs)[0]?.passed).toBe(false);
  });
});

describe('closestNames', () => {
  it('ranks by edit distance and finds a name by its tail', () => {
    const known = ['precision', 'recall', 'category.phishing.recall', 'category.scam.recall', 'f1'];
    expect(closestNames('recal', known)).toEqual(['recall']);
    expect(closestNames('phishing.recall', known)).toEqual(['category.phishing.recall']);
    expect(closestNames('zzzzzzzz', known)).toEqual([]);
  });
});

describe('checkGateNamePatterns: before the run, against the names a report or diff can hold', () => {
  const patterns = {
    metrics: REPORT_METRIC_NAMES.map((definition) => definition.name),
    deltas: DIFF_DELTA_METRICS,
  };
  it.each(['precision >= 0.9', 'error_rate <= 0.01', 'automation_rate >= 0.4', 'automation_rate_delta >= -0.05', 'category.anything.recall >= 0.8', 'recall_at_precision_95 >= 0.5', 'precision_delta >= -0.005', 'category.phishing.recall_delta >= 0', 'gray.accuracy_delta >= -0.1'])(
    'accepts %s',
    (text) => {
      expect(checkGateNamePatterns([gate(text)], patterns)).toEqual([]);
    },
  );
  it.each([
    ['precison >= 0.9', "did you mean 'precision'?"],
    ['categroy.phishing.recall >= 0.9', undefined],
    ['ece_delta <= 0', undefined],
    ['preicsion_delta >= 0', "did you mean 'precision_delta'?"],
  ])('rejects %s', (text, hint) => {
    const [problem] = checkGateNamePatterns([gate(text)], patterns);
    expect(problem?.message).toMatch(/unknown metric/);
    if (hint !== undefined) expect(problem?.hint).toBe(hint);
  });
});

describe('toGateResultJson', () => {
  it('writes what the gate was, where it came from, and why it passed or failed', () => {
    const [result] = evaluateGates([gate('recall_delta >= -0.005')], inputs);
    if (!result) throw new Error('no result');
    const json = GateResultSchema.parse(toGateResultJson(result));
    expect(json).toEqual({
      gate: 'recall_delta >= -0.005',
      metric: 'recall_delta',
      operator: '>=',
      threshold: -0.005,
      kind: 'delta',
      value: -0.002,
      compared: -0.0051,
      passed: false,
      reason: result.reason,
      source: '--gate',
    });
  });
});

describe('gate ranges, point-estimate deltas, settings, golden-set names', () => {
  it('every report metric is classified on purpose: a proportion, a coefficient, or unbounded', () => {
    const unbounded = REPORT_METRIC_NAMES.map((d) => d.name).filter((name) => metricRange(name) === null);
    // counts, scores/thresholds, per-day figures, λ, TCR and log loss: no range to check
    for (const name of unbounded) expect(name).toMatch(/items|answered|^errors|^missing|^(tp|fp|fn|tn)$|threshold|per_day|lambda|tcr|log_loss|confident_disagreements/);
    expect(metricRange('automation_rate')).toMatchObject({ low: 0, high: 1 });
    expect(metricRange('slice.<key>.<value>.precision_ci_low')).toMatchObject({ low: 0, high: 1 });
    expect(metricRange('reviewers.fleiss_kappa')).toMatchObject({ low: -1, high: 1 });
  });

  it('rejects thresholds outside the range, with the percentage hint', () => {
    const problems = checkGateThresholds([gate('precision >= 97'), gate('precision >= 0.97'), gate('recall_delta >= -1.5'), gate('mcc >= -0.5'), gate('items >= 1000')]);
    expect(problems.map((p) => p.message)).toEqual([
      "--gate 'precision >= 97': threshold 97 is outside [0, 1], the values precision can take (a proportion)",
      "--gate 'recall_delta >= -1.5': threshold -1.5 is outside [-1, 1], the values recall_delta can take (a change of a proportion)",
    ]);
    expect(problems[0]?.hint).toContain("write '97%'");
  });

  it('a triage delta has no interval: judged on the point change and labelled so', () => {
    const point: GateInputs = { metrics: {}, deltas: { automation_rate_delta: { value: -0.02, low: null, high: null, confidence: 0.95, pointEstimate: true } } };
    const [held] = evaluateGates([gate('automation_rate_delta >= -0.05')], point);
    expect(held).toMatchObject({ passed: true, compared: -0.02 });
    expect(held?.reason).toBe('automation_rate_delta = -0.02 ≥ -0.05 (point estimate, no interval; on the paired sample, unweighted)');
    const [failed] = evaluateGates([gate('automation_rate_delta >= 0')], point);
    expect(failed?.passed).toBe(false);
  });

  it('a metric that needs a missing setting is a usage problem, naming the setting', () => {
    const setup = { production: false, volumePerDay: true, ahtSeconds: false, costPerHour: false };
    const problems = checkGateSettings([gate('production.precision >= 0.9'), gate('precision >= 0.9'), gate('cost_saved_per_day >= 1')], setup);
    expect(problems).toHaveLength(2);
    expect(problems[0]?.hint).toContain('operating.prevalence');
    expect(problems[1]?.message).toContain('no average handle time was given; no reviewer cost per hour was given');
    expect(checkGateSettings([gate('production.precision >= 0.9')], { ...setup, production: true })).toEqual([]);
  });

  it('fills in the golden set\'s categories and slice values, so a missing one is caught before the run', () => {
    const names = { categories: ['scam', 'pharma'], labels: ['spam', 'ham'], slices: { surface: ['email', 'comment'] } };
    const metrics = expandMetricNames(REPORT_METRIC_NAMES.map((d) => d.name), names);
    const patterns = { metrics, deltas: expandMetricNames(DIFF_DELTA_METRICS, names) };
    expect(checkGateNamePatterns([gate('category.scam.recall >= 0.8'), gate('slice.surface.email.fpr <= 0.1'), gate('errors.timeout <= 3'), gate('category.pharma.recall_delta >= 0')], patterns)).toEqual([]);
    const [category, slice] = checkGateNamePatterns([gate('category.phishing.recall >= 0.8'), gate('slice.surface.sms.recall >= 0.5')], patterns);
    expect(category?.hint).toBe("the golden set has 'category.scam.recall', 'category.pharma.recall'");
    expect(slice?.hint).toBe("did you mean 'slice.surface.email.recall'?");
  });
});
