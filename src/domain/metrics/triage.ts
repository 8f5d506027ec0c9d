import { plainRatio, type Estimate } from './estimate.js';
import { fixedSequenceTest, type SequenceContext, type SideSpec, type TriageSide } from './fixed-sequence.js';
import type { SamplingDesign } from './prevalence.js';
import { sortFiniteDoubles } from './sort-finite-doubles.js';

export type { ItemsNeeded, ThresholdStatus, ThresholdTest, TriageSide } from './fixed-sequence.js';
export { startMinimum } from './fixed-sequence.js';

/**
 * Two-threshold triage with a statistical guarantee (METHODS §4.3–4.5): auto-enforce when
 * score ≥ τ_hi, auto-clear when score < τ_lo (strictly below — METHODS' convention; an item
 * scoring exactly τ_lo goes to a human), human review otherwise. Each side is certified by
 * fixed-sequence testing over a grid fixed in advance, strictest threshold first, with an exact
 * binomial test at level δ/2 (Bonferroni across the two sides). Any rejected threshold meets
 * its target with confidence 1 − δ jointly for both sides — for items exchangeable with the
 * golden set.
 */

export interface TriageItem {
  /** P(positive label); null/absent (or NaN) when the candidate gave none (such items go to people). */
  score?: number | null;
  /** Gold label is the enforced one. */
  positive: boolean;
  gray?: boolean;
}

/**
 * The same items column by column, for a caller with a million of them (the report): no object
 * per item. Row i of every column is item i.
 */
export interface TriageColumns {
  /** Score per item; NaN where the candidate gave none. */
  score: Float64Array;
  /** 1 where the gold label is the enforced one. */
  positive: Uint8Array;
  /** 1 where the item is gray; absent: none is. */
  gray?: Uint8Array;
}

/** A label-only candidate's items column by column: `decision` 1 = positive, 0 = negative, −1 = none. */
export interface DecisionColumns {
  decision: Int8Array;
  positive: Uint8Array;
  gray?: Uint8Array;
}

export interface TriageOptions {
  /** p_E: auto-enforced items must be positive at least this often. */
  enforcePrecision: number;
  /** q_C: at most this share of auto-cleared items may be positive (false-clear rate, FOR). */
  clearFalseRate: number;
  /** δ: allowed probability that either guarantee fails; 0.05 unless told. */
  delta?: number;
  /** Defaults: (99 − k)/100 for enforce (0.99 … 0.50), (1 + k)/100 for clear (0.01 … 0.50). */
  enforceGrid?: readonly number[];
  clearGrid?: readonly number[];
  /** Skip leading grid points that select fewer than n_min items (scores only). Default true. */
  startRule?: boolean;
  /** Weights to production (stratified or item weights): weighted estimates, approximate guarantee. */
  design?: SamplingDesign;
  /** With a design: test Korn–Graubard bounds (default) or the exact test on unweighted counts. */
  weightedGuarantee?: 'korn-graubard' | 'exact-counts';
  savings?: { dailyVolume: number; handleTimeSeconds: number; costPerHour?: number };
}

export interface OneSidedBound {
  value: number | null;
  side: 'lower' | 'upper';
  confidence: number;
  method: 'clopper-pearson' | 'korn-graubard';
}

export interface TriageResult {
  mode: 'scores' | 'labels';
  delta: number;
  guarantee: { method: 'exact-binomial' | 'korn-graubard'; approximate: boolean; note: string };
  enforce: TriageSide;
  clear: TriageSide;
  items: number;
  /** Items without a score (scores) or a decision (labels): never auto-actioned, so they count as human. */
  undecidedItems: number;
  /** Shares of the queue (production-weighted with a design); automation = enforce + clear. */
  automationRate: Estimate;
  enforceShare: Estimate;
  clearShare: Estimate;
  humanShare: Estimate;
  enforcePrecision: Estimate & { bound: OneSidedBound };
  falseClearRate: Estimate & { bound: OneSidedBound };
  /** Auto-cleared positives ÷ all positives: the share of spam that escapes review. */
  spamLeakRate: Estimate;
  enforceRecall: Estimate;
  grayShareAutoActioned: Estimate;
  savings?: TriageSavings;
}

