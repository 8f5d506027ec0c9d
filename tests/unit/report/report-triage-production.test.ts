/**
 * Manual-load reduction and the production view, assembled into the report, against the numpy /
 * statsmodels reference of tests/reference/stats-expected.json on the same data:
 * - fixtures/report-triage = triage case `example-2-like` (120 scored items);
 * - fixtures/report-stratified = `prevalence.stratified` (121 items in 4 strata).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ThresholdTest } from '../../../src/domain/metrics/triage.js';
import type { Report, ReportEstimate } from '../../../src/domain/report/report-schema.js';
import { expectAllClose, expectClose } from '../metrics/metrics-reference.js';
import { fixtureReport, repoRoot } from './load-fixture-report.js';

interface SideRef {
  startMinimum: number;
  threshold: number | null;
  certified: boolean;
  tests: ThresholdTest[];
}
interface DesignRef {
  value: number;
  low: number;
  high: number;
}
interface StatsRef {
  triage: {
    cases: {
      name: string;
      expected: {
        enforce: SideRef;
        clear: SideRef;
        automationRate: number;
        enforceShare: number;
        clearShare: number;
        humanShare: number;
        spamLeakRate: number;
        enforceRecall: number;
        grayShareAutoActioned: number;
        enforcePrecision: number;
        enforcePrecisionBound: number;
        falseClearRate: number;
        falseClearRateBound: number;
        savings: {
          automatedPerDay: number;
          reviewerHoursPerDay: number;
          costPerDay: number;
          wrongfulEnforcementsPerDay: { value: number; upper: number };
        };
      };
    }[];
  };
  prevalence: {
    stratified: { expected: Record<'prevalence' | 'precision' | 'recall' | 'falsePositiveRate' | 'falseOmissionRate' | 'accuracy' | 'falsePositiveShare', DesignRef> };
  };
}

const stats: StatsRef = JSON.parse(readFileSync(join(repoRoot, 'tests', 'reference', 'stats-expected.json'), 'utf8'));

function sideMatches(actual: Report['triage']['enforce'], expected: SideRef, label: string): void {
  if (!actual) throw new Error(`${label}: no side`);
  expect(actual.threshold, label).toBe(expected.threshold);
  expect(actual.certified, label).toBe(expected.certified);
  expect(actual.min_items, label).toBe(expected.startMinimum);
  expect(actual.tests.length, label).toBe(expected.tests.length);
  actual.tests.forEach((test, k) => {
    const e = expected.tests[k];
    if (!e) throw new Error(`${label}: no reference test ${k}`);
    expect([test.threshold, test.items, test.errors, test.status], `${label} ${k}`).toEqual([e.threshold, e.selected, e.errors, e.status]);
    expectClose(test.rate, e.estimate, `${label} ${k} rate`);
    expectClose(test.bound, e.bound, `${label} ${k} bound`);
    expectClose(test.p_value, e.pValue, `${label} ${k} p-value`);
  });
}

describe('triage in the report (fixtures/report-triage = example-2-like)', () => {
  it('certifies τ_hi and τ_lo with the reference test sequence, shares, bounds and savings', async () => {
    const { report } = await fixtureReport('triage');
    const example = stats.triage.cases.find((c) => c.name === 'example-2-like');
    if (!example) throw new Error('no example-2-like case');
    const e = example.expected;
    const t = report.triage;
    expect(t.mode).toBe('scores');
    expect(t.confidence).toBe(0.95);
    sideMatches(t.enforce, e.enforce, 'enforce');
    sideMatches(t.clear, e.clear, 'clear');
    expectClose(t.automation_rate.value, e.automationRate, 'automation');
    expectClose(t.auto_enforce_rate.value, e.enforceShare, 'enforce share');
    expectClose(t.auto_clear_rate.value, e.clearShare, 'clear share');
    expectClose(t.human_review_rate.value, e.humanShare, 'human share');
    expectClose(t.spam_leak_rate.value, e.spamLeakRate, 'spam leak');
    expectClose(t.auto_enforce_recall.value, e.enforceRecall, 'enforce recall');
    expectClose(t.gray_share_automated.value, e.grayShareAutoActioned, 'gray share');
    expectClose(t.enforce?.rate.value, e.enforcePrecision, 'enforce precision');
    expectClose(t.enforce?.bound.value, e.enforcePrecisionBound, 'enforce bound');
    expect(t.enforce?.bound).toMatchObject({ side: 'lower', confidence: 0.975, method: 'clopper-pearson' });
    expectClose(t.clear?.rate.value, e.falseClearRate, 'false-clear rate');
    expectClose(t.clear?.bound.value, e.falseClearRateBound, 'false-clear bound');
    const s = t.savings;
    expect(s).toMatchObject({ volume_per_day: 10000, aht_seconds: 45, cost_per_hour: 30, currency: 'USD' });
    expectClose(s?.items_automated_per_day, e.savings.automatedPerDay, 'items/day');
    expectClose(s?.hours_saved_per_day, e.savings.reviewerHoursPerDay, 'hours/day');
    expectClose(s?.cost_saved_per_day, e.savings.costPerDay, 'cost/day');
    expectClose(s?.wrongful_enforcements_per_day, e.savings.wrongfulEnforcementsPerDay.value, 'wrongful');
    expectClose(s?.wrongful_enforcements_per_day_upper, e.savings.wrongfulEnforcementsPerDay.upper, 'wrongful upper');
    expect(t.headline).toBe(
      'Auto-enforce score ≥ 0.71 (precision ≥ 0.9) and auto-clear score < 0.31 (false-clear rate ≤ 0.1), with 95% confidence: 75.0% of the queue leaves manual review, saving 93.8 reviewer-hours and USD 2,812.50 per day.',
    );
    expect(report.metrics).toMatchObject({
      automation_rate: e.automationRate,
      auto_enforce_threshold: 0.71,
      auto_clear_threshold: 0.31,
      auto_enforce_precision_lower: e.enforcePrecisionBound,
      hours_saved_per_day: e.savings.reviewerHoursPerDay,
      cost_saved_per_day: e.savings.costPerDay,
    });
  });

  it('the --precision-target flag re-runs the sequence against the new target and records the override', async () => {
    const { report } = await fixtureReport('triage', { overrides: { precisionTarget: 0.99 } });
    // 40 error-free items above 0.71 cannot certify 0.99: that needs ⌈ln 0.025 / ln 0.99⌉ = 368
    expect(report.triage.enforce).toMatchObject({ certified: false, target: 0.99, min_items: 368 });
    expect(report.settings.triage.precision_target).toBe(0.99);
    expect(report.settings.overridden).toEqual(['--precision-target']);
  });

  it('the headline says which side is not certified and why, beside the one that is', async () => {
    const { report } = await fixtureReport('triage', { overrides: { precisionTarget: 0.99 } });
    expect(report.triage.headline).toMatch(/^Auto-clear score < 0\.31 \(false-clear rate ≤ 0\.1\), with 95% confidence: .* USD 1,562\.50 per day\. Auto-enforce: not certified at precision ≥ 0\.99 — at the observed error rate \(3\.7%\) /);
    // exact binomial on unweighted counts: no "approximately"
    expect(report.triage.headline).not.toContain('approximately');
  });

  it('with --prevalence 0.02 the production view follows METHODS §5.2 (values from scipy)', async () => {
    const { report } = await fixtureReport('triage', { overrides: { prevalence: 0.02 } });
    // the candidate's labels are score ≥ 0.5: TP 52, FN 8, FP 2, TN 58. Reference, scipy 1.10:
    //   tpr, fpr = 52/60, 2/60; ppv = π·tpr / (π·tpr + (1−π)·fpr)
    //   Mercaldo: expit(logit ± z·√((1−tpr)/(60·tpr) + (1−fpr)/(60·fpr))), z = norm.ppf(0.975)
    //   bound: π·tpr_L / (π·tpr_L + (1−π)·fpr_U), tpr_L = beta.ppf(0.025, 52, 9), fpr_U = beta.ppf(0.975, 3, 58)
    //   FP/day at 10 000 = 10 000·(1−π)·fpr, upper with beta.ppf(0.95, 3, 58); TP/day = 10 000·π·tpr
    expect(report.classification.answered.confusion).toEqual({ tp: 52, fp: 2, fn: 8, tn: 58 });
    const p = report.production;
    expect(p).toMatchObject({ available: true, method: 'prevalence', prevalence: 0.02, prevalence_source: 'flag', volume_per_day: 10000 });
    expectClose(p.precision.value, 0.3466666666666667, 'PPV');
    expectAllClose([p.precision.ci?.low ?? NaN, p.precision.ci?.high ?? NaN], [0.1192089075711223, 0.6753526477509195], 'Mercaldo');
    expect(p.precision.ci?.method).toBe('mercaldo-logit');
    expectClose(p.precision_bound?.value, 0.11777222672605597, 'Bonferroni–CP bound');
    expectClose(p.false_omission_rate.value, 0.0028070175438596485, 'FOR');
    expectClose(p.accuracy.value, 0.9646666666666667, 'accuracy');
    expectClose(p.false_positives_per_day, 326.6666666666667, 'FP/day');
    expectClose(p.false_positives_per_day_upper, 992.111770256784, 'FP/day upper');
    expectClose(p.true_positives_per_day, 173.33333333333334, 'TP/day');
    expect(report.settings.prevalence).toEqual({ value: 0.02, source: 'flag' });
    expect(report.metrics['production.precision_lower']).toBe(p.precision_bound?.value);
  });
});

describe('production view from strata (fixtures/report-stratified)', () => {
  it('weighted triage: the projection uses the weighted rate, the headline names each side and says "approximately"', async () => {
    const { report } = await fixtureReport('stratified');
    const t = report.triage;
    expect(t.weighted).toBe(true);
    expect(t.enforce?.bound.method).toBe('korn-graubard');
    // the stop row is the evidence: its weighted precision 0.235 is what the projection holds fixed
    const stop = t.enforce?.stopped_at;
    expect(stop).toMatchObject({ items: 37, errors: 5, status: 'not_rejected_stop' });
    expect(t.enforce?.items_needed).toMatchObject({ weighted: true, items: null });
    expectClose(t.enforce?.items_needed?.at_rate, 1 - (stop?.rate ?? NaN), 'weighted error rate');
    expect(t.enforce?.items_needed?.at_rate).not.toBeCloseTo(5 / 37, 3);
    expect(t.clear?.items_needed).toMatchObject({ weighted: true, more_golden_items: 78 });
    expect(t.headline).toBe(
      'Nothing can be automated: the data do not certify precision ≥ 0.9 or a false-clear rate ≤ 0.1 with 95% confidence (approximately, Korn–Graubard). ' +
        'Labeled items needed — auto-enforce: more items would not help at the observed error rate (the candidate must improve); auto-clear: about 78 more labeled items.',
    );
  });

  it('weights by N_h/n_h and equals the ratio-estimator reference with Korn–Graubard intervals', async () => {
    const { report } = await fixtureReport('stratified');
    const e = stats.prevalence.stratified.expected;
    const p = report.production;
    expect(p).toMatchObject({ available: true, method: 'weights', prevalence_source: 'golden_set' });
    expect(report.golden_set.weighted).toBe(true);
    expectClose(p.prevalence, e.prevalence.value, 'prevalence');
    const pairs: [keyof typeof e, ReportEstimate][] = [
      ['precision', p.precision],
      ['recall', p.recall],
      ['falsePositiveRate', p.fpr],
      ['falseOmissionRate', p.false_omission_rate],
      ['accuracy', p.accuracy],
    ];
    for (const [name, actual] of pairs) {
      expectClose(actual.value, e[name].value, name);
      expectClose(actual.ci?.low, e[name].low, `${name} low`);
      expectClose(actual.ci?.high, e[name].high, `${name} high`);
      expect(actual.ci?.method).toBe('korn-graubard');
    }
    expectClose(p.false_positives_per_day, e.falsePositiveShare.value * 10000, 'FP/day');
    expectClose(p.false_positives_per_day_upper, e.falsePositiveShare.high * 10000, 'FP/day upper');
    expectClose(report.metrics['production.precision_ci_low'], e.precision.low);
    // the triage of a weighted set uses the weights too and says its bound is approximate
    expect(report.triage.weighted).toBe(true);
    expect(report.triage.caveats[0]).toMatch(/Korn–Graubard/);
  });
});
