/**
 * The report of fixtures/report-panel: the `spam-panel` agreement case of
 * tests/reference/stats-expected.json (14 items, 4 reviewers in 2 groups; statsmodels/sklearn and
 * a numpy coincidence-matrix implementation), judged by a label-only candidate that timed out on
 * one item. Counts for the classification views are derived by hand below.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { NO_SCORES_REASON } from '../../../src/domain/report/build-scores.js';
import type { Report } from '../../../src/domain/report/report-schema.js';
import { expectAllClose, expectClose } from '../metrics/metrics-reference.js';
import { fixtureReport, repoRoot } from './load-fixture-report.js';

interface PairRef {
  n: number;
  percentAgreement: number;
  kappa: number | null;
  positiveAgreement?: number;
  negativeAgreement?: number;
}
interface PanelRef {
  expected: {
    percentAgreement: { meanItem: number; pooledPairwise: number; items: number };
    cohenPairs: (PairRef & { a: string; b: string })[];
    fleiss: { kappa: number; items: number; ratersPerItem: number };
    krippendorff: { alpha: number; units: number; pairableValues: number };
    items: { id: string; status: string }[];
  };
  expectedCandidate: {
    reviewers: (PairRef & { reviewer: string })[];
    groups: (PairRef & { group: string })[];
    softAccuracy: number;
    anyReviewerAccuracy: number;
    majorityAccuracy: number;
  };
}

function panelReference(): PanelRef {
  const stats: { agreement: (PanelRef & { name: string })[] } = JSON.parse(
    readFileSync(join(repoRoot, 'tests', 'reference', 'stats-expected.json'), 'utf8'),
  );
  const panel = stats.agreement.find((c) => c.name === 'spam-panel');
  if (!panel) throw new Error('no spam-panel case');
  return panel;
}

let report: Report;
const ref = panelReference();

beforeAll(async () => {
  ({ report } = await fixtureReport('panel'));
});

describe('report of fixtures/report-panel (reviewers, label-only candidate, one timeout)', () => {
  it('counts the timeout as an error, never as a negative, and lists it', () => {
    const c = report.coverage;
    expect(c).toMatchObject({ items: 14, answered: 13, errors: 1, missing: 0 });
    expect(c.errors_by_kind).toEqual({ timeout: 1, rate_limited: 0, transport: 0, invalid_output: 0, refused: 0 });
    expect(c.error_items).toEqual([{ id: 'i08', kind: 'timeout', message: 'no answer within 30000 ms', attempts: 3 }]);
    // statsmodels proportion_confint(1, 14, method='wilson')
    expectClose(c.error_rate.value, 1 / 14);
    expectAllClose([c.error_rate.ci?.low ?? NaN, c.error_rate.ci?.high ?? NaN], [0.012722215247890939, 0.3146870442415113]);
    expect(report.metrics['errors.timeout']).toBe(1);
    expect(report.notes.some((note) => note.startsWith('1 items ended in an error'))).toBe(true);
  });

  it('scores answered items only; the worst case counts the errored ham item as a false positive', () => {
    // answered: TP i01 i02 i07 i10 i12 i14, FP i04 i09 i13, FN i05, TN i03 i06 i11; i08 (ham) errored
    expect(report.classification.answered.confusion).toEqual({ tp: 6, fp: 3, fn: 1, tn: 3 });
    expect(report.classification.errors_as_wrong.confusion).toEqual({ tp: 6, fp: 4, fn: 1, tn: 3 });
    expect(report.metrics['precision']).toBe(6 / 9);
    expect(report.metrics['errors_as_wrong.precision']).toBe(6 / 10);
  });

  it('reviewer agreement equals the statsmodels / numpy reference', () => {
    const r = report.gray_area.reviewers;
    if (!r) throw new Error('no reviewer section');
    const e = ref.expected;
    expectClose(r.percent_agreement.mean_item.value, e.percentAgreement.meanItem, 'mean item agreement');
    expectClose(r.percent_agreement.pooled_pairwise.value, e.percentAgreement.pooledPairwise, 'pooled agreement');
    expect(r.percent_agreement.items).toBe(e.percentAgreement.items);
    expectClose(r.fleiss.kappa.value, e.fleiss.kappa, 'Fleiss');
    expect([r.fleiss.items, r.fleiss.raters_per_item]).toEqual([e.fleiss.items, e.fleiss.ratersPerItem]);
    expectClose(r.krippendorff.alpha.value, e.krippendorff.alpha, 'Krippendorff');
    expect([r.krippendorff.units, r.krippendorff.pairable_values]).toEqual([e.krippendorff.units, e.krippendorff.pairableValues]);
    expect(r.cohen_pairs.map((p) => [p.a, p.b, p.n])).toEqual(e.cohenPairs.map((p) => [p.a, p.b, p.n]));
    r.cohen_pairs.forEach((p, k) => {
      const expected = e.cohenPairs[k];
      expectClose(p.kappa.value, expected?.kappa ?? null, `κ ${p.a}/${p.b}`);
      expectClose(p.positive_agreement?.value, expected?.positiveAgreement ?? null, `PA ${p.a}/${p.b}`);
    });
    expect(r.names).toEqual(['sme-1', 'sme-2', 'va-1', 'va-2']);
    expect(r.groups).toEqual(['sme', 'vendor-a']);
    const kappas = e.cohenPairs.flatMap((p) => (p.kappa === null ? [] : [p.kappa]));
    expectClose(report.metrics['reviewers.cohen_kappa_min'], Math.min(...kappas));
    expectClose(report.metrics['reviewers.krippendorff_alpha'], e.krippendorff.alpha);
  });

  it('the candidate against each reviewer and group equals the reference', () => {
    const v = report.gray_area.candidate_vs_reviewers;
    if (!v) throw new Error('no candidate-vs-reviewers section');
    const e = ref.expectedCandidate;
    expect(v.reviewers.map((r) => [r.reviewer, r.n])).toEqual(e.reviewers.map((r) => [r.reviewer, r.n]));
    v.reviewers.forEach((r, k) => expectClose(r.kappa.value, e.reviewers[k]?.kappa ?? null, `κ with ${r.reviewer}`));
    v.groups.forEach((g, k) => expectClose(g.kappa.value, e.groups[k]?.kappa ?? null, `κ with ${g.group}`));
    expectClose(v.soft_accuracy.value, e.softAccuracy, 'soft accuracy');
    expectClose(v.any_reviewer_accuracy.value, e.anyReviewerAccuracy, 'any-reviewer accuracy');
    expectClose(v.majority_accuracy.value, e.majorityAccuracy, 'majority accuracy');
    expectClose(report.metrics['candidate.group.vendor-a.kappa'], e.groups.find((g) => g.group === 'vendor-a')?.kappa ?? null);
  });

  it('splits gray from the rest by the reference item statuses and scores the candidate on each', () => {
    const gray = ref.expected.items.filter((i) => i.status === 'gray').map((i) => i.id);
    expect(gray).toEqual(['i04', 'i05', 'i09', 'i13']);
    const g = report.gray_area;
    expect([g.gray_items, g.clear_items, g.unreviewed_items]).toEqual([4, 8, 2]);
    expect(g.gray_reasons.flagged).toBe(1); // i09 carries the curator flag
    // all four gray items are answered and wrong; the 9 answered others are all right
    expect(g.candidate_on_gray.accuracy.value).toBe(0);
    expect(g.candidate_on_gray.n).toBe(4);
    expect(g.candidate_on_clear.accuracy.value).toBe(1);
    expect(g.candidate_on_clear.n).toBe(9);
  });

  it('a label-only candidate: no score sections, no confident disagreements, triage on its own decisions', () => {
    expect(report.scores.available).toBe(false);
    expect(report.scores.reason).toBe(NO_SCORES_REASON);
    expect(report.notes).toContain(NO_SCORES_REASON);
    expect(report.metrics['roc_auc']).toBeNull();
    expect(report.metric_reasons['roc_auc']).toBe(NO_SCORES_REASON);
    expect(report.gray_area.confident_disagreements).toMatchObject({ available: false, total: 0, items: [] });
    expect(report.cost.min_cost).toBeNull();
    const t = report.triage;
    expect(t.mode).toBe('labels');
    // enforce = its 9 spam decisions (3 wrong), clear = its 4 not_spam decisions (1 spam): neither
    // comes near 0.99 / 0.01, so neither is certified and more data would not help
    expect(t.enforce).toMatchObject({ certified: false, threshold: null });
    expect(t.enforce?.tests).toEqual([expect.objectContaining({ threshold: null, items: 9, errors: 3, status: 'not_rejected_stop' })]);
    expect(t.clear?.tests).toEqual([expect.objectContaining({ threshold: null, items: 4, errors: 1, status: 'not_rejected_stop' })]);
    expect(t.enforce?.items_needed?.items).toBeNull();
    expect(t.caveats.some((c) => c.startsWith('label-only candidate'))).toBe(true);
    expect(t.savings).toBeNull();
    expect(t.savings_reason).toMatch(/volume_per_day/);
  });

  it('weighs errors by λ = 9 from the suite', () => {
    // answered: FP 3, FN 1, 6 ham and 7 spam → (9·3 + 1)/(9·6 + 7) = 28/61, TCR = 7/28
    expect(report.cost).toMatchObject({ lambda: 9, lambda_source: 'run', fp: 3, fn: 1, cost: 28 });
    expectClose(report.cost.weighted_error.value, 28 / 61);
    expectClose(report.cost.tcr.value, 7 / 28);
  });
});