export interface TriageSavings {
  automatedPerDay: number;
  reviewerHoursPerDay: number;
  costPerDay: number | null;
  /** volume × enforce share × (1 − precision); `upper` uses the precision lower bound. */
  wrongfulEnforcementsPerDay: { value: number | null; upper: number | null };
  spamLeaksPerDay: number | null;
}

const grid = (from: number, step: number): number[] => Array.from({ length: 50 }, (_, k) => (from + step * k) / 100);
export const DEFAULT_ENFORCE_GRID: readonly number[] = grid(99, -1);
export const DEFAULT_CLEAR_GRID: readonly number[] = grid(1, 1);

function checkUnit(name: string, v: number): void {
  if (!(v > 0 && v < 1)) throw new RangeError(`${name} must lie strictly between 0 and 1, got ${v}`);
}

/** The fixed grids, strictest first; a clear threshold above an enforce one would overlap. */
function grids(options: TriageOptions): { enforce: number[]; clear: number[] } {
  const enforce = [...new Set(options.enforceGrid ?? DEFAULT_ENFORCE_GRID)].sort((a, b) => b - a);
  const clear = [...new Set(options.clearGrid ?? DEFAULT_CLEAR_GRID)].sort((a, b) => a - b);
  for (const t of [...enforce, ...clear]) {
    if (!(t >= 0 && t <= 1)) throw new RangeError(`grid thresholds must lie in [0, 1], got ${t}`);
  }
  if (Math.max(...clear) > Math.min(...enforce)) {
    throw new RangeError('the clear grid must lie at or below the enforce grid (τ_lo ≤ τ_hi)');
  }
  return { enforce, clear };
}

/** Index of the first entry ≥ t in an ascending array (its length if none). */
function lowerBound(sorted: Float64Array, t: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sorted[mid] ?? 0) < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Unweighted counts at any threshold from the positives' and negatives' scores sorted once:
 * #{s ≥ t} and #{s < t} by binary search — the counts the per-item selection gives (an item
 * without a score is never selected on either side).
 */
function sortedCounts(columns: TriageColumns): { enforce: SideCounts; clear: SideCounts } {
  const { score, positive: isPositive } = columns;
  let pos = 0;
  let neg = 0;
  for (let i = 0; i < score.length; i++) {
    if (Number.isNaN(score[i] ?? Number.NaN)) continue;
    if (isPositive[i] === 1) pos += 1;
    else neg += 1;
  }
  const positives = new Float64Array(pos);
  const negatives = new Float64Array(neg);
  pos = 0;
  neg = 0;
  for (let i = 0; i < score.length; i++) {
    const s = score[i] ?? Number.NaN;
    if (Number.isNaN(s)) continue;
    if (isPositive[i] === 1) positives[pos++] = s;
    else negatives[neg++] = s;
  }
  sortFiniteDoubles(positives);
  sortFiniteDoubles(negatives);
  const below = (t: number) => ({ pos: lowerBound(positives, t), neg: lowerBound(negatives, t) });
  return {
    enforce: (t) => {
      if (t === null) return { selected: 0, errors: 0 };
      const b = below(t);
      const errors = negatives.length - b.neg;
      return { selected: positives.length - b.pos + errors, errors };
    },
    clear: (t) => {
      if (t === null) return { selected: 0, errors: 0 };
      const b = below(t);
      return { selected: b.pos + b.neg, errors: b.pos };
    },
  };
}

type SideCounts = NonNullable<SideSpec['counts']>;

/** Scores: certify τ_hi and τ_lo on the grids and summarize the resulting policy. */
export function triageThresholds(items: readonly TriageItem[], options: TriageOptions): TriageResult {
  const score = Float64Array.from(items, (item) => item.score ?? Number.NaN);
  return triageThresholdsFromColumns({ score, ...truthColumns(items) }, options);
}

/** `triageThresholds` of items given column by column. */
export function triageThresholdsFromColumns(columns: TriageColumns, options: TriageOptions): TriageResult {
  const { enforce, clear } = grids(options);
  const { score } = columns;
  const counts = sortedCounts(columns);
  // NaN (no score) compares false both ways: never selected
  return runTriage('scores', columns, options, options.startRule ?? true, {
    enforce: { thresholds: enforce, select: (i, t) => t !== null && (score[i] ?? Number.NaN) >= t, counts: counts.enforce },
    clear: { thresholds: clear, select: (i, t) => t !== null && (score[i] ?? Number.NaN) < t, counts: counts.clear },
  }, (i) => !Number.isNaN(score[i] ?? Number.NaN));
}

