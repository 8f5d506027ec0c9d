import type { Maybe } from './estimate.js';

/**
 * Label errors in a golden set by confident learning (METHODS §8; Northcutt, Jiang & Chuang
 * 2021), binary form of cleanlab's `find_label_issues(filter_by='prune_by_noise_rate',
 * return_indices_ranked_by='self_confidence')`. Class 0 is the negative label, class 1 the
 * enforced one; item i's probabilities are [1 − s_i, s_i]. The scores must be out-of-sample
 * (a model not trained on this set): in-sample scores agree with their labels by construction.
 * Flagged items are candidates for SME review, never automatic relabels.
 */

export interface ConfidentLearningItem {
  id?: string;
  /** The given (gold) label is the enforced one. */
  positive: boolean;
  /** P(positive); null when the candidate gave none (the item is left out). */
  score: number | null;
}

export interface LabelIssue {
  index: number;
  id?: string;
  givenPositive: boolean;
  score: number;
  /** P(given label): lowest first in the ranking. */
  selfConfidence: number;
}

export interface ConfidentLearningResult {
  /** t_k = mean P(k) over the items labeled k (average self-confidence). */
  thresholds: { negative: number; positive: number };
  /** C[given][guessed] before the diagonal clip, then calibrated and rounded. */
  confidentJoint: number[][];
  calibratedJoint: number[][];
  /** Ranked by self-confidence, lowest first. */
  issues: LabelIssue[];
  itemsUsed: number;
  itemsWithoutScore: number;
}

/** cleanlab compares against t_k − 1e-6 so that an item exactly at the mean still counts. */
const THRESHOLD_SLACK = 1e-6;

/** numpy's round(): half to even. */
function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x - Math.trunc(x)) === 0.5 ? 2 * Math.round(x / 2) : r;
}

/**
 * cleanlab's round_preserving_sum: round half-to-even, then move the entries ordered by
 * (float − rounded) — largest first when adding, smallest first when removing, equal
 * differences in numpy's stable argsort order — until the integer total matches.
 */
function roundPreservingSum(floats: readonly number[]): number[] {
  const ints = floats.map(roundHalfEven);
  const target = roundHalfEven(floats.reduce((a, b) => a + b, 0));
  let total = ints.reduce((a, b) => a + b, 0);
  while (total !== target) {
    const increment = target < total ? -1 : 1;
    const changes = Math.min(Math.abs(target - total), floats.length);
    const ascending = floats.map((_, k) => k).sort((a, b) => (floats[a] ?? 0) - (ints[a] ?? 0) - ((floats[b] ?? 0) - (ints[b] ?? 0)) || a - b);
    const order = increment === 1 ? ascending.reverse() : ascending;
    for (const k of order.slice(0, changes)) ints[k] = (ints[k] ?? 0) + increment;
    total = ints.reduce((a, b) => a + b, 0);
  }
  return ints;
}

/** Per-item mean of several candidates' scores (an ensemble before confident learning). */
export function averageScores(scoresByCandidate: readonly (readonly (number | null)[])[]): (number | null)[] {
  const n = scoresByCandidate[0]?.length ?? 0;
  return Array.from({ length: n }, (_, i) => {
    const present = scoresByCandidate.map((scores) => scores[i] ?? null).filter((s): s is number => s !== null);
    return present.length === 0 ? null : present.reduce((a, b) => a + b, 0) / present.length;
  });
}

type ClassIndex = 0 | 1;
const CLASSES: readonly ClassIndex[] = [0, 1];

interface ScoredItem {
  index: number;
  item: ConfidentLearningItem;
  given: ClassIndex;
  /** [P(negative), P(positive)] */
  p: [number, number];
}

const argmax = (p: [number, number]): ClassIndex => (p[1] > p[0] ? 1 : 0); // a tie → class 0, as numpy

export function findLabelIssues(items: readonly ConfidentLearningItem[]): Maybe<ConfidentLearningResult> {
  const used = items.flatMap((item, index): ScoredItem[] =>
    item.score === null ? [] : [{ index, item, given: item.positive ? 1 : 0, p: [1 - item.score, item.score] }],
  );
  const ofClass = CLASSES.map((k) => used.filter((u) => u.given === k));
  const counts = ofClass.map((members) => members.length);
  if (counts.includes(0)) return { value: null, reason: 'confident learning needs scored items of both labels' };
  const thresholds = CLASSES.map((k) => (ofClass[k] ?? []).reduce((acc, u) => acc + u.p[k], 0) / (counts[k] ?? 1));

  const joint = [
    [0, 0],
    [0, 0],
  ];
  for (const u of used) {
    const confident = CLASSES.filter((k) => u.p[k] >= (thresholds[k] ?? 0) - THRESHOLD_SLACK);
    const guessed = confident.length === 2 ? argmax(u.p) : confident[0];
    const row = joint[u.given];
    if (guessed !== undefined && row !== undefined) row[guessed] = (row[guessed] ?? 0) + 1;
  }
  // calibrate: diagonal ≥ 1, rows to the given-label counts, total to n, integer rows
  const n = used.length;
  const scaled = joint.map((row, i) => {
    const clipped = row.map((c, j) => (i === j ? Math.max(1, c) : c));
    const sum = clipped.reduce((a, b) => a + b, 0);
    return clipped.map((c) => (c / sum) * (counts[i] ?? 0));
  });
  const grand = scaled.flat().reduce((a, b) => a + b, 0);
  const calibrated = scaled.map((row) => roundPreservingSum(row.map((c) => (c / grand) * n)));

  // prune_by_noise_rate: C[i][j] items labeled i with the largest P(j) − P(i) (ties: earlier item)
  const flagged = new Set<number>();
  for (const i of CLASSES) {
    const j: ClassIndex = i === 0 ? 1 : 0;
    const byMargin = [...(ofClass[i] ?? [])].sort((a, b) => b.p[j] - b.p[i] - (a.p[j] - a.p[i]) || a.index - b.index);
    for (const u of byMargin.slice(0, calibrated[i]?.[j] ?? 0)) {
      if (argmax(u.p) !== u.given) flagged.add(u.index);
    }
  }
  const issues = used
    .filter((u) => flagged.has(u.index))
    .map((u): LabelIssue => ({
      index: u.index,
      ...(u.item.id === undefined ? {} : { id: u.item.id }),
      givenPositive: u.given === 1,
      score: u.p[1],
      selfConfidence: u.p[u.given],
    }))
    .sort((a, b) => a.selfConfidence - b.selfConfidence || a.index - b.index);
  return {
    value: {
      thresholds: { negative: thresholds[0] ?? 0, positive: thresholds[1] ?? 0 },
      confidentJoint: joint,
      calibratedJoint: calibrated,
      issues,
      itemsUsed: n,
      itemsWithoutScore: items.length - n,
    },
  };
}
