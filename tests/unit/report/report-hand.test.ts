/**
 * The assembled report of fixtures/report-hand against scikit-learn/statsmodels values computed
 * on the same 18 items (tests/reference/metrics-expected.json, dataset `hand`), and against
 * counts derived by hand in the comments for what the reference does not cover (categories,
 * slices, gray items, worst errors).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Report, ReportEstimate } from '../../../src/domain/report/report-schema.js';
import { binaryDataset, expectAllClose, expectClose, loadReference, type RatioRef } from '../metrics/metrics-reference.js';
import { fixtureReport } from './load-fixture-report.js';

const ref = binaryDataset('hand');
let report: Report;

beforeAll(async () => {
  ({ report } = await fixtureReport('hand'));
});

function expectRatio(actual: ReportEstimate, expected: RatioRef, label: string): void {
  expectClose(actual.value, expected.value, label);
  if (expected.ci === null) {
    expect(actual.ci, label).toBeUndefined();
    return;
  }
  expectClose(actual.ci?.low, expected.ci[0], `${label} ci low`);
  expectClose(actual.ci?.high, expected.ci[1], `${label} ci high`);
  expect(actual.ci?.method).toBe('wilson');
}

/** Wilson 95% intervals from statsmodels `proportion_confint(x, n, method='wilson')`. */
const WILSON: Record<string, [number, number]> = {
  '2/7': [0.08221892400405661, 0.6410655481673807],
  '4/5': [0.3755346297625252, 0.9637758913675698],
  '5/6': [0.43649717781352965, 0.9699466302516933],
  '1/4': [0.0455872608097006, 0.6993581574175982],
  '2/3': [0.2076596008020477, 0.9385080552796037],
  '0/2': [0, 0.657619772493347],
  '10/16': [0.38641040545502714, 0.8151876744113636],
  '6/10': [0.31267376973365824, 0.8318196702937638],
};

function expectWilson(actual: ReportEstimate, fraction: keyof typeof WILSON & string, label: string): void {
  const [x, n] = fraction.split('/').map(Number);
  expectClose(actual.value, (x ?? 0) / (n ?? 1), label);
  expectAllClose([actual.ci?.low ?? NaN, actual.ci?.high ?? NaN], WILSON[fraction] ?? [], `${label} ci`);
}

