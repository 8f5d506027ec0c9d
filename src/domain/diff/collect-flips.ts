import { ratioEstimate } from '../metrics/estimate.js';
import type { Prediction } from '../run/prediction.js';
import { excerpt } from '../run/candidate.js';
import type { Diff, FlipItem, FlipList } from './diff-schema.js';
import type { PairedRow } from './pair-runs.js';
import { reportEstimate } from '../report/report-estimate.js';

/** A row both runs answered. */
export interface AnsweredRow extends PairedRow {
  a: { status: 'ok'; prediction: Prediction };
  b: { status: 'ok'; prediction: Prediction };
}

export function isAnswered(row: PairedRow): row is AnsweredRow {
  return row.a.status === 'ok' && row.b.status === 'ok';
}

export interface FlipOptions {
  positive: string;
  /** Items kept per list (the totals count them all). */
  maxFlips: number;
  excerptLength: number;
}

function flipItem(row: AnsweredRow, excerptLength: number): FlipItem {
  const aScore = row.a.prediction.score ?? null;
  const bScore = row.b.prediction.score ?? null;
  return {
    id: row.item.id,
    gold_label: row.gold,
    a_label: row.a.prediction.label,
    b_label: row.b.prediction.label,
    a_score: aScore,
    b_score: bScore,
    score_change: aScore === null || bScore === null ? null : bScore - aScore,
    gray: row.gray,
    category: row.item.category ?? null,
    excerpt: excerpt(row.item.text, excerptLength),
  };
}

/** Largest |Δscore| first — the flips the new model is most sure about — unscored last, then by id. */
function byScoreChange(x: FlipItem, y: FlipItem): number {
  const dx = x.score_change === null ? -1 : Math.abs(x.score_change);
  const dy = y.score_change === null ? -1 : Math.abs(y.score_change);
  return dy - dx || (x.id < y.id ? -1 : x.id > y.id ? 1 : 0);
}

function list(rows: readonly AnsweredRow[], options: FlipOptions): FlipList {
  const items = rows.map((row) => flipItem(row, options.excerptLength)).sort(byScoreChange);
  return { total: items.length, items: items.slice(0, options.maxFlips), omitted: Math.max(0, items.length - options.maxFlips) };
}

/**
 * The items whose enforce decision changed, per gold class (METHODS §7.3): new and fixed false
 * positives among gold negatives, new and fixed false negatives among gold positives, plus the
 * errors both runs share and the churn (share of items whose correctness changed).
 */
export function collectFlips(rows: readonly AnsweredRow[], options: FlipOptions): Diff['flips'] {
  const enforces = (prediction: Prediction): boolean => prediction.label === options.positive;
  const newFp: AnsweredRow[] = [];
  const fixedFp: AnsweredRow[] = [];
  const newFn: AnsweredRow[] = [];
  const fixedFn: AnsweredRow[] = [];
  let unchangedErrors = 0;
  let otherLabelChanges = 0;
  let correctnessFlips = 0;
  for (const row of rows) {
    const a = enforces(row.a.prediction);
    const b = enforces(row.b.prediction);
    if (!row.goldPositive && !a && b) newFp.push(row);
    if (!row.goldPositive && a && !b) fixedFp.push(row);
    if (row.goldPositive && a && !b) newFn.push(row);
    if (row.goldPositive && !a && b) fixedFn.push(row);
    if (a === b && row.a.prediction.label !== row.b.prediction.label) otherLabelChanges += 1;
    const aRight = row.a.prediction.label === row.gold;
    const bRight = row.b.prediction.label === row.gold;
    if (!aRight && !bRight) unchangedErrors += 1;
    if (aRight !== bRight) correctnessFlips += 1;
  }
  return {
    new_false_positives: list(newFp, options),
    fixed_false_positives: list(fixedFp, options),
    new_false_negatives: list(newFn, options),
    fixed_false_negatives: list(fixedFn, options),
    unchanged_errors: unchangedErrors,
    other_label_changes: otherLabelChanges,
    churn: reportEstimate(ratioEstimate(correctnessFlips, rows.length, { zeroReason: 'no paired items' })),
  };
}
