import { ratioEstimate } from '../metrics/estimate.js';
import { excerpt } from '../run/candidate.js';
import { ERROR_KINDS, type ErrorKind } from '../run/prediction.js';
import { firstInOrder } from './first-in-order.js';
import { EXCERPT_CHARS } from './join-run.js';
import { ROW_ERROR, ROW_OK, type ReportFrame } from './report-frame.js';
import { reportEstimate } from './report-estimate.js';
import type { Report } from './report-schema.js';

const NO_ITEMS = 'no golden items in the run\'s scope';

/** Coverage and failed calls: every error listed by kind (capped list, full counts). */
export function buildCoverage(frame: ReportFrame, confidence: number, listLimit: number): Report['coverage'] {
  const { rows, status, errorKind } = frame;
  // spelled out so that a new error kind fails to compile here until the report counts it
  const byKind: Record<ErrorKind, number> = { timeout: 0, rate_limited: 0, transport: 0, invalid_output: 0, refused: 0 };
  const perKind = new Array<number>(ERROR_KINDS.length).fill(0);
  const failed: number[] = [];
  let answered = 0;
  let missing = 0;
  for (let i = 0; i < rows; i++) {
    const s = status[i];
    if (s === ROW_ERROR) {
      failed.push(i);
      const k = errorKind[i] ?? -1;
      perKind[k] = (perKind[k] ?? 0) + 1;
    } else if (s === ROW_OK) answered += 1;
    else missing += 1;
  }
  ERROR_KINDS.forEach((kind, k) => {
    byKind[kind] += perKind[k] ?? 0;
  });
  return {
    items: rows,
    answered,
    errors: failed.length,
    missing,
    unknown_records: frame.unknownRecords,
    coverage: reportEstimate(ratioEstimate(answered, rows, { zeroReason: NO_ITEMS, confidence })),
    error_rate: reportEstimate(ratioEstimate(failed.length, rows, { zeroReason: NO_ITEMS, confidence })),
    errors_by_kind: byKind,
    error_items: failed.slice(0, listLimit).map((i) => {
      const record = frame.record(i);
      if (record?.status !== 'error') throw new Error(`row ${i} is an error in the frame but its record is not`);
      return { id: record.id, kind: record.error.kind, message: record.error.message, attempts: record.attempts };
    }),
    error_items_omitted: Math.max(0, failed.length - listLimit),
  };
}

function worst(frame: ReportFrame, i: number) {
  const item = frame.item(i);
  const record = frame.record(i);
  if (record?.status !== 'ok') throw new Error(`row ${i} is ok in the frame but its record is not`);
  const { rationale, label } = record.prediction;
  const score = frame.score[i] ?? Number.NaN;
  return {
    id: item.id,
    gold_label: item.label,
    predicted_label: label,
    score: Number.isNaN(score) ? null : score,
    category: item.category ?? null,
    gray: frame.gray[i] === 1,
    excerpt: excerpt(item.text, EXCERPT_CHARS),
    ...(rationale === undefined ? {} : { rationale: excerpt(rationale, EXCERPT_CHARS) }),
  };
}

/** Ascending by score with unscored rows last; ties by id so the list is stable. */
function byScore(frame: ReportFrame, direction: 1 | -1) {
  const { score } = frame;
  return (a: number, b: number): number => {
    const sa = score[a] ?? Number.NaN;
    const sb = score[b] ?? Number.NaN;
    if (sa !== sb && !(Number.isNaN(sa) && Number.isNaN(sb))) {
      if (Number.isNaN(sa)) return 1;
      if (Number.isNaN(sb)) return -1;
      return direction * (sa - sb);
    }
    const ia = frame.id(a);
    const ib = frame.id(b);
    return ia < ib ? -1 : ia > ib ? 1 : 0;
  };
}

/** The most confident mistakes: false positives by highest score, false negatives by lowest. */
export function buildWorstErrors(frame: ReportFrame, listLimit: number): Report['worst_errors'] {
  const { rows, status, goldPositive, predictedPositive } = frame;
  const fps: number[] = [];
  const fns: number[] = [];
  for (let i = 0; i < rows; i++) {
    if (status[i] !== ROW_OK || goldPositive[i] === predictedPositive[i]) continue;
    (goldPositive[i] === 1 ? fns : fps).push(i);
  }
  return {
    false_positives: firstInOrder(fps, byScore(frame, -1), listLimit).map((i) => worst(frame, i)),
    false_positives_total: fps.length,
    false_negatives: firstInOrder(fns, byScore(frame, 1), listLimit).map((i) => worst(frame, i)),
    false_negatives_total: fns.length,
  };
}
