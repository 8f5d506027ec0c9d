import { candidateAgreement, reviewerAgreement, type PairAgreement } from '../metrics/agreement.js';
import { excerpt } from '../run/candidate.js';
import { answeredMetrics, type MetricsContext } from './build-classification.js';
import { answeredItems, EXCERPT_CHARS, type JoinedItem, type ReportGolden } from './join-run.js';
import { reportEstimate } from './report-estimate.js';
import type { ConfidentDisagreement, Report } from './report-schema.js';

/** Confidence in the predicted label at or above which a disagreement with gold is listed. */
export const DEFAULT_DISAGREEMENT_CONFIDENCE = 0.9;

function pair(agreement: PairAgreement) {
  return {
    n: agreement.n,
    percent_agreement: reportEstimate(agreement.percentAgreement),
    kappa: reportEstimate(agreement.kappa),
    ...(agreement.positiveAgreement ? { positive_agreement: reportEstimate(agreement.positiveAgreement) } : {}),
    ...(agreement.negativeAgreement ? { negative_agreement: reportEstimate(agreement.negativeAgreement) } : {}),
  };
}

/**
 * Answered items whose predicted label differs from gold while the candidate is confident in
 * it (score for a positive decision, 1 − score for a negative one, ≥ `minConfidence`): where
 * guidelines are unclear or the gold label is wrong. Most confident first. Needs scores.
 */
export function confidentDisagreements(items: readonly JoinedItem[], minConfidence: number): ConfidentDisagreement[] {
  const found: ConfidentDisagreement[] = [];
  for (const entry of items) {
    if (entry.outcome.status !== 'ok') continue;
    const { score, predictedPositive, record } = entry.outcome;
    if (score === null || record.prediction.label === entry.item.label) continue;
    const confidence = predictedPositive ? score : 1 - score;
    if (confidence < minConfidence) continue;
    found.push({
      id: entry.item.id,
      gold_label: entry.item.label,
      predicted_label: record.prediction.label,
      score,
      confidence,
      gray: entry.gray,
      category: entry.item.category ?? null,
      excerpt: excerpt(entry.item.text, EXCERPT_CHARS),
      ...(record.prediction.rationale === undefined ? {} : { rationale: excerpt(record.prediction.rationale, EXCERPT_CHARS) }),
    });
  }
  return found.sort((a, b) => b.confidence - a.confidence || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

export interface GrayAreaOptions extends MetricsContext {
  minConfidence: number;
  /** Longest list of confident disagreements kept in the report (the export has them all). */
  listLimit: number;
}

export function buildGrayArea(golden: ReportGolden, items: readonly JoinedItem[], options: GrayAreaOptions): Report['gray_area'] {
  const { labels, positive } = golden.manifest;
  const gray: JoinedItem[] = [];
  // "clear" for the candidate's results: every item not gray, reviewed or not — on a set where
  // only gray items carry reviews the reviewed-and-agreeing group would be empty
  const clear: JoinedItem[] = [];
  const reasons = { flagged: 0, split: 0, no_majority: 0 };
  let reviewed = false;
  let anyReview = false;
  let clearItems = 0;
  let unreviewedItems = 0;
  for (const entry of items) {
    const { agreement } = entry;
    if (entry.gray) {
      gray.push(entry);
      for (const reason of agreement.grayReasons) reasons[reason] += 1;
    } else clear.push(entry);
    if (agreement.reviews >= 2) reviewed = true;
    if (agreement.reviews >= 1) anyReview = true;
    if (agreement.status === 'clear') clearItems += 1;
    else if (agreement.status === 'unreviewed') unreviewedItems += 1;
  }
  const goldItems = anyReview ? items.map((entry) => entry.item) : [];
  const reviewers = reviewed ? reviewerAgreement(goldItems, { labels, positive }) : null;
  const kappas = (reviewers?.cohenPairs ?? []).flatMap((p) => (p.kappa.value === null ? [] : [p.kappa.value]));
  // the id → label map and the reviewer names are only built when some item has a review
  const versus = anyReview
    ? candidateAgreement(goldItems, new Map(answeredItems(items).map((entry) => [entry.item.id, entry.outcome.record.prediction.label])), {
        labels,
        positive,
      })
    : null;
  const scored = items.some((entry) => entry.outcome.status === 'ok' && entry.outcome.score !== null);
  const disagreements = scored ? confidentDisagreements(items, options.minConfidence) : [];
  const names = reviewed ? [...new Set(goldItems.flatMap((item) => (item.reviews ?? []).map((r) => r.reviewer)))].sort() : [];
  const groups = reviewed
    ? [...new Set(goldItems.flatMap((item) => (item.reviews ?? []).flatMap((r) => (r.group === undefined ? [] : [r.group]))))].sort()
    : [];
  return {
    gray_items: gray.length,
    clear_items: clearItems,
    unreviewed_items: unreviewedItems,
    gray_reasons: reasons,
    reviewers:
      reviewers === null
        ? null
        : {
            names,
            groups,
            percent_agreement: {
              mean_item: reportEstimate(reviewers.percentAgreement.meanItem),
              pooled_pairwise: reportEstimate(reviewers.percentAgreement.pooledPairwise),
              items: reviewers.percentAgreement.items,
            },
            cohen_pairs: reviewers.cohenPairs.map((p) => ({ a: p.a, b: p.b, ...pair(p) })),
            fleiss: {
              kappa: reportEstimate(reviewers.fleiss.kappa),
              items: reviewers.fleiss.items,
              excluded_items: reviewers.fleiss.excludedItems,
              raters_per_item: reviewers.fleiss.ratersPerItem,
            },
            krippendorff: {
              alpha: reportEstimate(reviewers.krippendorff.alpha),
              units: reviewers.krippendorff.units,
              dropped_units: reviewers.krippendorff.droppedUnits,
              pairable_values: reviewers.krippendorff.pairableValues,
            },
          },
    ...(reviewers === null ? { reviewers_reason: 'no item has two or more reviews' } : {}),
    candidate_on_gray: answeredMetrics(gray, { ...options, bootstrap: false }),
    candidate_on_clear: answeredMetrics(clear, { ...options, bootstrap: false }),
    candidate_vs_reviewers:
      versus === null
        ? null
        : {
            reviewers: versus.reviewers.map((r) => ({ reviewer: r.reviewer, ...pair(r) })),
            groups: versus.groups.map((g) => ({ group: g.group, ...pair(g) })),
            soft_accuracy: reportEstimate(versus.softAccuracy),
            any_reviewer_accuracy: reportEstimate(versus.anyReviewerAccuracy),
            majority_accuracy: reportEstimate(versus.majorityAccuracy),
            reviewer_kappa_range: {
              min: kappas.length > 0 ? Math.min(...kappas) : null,
              max: kappas.length > 0 ? Math.max(...kappas) : null,
            },
          },
    confident_disagreements: {
      min_confidence: options.minConfidence,
      available: scored,
      ...(scored ? {} : { reason: 'needs scores: the candidate gives labels only, so no disagreement is "confident"' }),
      total: disagreements.length,
      items: disagreements.slice(0, options.listLimit),
      omitted: Math.max(0, disagreements.length - options.listLimit),
    },
  };
}
