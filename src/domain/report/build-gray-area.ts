import type { Item } from '../golden/schema.js';
import { candidateAgreement, itemAgreement, reviewerAgreement, type PairAgreement } from '../metrics/agreement.js';
import { cellCode, type ConfusionCounts } from '../metrics/confusion.js';
import { excerpt } from '../run/candidate.js';
import type { OkRecord } from '../run/prediction.js';
import { addCell, countMetrics, type MetricsContext } from './build-classification.js';
import { firstInOrder } from './first-in-order.js';
import { EXCERPT_CHARS } from './join-run.js';
import { ROW_OK, type ReportFrame } from './report-frame.js';
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

function disagreement(item: Item, record: OkRecord, score: number, confidence: number, gray: boolean): ConfidentDisagreement {
  const { prediction } = record;
  return {
    id: item.id,
    gold_label: item.label,
    predicted_label: prediction.label,
    score,
    confidence,
    gray,
    category: item.category ?? null,
    excerpt: excerpt(item.text, EXCERPT_CHARS),
    ...(prediction.rationale === undefined ? {} : { rationale: excerpt(prediction.rationale, EXCERPT_CHARS) }),
  };
}

const byId = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Whether an ok row's predicted label differs from its gold label. */
function disagrees(frame: ReportFrame, i: number): boolean {
  const g = frame.goldLabel[i] ?? -1;
  // a gold label outside the taxonomy has no index: compare the names
  if (g < 0) return frame.predictedLabelNames[frame.predictedLabel[i] ?? -1] !== frame.item(i).label;
  return frame.predictedLabel[i] !== g;
}

/**
 * Answered items whose predicted label differs from gold while the candidate is confident in
 * it (score for a positive decision, 1 − score for a negative one, ≥ `minConfidence`): where
 * guidelines are unclear or the gold label is wrong. Most confident first (ties by id). Needs
 * scores. Every one is counted and the first `limit` are built: the rows are ranked by confidence
 * and id alone, so no object is made for the others.
 */
export function frameConfidentDisagreements(
  frame: ReportFrame,
  minConfidence: number,
  limit: number,
): { total: number; items: ConfidentDisagreement[]; rows: number[] } {
  const { rows, status, score, predictedPositive } = frame;
  const found: number[] = [];
  for (let i = 0; i < rows; i++) {
    if (status[i] !== ROW_OK) continue;
    const s = score[i] ?? Number.NaN;
    if (Number.isNaN(s) || !disagrees(frame, i)) continue;
    const confidence = predictedPositive[i] === 1 ? s : 1 - s;
    if (confidence < minConfidence) continue;
    found.push(i);
  }
  const confidenceOf = (i: number): number => (predictedPositive[i] === 1 ? (score[i] ?? 0) : 1 - (score[i] ?? 0));
  const byConfidenceThenId = (a: number, b: number): number => {
    return confidenceOf(b) - confidenceOf(a) || byId(frame.id(a), frame.id(b));
  };
  const listed = firstInOrder(found, byConfidenceThenId, limit);
  const items = listed.map((i) => {
    const record = frame.record(i);
    if (record?.status !== 'ok') throw new Error(`row ${i} is ok in the frame but its record is not`);
    return disagreement(frame.item(i), record, score[i] ?? 0, confidenceOf(i), frame.gray[i] === 1);
  });
  return { total: found.length, items, rows: listed };
}

export interface GrayAreaOptions extends MetricsContext {
  minConfidence: number;
  /** Longest list of confident disagreements kept in the report (the export has them all). */
  listLimit: number;
}