/** A candidate without scores: one operating point per side — its positive and its negative decisions. */
export function triageFromLabels(
  items: readonly (Omit<TriageItem, 'score'> & { predictedPositive: boolean | null })[],
  options: Omit<TriageOptions, 'enforceGrid' | 'clearGrid' | 'startRule'>,
): TriageResult {
  const decision = Int8Array.from(items, (item) => (item.predictedPositive === true ? 1 : item.predictedPositive === false ? 0 : -1));
  return triageFromDecisionColumns({ decision, ...truthColumns(items) }, options);
}

/** `triageFromLabels` of items given column by column. */
export function triageFromDecisionColumns(
  columns: DecisionColumns,
  options: Omit<TriageOptions, 'enforceGrid' | 'clearGrid' | 'startRule'>,
): TriageResult {
  const { decision } = columns;
  return runTriage('labels', columns, options, false, {
    enforce: { thresholds: [null], select: (i) => decision[i] === 1 },
    clear: { thresholds: [null], select: (i) => decision[i] === 0 },
  }, (i) => decision[i] === 1 || decision[i] === 0);
}

function truthColumns(items: readonly Pick<TriageItem, 'positive' | 'gray'>[]): { positive: Uint8Array; gray: Uint8Array } {
  return {
    positive: Uint8Array.from(items, (item) => (item.positive ? 1 : 0)),
    gray: Uint8Array.from(items, (item) => (item.gray === true ? 1 : 0)),
  };
}

type Selection = Pick<SideSpec, 'thresholds' | 'select' | 'counts'>;

function runTriage(
  mode: TriageResult['mode'],
  columns: Pick<TriageColumns, 'positive' | 'gray'>,
  options: TriageOptions,
  startRule: boolean,
  selection: { enforce: Selection; clear: Selection },
  decided: (i: number) => boolean,
): TriageResult {
  const delta = options.delta ?? 0.05;
  checkUnit('enforcePrecision', options.enforcePrecision);
  checkUnit('clearFalseRate', options.clearFalseRate);
  checkUnit('delta', delta);
  const design = options.design;
  const { positive: isPositive, gray: isGray } = columns;
  const count = isPositive.length;
  if (design !== undefined && design.weights.length !== count) {
    throw new RangeError(`the design has ${design.weights.length} weights for ${count} items`);
  }
  const kornGraubard = design !== undefined && (options.weightedGuarantee ?? 'korn-graubard') === 'korn-graubard';
  const weightOf = (i: number): number => design?.weights[i] ?? 1;
  let decidedCount = 0;
  for (let i = 0; i < count; i++) if (decided(i)) decidedCount += 1;
  const ctx: SequenceContext = { count, alpha: delta / 2, design, kornGraubard, startRule, weightOf, decidedCount };
  const enforceSide = fixedSequenceTest(
    { side: 'enforce', good: options.enforcePrecision, target: options.enforcePrecision, ...selection.enforce, isError: (i) => isPositive[i] !== 1 },
    ctx,
  );
  const clearSide = fixedSequenceTest(
    { side: 'clear', good: 1 - options.clearFalseRate, target: options.clearFalseRate, ...selection.clear, isError: (i) => isPositive[i] === 1 },
    ctx,
  );
  const chosen = (side: TriageSide, sel: Selection): Uint8Array => {
    const t = side.threshold;
    const selected = new Uint8Array(count);
    if (side.certified) for (let i = 0; i < count; i++) selected[i] = sel.select(i, t) ? 1 : 0;
    return selected;
  };
  const inEnforce = chosen(enforceSide, selection.enforce);
  const inClear = chosen(clearSide, selection.clear);
  // every share's weighted sums in one pass, each accumulated in item order as a sum per share would be
  const sum = { all: 0, enforce: 0, clear: 0, automated: 0, human: 0, positive: 0, clearPositive: 0, enforcePositive: 0, autoGray: 0 };
  for (let i = 0; i < count; i++) {
    const w = weightOf(i);
    const e = inEnforce[i] === 1;
    const c = inClear[i] === 1;
    const positive = isPositive[i] === 1;
    sum.all += w;
    if (e) sum.enforce += w;
    if (c) sum.clear += w;
    if (e || c) {
      sum.automated += w;
      if (isGray?.[i] === 1) sum.autoGray += w;
    } else sum.human += w;
    if (positive) {
      sum.positive += w;
      if (c) sum.clearPositive += w;
      if (e) sum.enforcePositive += w;
    }
  }
  const enforceShare = plainRatio(sum.enforce, sum.all, 'no items');
  const automationRate = plainRatio(sum.automated, sum.all, 'no items');
  const sideEstimate = (side: TriageSide, sense: 'lower' | 'upper', none: string): Estimate & { bound: OneSidedBound } => {
    const row = side.tests.find((r) => r.status === 'rejected' && r.threshold === side.threshold);
    const bound: OneSidedBound = {
      value: row?.bound ?? null,
      side: sense,
      confidence: 1 - delta / 2,
      method: kornGraubard ? 'korn-graubard' : 'clopper-pearson',
    };
    return row?.estimate === null || row === undefined ? { value: null, reason: none, bound } : { value: row.estimate, bound };
  };
  const result: TriageResult = {
    mode,
    delta,
    guarantee: guaranteeNote(design !== undefined, kornGraubard),
    enforce: enforceSide,
    clear: clearSide,
    items: count,
    undecidedItems: count - decidedCount,
    automationRate,
    enforceShare,
    clearShare: plainRatio(sum.clear, sum.all, 'no items'),
    humanShare: plainRatio(sum.human, sum.all, 'no items'),
    enforcePrecision: sideEstimate(enforceSide, 'lower', 'no threshold certified: nothing is auto-enforced'),
    falseClearRate: sideEstimate(clearSide, 'upper', 'no threshold certified: nothing is auto-cleared'),
    spamLeakRate: plainRatio(sum.clearPositive, sum.positive, 'no gold positives'),
    enforceRecall: plainRatio(sum.enforcePositive, sum.positive, 'no gold positives'),
    grayShareAutoActioned: plainRatio(sum.autoGray, sum.automated, 'nothing is auto-actioned'),
  };
  if (options.savings !== undefined) result.savings = savingsOf(result, options.savings);
  return result;
}

