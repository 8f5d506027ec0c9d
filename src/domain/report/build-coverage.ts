import { ratioEstimate } from '../metrics/estimate.js';
import { excerpt } from '../run/candidate.js';
import type { ErrorKind, ErrorRecord } from '../run/prediction.js';
import { answeredItems, EXCERPT_CHARS, type AnsweredItem, type JoinedItem, type JoinedRun } from './join-run.js';
import { reportEstimate } from './report-estimate.js';
import type { Report } from './report-schema.js';

const NO_ITEMS = 'no golden items in the run\'s scope';

/** Coverage and failed calls: every error listed by kind (capped list, full counts). */
export function buildCoverage(joined: JoinedRun, confidence: number, listLimit: number): Report['coverage'] {
  const { items } = joined;
  const failed: ErrorRecord[] = [];
  let answered = 0;
  let missing = 0;
  for (const { outcome } of items) {
    if (outcome.status === 'error') failed.push(outcome.record);
    else if (outcome.status === 'ok') answered += 1;
    else missing += 1;
  }
  // spelled out so that a new error kind fails to compile here until the report counts it
  const byKind: Record<ErrorKind, number> = { timeout: 0, rate_limited: 0, transport: 0, invalid_output: 0, refused: 0 };
  for (const record of failed) byKind[record.error.kind] += 1;
  return {
    items: items.length,
    answered,
    errors: failed.length,
    missing,
    unknown_records: joined.unknownRecords,
    coverage: reportEstimate(ratioEstimate(answered, items.length, { zeroReason: NO_ITEMS, confidence })),
    error_rate: reportEstimate(ratioEstimate(failed.length, items.length, { zeroReason: NO_ITEMS, confidence })),
    errors_by_kind: byKind,
    error_items: failed.slice(0, listLimit).map((record) => ({
      id: record.id,
      kind: record.error.kind,
      message: record.error.message,
      attempts: record.attempts,
    })),
    error_items_omitted: Math.max(0, failed.length - listLimit),
  };
}

function worst(entry: AnsweredItem) {
  const { rationale } = entry.outcome.record.prediction;
  return {
    id: entry.item.id,
    gold_label: entry.item.label,
    predicted_label: entry.outcome.record.prediction.label,
    score: entry.outcome.score,
    category: entry.item.category ?? null,
    gray: entry.gray,
    excerpt: excerpt(entry.item.text, EXCERPT_CHARS),
    ...(rationale === undefined ? {} : { rationale: excerpt(rationale, EXCERPT_CHARS) }),
  };
}

/** Ascending by score with unscored items last; ties by id so the list is stable. */
function byScore(direction: 1 | -1) {
  return (a: AnsweredItem, b: AnsweredItem): number => {
    const sa = a.outcome.score;
    const sb = b.outcome.score;
    if (sa !== sb) {
      if (sa === null) return 1;
      if (sb === null) return -1;
      return direction * (sa - sb);
    }
    return a.item.id < b.item.id ? -1 : a.item.id > b.item.id ? 1 : 0;
  };
}

/** The most confident mistakes: false positives by highest score, false negatives by lowest. */
export function buildWorstErrors(items: readonly JoinedItem[], listLimit: number): Report['worst_errors'] {
  const fps: AnsweredItem[] = [];
  const fns: AnsweredItem[] = [];
  for (const entry of answeredItems(items)) {
    if (entry.goldPositive === entry.outcome.predictedPositive) continue;
    (entry.goldPositive ? fns : fps).push(entry);
  }
  fps.sort(byScore(-1));
  fns.sort(byScore(1));
  return {
    false_positives: fps.slice(0, listLimit).map(worst),
    false_positives_total: fps.length,
    false_negatives: fns.slice(0, listLimit).map(worst),
    false_negatives_total: fns.length,
  };
}