export function buildGrayArea(frame: ReportFrame, options: GrayAreaOptions): Report['gray_area'] {
  const { labels, positive } = frame.manifest;
  const { rows, status, goldPositive, predictedPositive, gray: isGray, reviewedRows } = frame;
  // "clear" for the candidate's results: every item not gray, reviewed or not — on a set where
  // only gray items carry reviews the reviewed-and-agreeing group would be empty
  const onGray: ConfusionCounts = { tp: 0, fp: 0, fn: 0, tn: 0 };
  const onClear: ConfusionCounts = { tp: 0, fp: 0, fn: 0, tn: 0 };
  const reasons = { flagged: 0, split: 0, no_majority: 0 };
  let grayItems = 0;
  let scored = false;
  for (let i = 0; i < rows; i++) {
    const gray = isGray[i] === 1;
    if (gray) grayItems += 1;
    if (status[i] !== ROW_OK) continue;
    if (!scored && !Number.isNaN(frame.score[i] ?? Number.NaN)) scored = true;
    addCell(gray ? onGray : onClear, cellCode(goldPositive[i] === 1, predictedPositive[i] === 1));
  }
  // an item without reviews is gray only by the curator's flag, and otherwise unreviewed; the
  // agreement of the reviewed ones is computed from their reviews
  const reviewedItems = Array.from(reviewedRows, (i) => frame.item(i));
  let reviewedGray = 0;
  let reviewed = false;
  let clearItems = 0;
  // reviewed by one person only: 'unreviewed' for agreement purposes
  let singleReviewer = 0;
  for (const item of reviewedItems) {
    const agreement = itemAgreement(item, { labels, positive });
    if (agreement.status === 'gray') {
      reviewedGray += 1;
      for (const reason of agreement.grayReasons) reasons[reason] += 1;
    }
    if (agreement.reviews >= 2) reviewed = true;
    if (agreement.status === 'clear') clearItems += 1;
    else if (agreement.status === 'unreviewed') singleReviewer += 1;
  }
  const flaggedUnreviewed = grayItems - reviewedGray;
  reasons.flagged += flaggedUnreviewed;
  const unreviewedItems = rows - reviewedItems.length - flaggedUnreviewed + singleReviewer;
  const anyReview = reviewedItems.length > 0;
  // items without reviews add nothing to any reviewer statistic but the count of items Fleiss'
  // κ and Krippendorff's α leave out: they are added to those counts instead of being passed
  const unreviewed = rows - reviewedItems.length;
  const reviewers = reviewed ? reviewerAgreement(reviewedItems, { labels, positive }) : null;
  const kappas = (reviewers?.cohenPairs ?? []).flatMap((p) => (p.kappa.value === null ? [] : [p.kappa.value]));
  const versus = anyReview
    ? candidateAgreement(reviewedItems, reviewedPredictions(frame), { labels, positive })
    : null;
  const disagreements = scored ? frameConfidentDisagreements(frame, options.minConfidence, options.listLimit) : { total: 0, items: [] };
  const names = reviewed ? [...new Set(reviewedItems.flatMap((item) => (item.reviews ?? []).map((r) => r.reviewer)))].sort() : [];
  const groups = reviewed
    ? [...new Set(reviewedItems.flatMap((item) => (item.reviews ?? []).flatMap((r) => (r.group === undefined ? [] : [r.group]))))].sort()
    : [];
  return {
    gray_items: grayItems,
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
              excluded_items: reviewers.fleiss.excludedItems + unreviewed,
              raters_per_item: reviewers.fleiss.ratersPerItem,
            },
            krippendorff: {
              alpha: reportEstimate(reviewers.krippendorff.alpha),
              units: reviewers.krippendorff.units,
              dropped_units: reviewers.krippendorff.droppedUnits + unreviewed,
              pairable_values: reviewers.krippendorff.pairableValues,
            },
          },
    ...(reviewers === null ? { reviewers_reason: 'no item has two or more reviews' } : {}),
    candidate_on_gray: countMetrics(onGray, options.confidence),
    candidate_on_clear: countMetrics(onClear, options.confidence),
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
      total: disagreements.total,
      items: disagreements.items,
      omitted: Math.max(0, disagreements.total - options.listLimit),
    },
  };
}

/** Item id → predicted label of the answered reviewed rows: all `candidateAgreement` reads. */
function reviewedPredictions(frame: ReportFrame): Map<string, string> {
  const predictions = new Map<string, string>();
  for (const i of frame.reviewedRows) {
    if (frame.status[i] !== ROW_OK) continue;
    predictions.set(frame.id(i), frame.predictedLabelNames[frame.predictedLabel[i] ?? -1] ?? '');
  }
  return predictions;
}