function guaranteeNote(weighted: boolean, kornGraubard: boolean): TriageResult['guarantee'] {
  const scope = 'for items exchangeable with the golden set (same queue, same period); re-certify on fresh labels after drift';
  if (kornGraubard) {
    return {
      method: 'korn-graubard',
      approximate: true,
      note: `approximate: Korn–Graubard bounds on production-weighted estimates (METHODS §4.5), ${scope}`,
    };
  }
  return {
    method: 'exact-binomial',
    approximate: false,
    note: weighted
      ? `exact binomial test on the unweighted golden-set counts: it certifies the sample, which is stratified, not production; ${scope}`
      : `exact one-sided binomial test (Clopper–Pearson) at δ/2 per side, ${scope}`,
  };
}

function savingsOf(result: TriageResult, s: NonNullable<TriageOptions['savings']>): TriageSavings {
  const automation = result.automationRate.value ?? 0;
  const enforceShare = result.enforceShare.value ?? 0;
  const automatedPerDay = s.dailyVolume * automation;
  const reviewerHoursPerDay = (automatedPerDay * s.handleTimeSeconds) / 3600;
  const precision = result.enforcePrecision;
  // nothing enforced ⇒ no wrongful enforcement; otherwise undefined precision stays undefined
  const wrongful = (p: number | null): number | null =>
    enforceShare === 0 ? 0 : p === null ? null : s.dailyVolume * enforceShare * (1 - p);
  const leak = result.falseClearRate.value;
  return {
    automatedPerDay,
    reviewerHoursPerDay,
    costPerDay: s.costPerHour === undefined ? null : reviewerHoursPerDay * s.costPerHour,
    wrongfulEnforcementsPerDay: { value: wrongful(precision.value), upper: wrongful(precision.bound.value) },
    spamLeaksPerDay: (result.clearShare.value ?? 0) === 0 ? 0 : leak === null ? null : s.dailyVolume * (result.clearShare.value ?? 0) * leak,
  };
}