describe('report of fixtures/report-hand (18 scored items)', () => {
  it('classification on answered items equals sklearn 1.2.1 with statsmodels Wilson intervals', () => {
    const c = ref.classification;
    const m = report.classification.answered;
    expect(m.n).toBe(18);
    expect(m.confusion).toEqual(c.confusion);
    expectRatio(m.precision, c.precision, 'precision');
    expectRatio(m.recall, c.recall, 'recall');
    expectRatio(m.specificity, c.specificity, 'specificity');
    expectRatio(m.fpr, c.fpr, 'fpr');
    expectRatio(m.fnr, c.fnr, 'fnr');
    expectRatio(m.npv, c.npv, 'npv');
    expectRatio(m.false_omission_rate, c.false_omission_rate, 'false omission rate');
    expectRatio(m.accuracy, c.accuracy, 'accuracy');
    expectClose(m.f1.value, c.f1, 'f1');
    expectClose(m.balanced_accuracy.value, c.balanced_accuracy, 'balanced accuracy');
    expectClose(m.mcc.value, c.mcc, 'mcc');
  });

  it('gives F1 the seeded percentile-bootstrap interval of the numpy mulberry32 port, bit for bit', () => {
    const boot = loadReference().bootstrap.find((b) => b.name === 'hand_f1');
    if (!boot) throw new Error('no hand_f1 bootstrap reference');
    const ci = report.classification.answered.f1.ci;
    expect(ci).toMatchObject({ method: 'percentile', replicates: boot.replicates, seed: boot.seed, dropped: boot.dropped, confidence: 0.95 });
    expectClose(ci?.low, boot.low, 'f1 ci low');
    expectClose(ci?.high, boot.high, 'f1 ci high');
    expect(report.settings.bootstrap).toEqual({ replicates: 2000, seed: 12345 });
    expect(report.metrics['f1_ci_low']).toBe(ci?.low);
  });

  it('has no errors, so the worst case equals the answered view', () => {
    expect(report.coverage).toMatchObject({ items: 18, answered: 18, errors: 0, missing: 0, unknown_records: 0, error_items: [] });
    expect(report.classification.errors_as_wrong.confusion).toEqual(report.classification.answered.confusion);
    expect(report.notes).toEqual([]);
  });

  it('per label: both classes one-vs-rest, macro means of the defined values', () => {
    // not_spam as the positive class: TP = TN(spam) = 4, predicted 6, gold 10
    const [spam, ham] = report.classification.per_label;
    expect(spam).toMatchObject({ label: 'spam', support: 8, predicted: 12 });
    expect(ham).toMatchObject({ label: 'not_spam', support: 10, predicted: 6 });
    expectClose(ham?.precision.value, 4 / 6, 'not_spam precision');
    expectClose(ham?.recall.value, 4 / 10, 'not_spam recall');
    expectClose(report.classification.macro.precision.value, (6 / 12 + 4 / 6) / 2, 'macro precision');
    expectClose(report.classification.macro.f1.value, (0.6 + 2 * 4 / (2 * 4 + 2 + 6)) / 2, 'macro f1');
    expect(report.classification.confusion_matrix).toEqual({
      gold_labels: ['spam', 'not_spam'],
      predicted_labels: ['spam', 'not_spam'],
      counts: [
        [6, 2],
        [6, 4],
      ],
    });
  });

  it('per category: detection recall, and category precision/recall from the categories it names', () => {
    // gold spam (0-based) 0,1,3,4,7,9,12,17 alternate phishing/promo: phishing = 0,3,7,12 (flagged
    // 0,3,7), promo = 1,4,9,17 (flagged 1,4,9). The candidate names the gold category on a true
    // positive and 'promo' on each of its 6 false positives: promo named 9 times, right 3 times.
    const [phishing, promo] = report.classification.categories;
    expect(report.classification.predicts_categories).toBe(true);
    expect(phishing).toMatchObject({ category: 'phishing', items: 4, answered: 4, description: 'credential theft' });
    expectClose(phishing?.recall.value, 3 / 4, 'phishing recall');
    expectClose(phishing?.category_precision?.value, 1, 'phishing category precision');
    expectClose(promo?.category_precision?.value, 3 / 9, 'promo category precision');
    expectClose(promo?.category_recall?.value, 3 / 4, 'promo category recall');
    expect(report.metrics['category.promo.category_precision']).toBeCloseTo(1 / 3, 12);
  });

  it('per slice: precision, recall and FPR with Wilson intervals', () => {
    // pin = even positions 0..16: gold 1,0,1,0,0,0,1,0,0, decided 1,1,1,1,1,1,0,0,1 → TP 2, FP 5, FN 1, TN 1
    // comment = odd positions 1..17: gold 1,1,0,1,1,0,0,0,1, decided 1,1,1,1,1,0,0,0,0 → TP 4, FP 1, FN 1, TN 3
    const pin = report.classification.slices.find((s) => s.value === 'pin');
    const comment = report.classification.slices.find((s) => s.value === 'comment');
    expect(pin?.metrics.confusion).toEqual({ tp: 2, fp: 5, fn: 1, tn: 1 });
    expect(comment?.metrics.confusion).toEqual({ tp: 4, fp: 1, fn: 1, tn: 3 });
    if (!pin || !comment) throw new Error('slices missing');
    expectWilson(pin.metrics.precision, '2/7', 'pin precision');
    expectWilson(pin.metrics.recall, '2/3', 'pin recall');
    expectWilson(pin.metrics.fpr, '5/6', 'pin fpr');
    expectWilson(comment.metrics.precision, '4/5', 'comment precision');
    expectWilson(comment.metrics.fpr, '1/4', 'comment fpr');
    expect(report.metrics['slice.surface.pin.precision']).toBe(2 / 7);
  });

  it('scores: AP, ROC AUC, curves, calibration and operating points equal sklearn', () => {
    const s = report.scores;
    expect(s).toMatchObject({ available: true, scored: 18, unscored: 0 });
    expectClose(s.prevalence, 8 / 18, 'prevalence');
    expectClose(s.average_precision.value, ref.curves.average_precision, 'AP');
    expectClose(s.roc_auc.value, ref.curves.roc_auc, 'AUC');
    const pr = ref.curves.pr_curve;
    if (!pr || !s.pr_curve) throw new Error('PR curve missing');
    expectAllClose(s.pr_curve.ys, pr.precision, 'PR precision');
    expectAllClose(s.pr_curve.xs, pr.recall, 'PR recall');
    expectAllClose(s.pr_curve.thresholds.slice(0, -1).map((t) => t ?? NaN), pr.thresholds, 'PR thresholds');
    expect(s.pr_curve.thresholds.at(-1)).toBeNull();
    const roc = ref.curves.roc_curve_drop;
    if (!roc || !s.roc_curve) throw new Error('ROC curve missing');
    expectAllClose(s.roc_curve.xs, roc.fpr, 'ROC fpr');
    expectAllClose(s.roc_curve.ys, roc.tpr, 'ROC tpr');
    expect(s.roc_curve.thresholds[0]).toBeNull();
    expectAllClose(s.roc_curve.thresholds.slice(1).map((t) => t ?? NaN), roc.thresholds_after_first, 'ROC thresholds');

    const cal = ref.calibration;
    expectClose(s.calibration?.ece.value, cal.ece, 'ECE');
    expectClose(s.calibration?.mce.value, cal.mce, 'MCE');
    expectClose(s.calibration?.brier.value, cal.brier, 'Brier');
    expectClose(s.calibration?.log_loss.value, cal.log_loss, 'log loss');
    s.calibration?.bins.forEach((bin, k) => {
      const expected = cal.bins[k];
      if (!expected) throw new Error(`no reference bin ${k}`);
      expect(bin.count).toBe(expected.count);
      expectClose(bin.mean_score, expected.mean_score, `bin ${k} mean score`);
      expectRatio(bin.positive_share, expected.positive_share, `bin ${k} spam share`);
    });

    let compared = 0;
    for (const point of s.operating_points) {
      const expected = ref.curves.grid_points.find((p) => Math.abs(p.threshold - point.threshold) < 1e-12);
      if (!expected) continue;
      compared += 1;
      expect([point.tp, point.fp, point.fn, point.tn]).toEqual([expected.tp, expected.fp, expected.fn, expected.tn]);
      expectRatio(point.precision, expected.precision, `precision at ${point.threshold}`);
      expectRatio(point.recall, expected.recall, `recall at ${point.threshold}`);
      expectClose(point.predicted_positive_rate, expected.predicted_positive_rate, `flagged at ${point.threshold}`);
    }
    expect(compared).toBe(19); // every grid threshold but 0.99 is on the reference's 0.05 grid
  });

  it('threshold selections equal the brute-force reference and are labelled in-sample in the metric names', () => {
    const selections = ref.curves.selections;
    const at = (target: number) => report.scores.selections.recall_at_precision.find((p) => p.target === target);
    expect(at(0.9)?.threshold ?? null).toBe(selections['recall_at_precision_0.9'] ?? null);
    expect(at(0.95)?.threshold ?? null).toBe(selections['recall_at_precision_0.95'] ?? null);
    expect(report.scores.selections.best_f1).toEqual(selections['best_f1']);
    expect(report.metrics['best_f1']).toBe(report.scores.selections.best_f1?.f1);
  });

  it('cost view at λ = 1 (suite) equals the reference, with the cost-minimising threshold', () => {
    const expected = ref.cost.find((c) => c.lambda === 1);
    if (!expected) throw new Error('no λ = 1 reference');
    const cost = report.cost;
    expect(cost).toMatchObject({ lambda: 1, lambda_source: 'run', fp: expected.fp, fn: expected.fn, positives: expected.n_spam, negatives: expected.n_ham });
    expectClose(cost.weighted_error.value, expected.weighted_error, 'weighted error');
    expectClose(cost.weighted_accuracy.value, expected.weighted_accuracy, 'weighted accuracy');
    expectClose(cost.baseline_weighted_error.value, expected.baseline_weighted_error, 'baseline');
    expectClose(cost.tcr.value, expected.tcr, 'TCR');
    expect(cost.min_cost).toEqual({ threshold: expected.min_cost_threshold, cost: expected.min_cost });
  });

  it('gray area: the two flagged look-alikes are both false positives; the rest are scored apart', () => {
    const g = report.gray_area;
    expect(g).toMatchObject({ gray_items: 2, clear_items: 0, unreviewed_items: 16, reviewers: null });
    expect(g.gray_reasons).toEqual({ flagged: 2, split: 0, no_majority: 0 });
    // gray h03, h06: ham decided spam → accuracy 0/2; the other 16: TP 6, FP 4, FN 2, TN 4
    expectWilson(g.candidate_on_gray.accuracy, '0/2', 'gray accuracy');
    expectWilson(g.candidate_on_clear.accuracy, '10/16', 'clear accuracy');
    expectWilson(g.candidate_on_clear.precision, '6/10', 'clear precision');
    expect(report.metrics['gray.accuracy']).toBe(0);
    expect(g.candidate_vs_reviewers).toBeNull();
  });

  it('lists confident disagreements (confidence ≥ 0.9 in the predicted label), most confident first', () => {
    // h17: ham at 1.0; h18: spam at 0.0 (decided not_spam with confidence 1.0); h03: ham at 0.9
    const d = report.gray_area.confident_disagreements;
    expect(d).toMatchObject({ available: true, total: 3, omitted: 0, min_confidence: 0.9 });
    expect(d.items.map((i) => [i.id, i.confidence, i.gray])).toEqual([
      ['h17', 1, false],
      ['h18', 1, false],
      ['h03', 0.9, true],
    ]);
  });

  it('lists the worst false positives by highest score and false negatives by lowest, with text excerpts', () => {
    const w = report.worst_errors;
    expect(w.false_positives.map((e) => [e.id, e.score])).toEqual([
      ['h17', 1],
      ['h03', 0.9],
      ['h06', 0.8],
      ['h07', 0.7],
      ['h09', 0.55],
      ['h11', 0.5],
    ]);
    expect(w.false_negatives.map((e) => [e.id, e.score])).toEqual([
      ['h18', 0],
      ['h13', 0.3],
    ]);
    expect(w.false_positives[0]?.excerpt).toContain('=HYPERLINK');
  });

  it('certifies no triage threshold on 18 items, and says why and how many items it would take', () => {
    const t = report.triage;
    expect(t.mode).toBe('scores');
    expect(t.enforce?.certified).toBe(false);
    expect(t.clear?.certified).toBe(false);
    expect(t.enforce?.min_items).toBe(36); // ⌈ln(0.025)/ln(0.9)⌉ = 36 (METHODS §4.3)
    expect(t.automation_rate.value).toBe(0);
    expect(t.headline).toMatch(/^Nothing can be automated/);
    expect(report.metrics['auto_enforce_threshold']).toBeNull();
    expect(report.metric_reasons['auto_enforce_threshold']).toBeTruthy();
    expect(t.savings).toMatchObject({ volume_per_day: 10000, hours_saved_per_day: 0, cost_saved_per_day: 0 });
  });

  it('says why there is no production view', () => {
    expect(report.production.available).toBe(false);
    expect(report.production.reason).toMatch(/no strata or weights and no production prevalence/);
    expect(report.metrics['production.precision']).toBeNull();
    expect(report.metric_reasons['production.precision']).toMatch(/--prevalence/);
  });
});
