import { binomialCdf, clopperPearsonLower, clopperPearsonUpper, kishEffectiveSizeFromSums } from './intervals.js';
import { designRatio, type SamplingDesign } from './prevalence.js';

/**
 * Fixed-sequence testing of one triage side (METHODS §4.2–4.3): thresholds in a pre-declared
 * order, strictest first; each tested at level α = δ/2 while the previous one was rejected.
 * Because the order is fixed before the labels are seen, the family-wise error stays ≤ α without
 * splitting it across thresholds, and non-monotone precision simply stops the sequence.
 */

export type ThresholdStatus = 'skipped_before_start' | 'rejected' | 'not_rejected_stop' | 'not_tested_after_stop';

export interface ThresholdTest {
  /** null for a label-only candidate (the one operating point: its own decisions). */
  threshold: number | null;
  /** Items selected (score ≥ t to enforce, score < t to clear), unweighted. */
  selected: number;
  /** False positives (enforce) or positives (clear) among them, unweighted. */
  errors: number;
  /** Precision (enforce) or false-clear rate (clear); weighted with a design. */
  estimate: number | null;
  /** One-sided bound at 1 − δ/2: CP lower for precision, CP upper for the false-clear rate. */
  bound: number | null;
  /** Exact binomial p-value of H: target missed; null when the bound is Korn–Graubard. */
  pValue: number | null;
  status: ThresholdStatus;
}

export interface ItemsNeeded {
  /** The threshold the projection is for: where the sequence stopped (or the loosest). */
  threshold: number | null;
  /**
   * The error rate the projection holds fixed — the same estimate the guarantee tests: the
   * production-weighted rate under Korn–Graubard, the unweighted errors ÷ selected otherwise.
   */
  errorRate: number | null;
  /** Whether `errorRate` and the effective sizes are weighted (Korn–Graubard guarantee). */
  weighted: boolean;
  /** Smallest number of selected items, at the observed error rate, whose bound would pass. */
  selectedNeeded: number | null;
  /** Weighted: the Kish effective size that `selectedNeeded` stands for (the bound's n). */
  effectiveNeeded?: number;
  /** The same in labeled items, at the observed selection share, and how many more that is. */
  labeledNeeded: number | null;
  additionalLabeled: number | null;
  reason?: string;
}

export interface TriageSide {
  side: 'enforce' | 'clear';
  target: number;
  /** n_min = the fewest selected items with which an error-free set could pass. */
  startMinimum: number;
  threshold: number | null;
  certified: boolean;
  reason?: string;
  thresholdWithoutStartRule: number | null;
  tests: ThresholdTest[];
  itemsNeeded?: ItemsNeeded;
}

/** Smallest n for which an error-free selection passes the exact test at level α. */
export function startMinimum(target: number, alpha: number): number {
  let n = Math.max(1, Math.ceil(Math.log(alpha) / Math.log(target)));
  // The closed form can land one off through rounding; settle it on the test itself.
  while (n > 1 && binomialCdf(0, n - 1, 1 - target) <= alpha) n -= 1;
  while (binomialCdf(0, n, 1 - target) > alpha) n += 1;
  return n;
}

export interface SideSpec {
  side: 'enforce' | 'clear';
  /** p_E, or 1 − q_C: the "good" rate the side certifies from below. */
  good: number;
  target: number;
  thresholds: readonly (number | null)[];
  /** Whether item i is selected at threshold t. */
  select: (i: number, t: number | null) => boolean;
  /** Whether item i, once selected, is an error (a negative enforced, a positive cleared). */
  isError: (i: number) => boolean;
  /**
   * Optional shortcut for the unweighted test: the same (selected, errors) counts `select` and
   * `isError` give at threshold t, computed without a pass over the items.
   */
  counts?: (t: number | null) => { selected: number; errors: number };
}

export interface SequenceContext {
  /** Items, numbered 0 … count − 1. */
  count: number;
  alpha: number;
  design: SamplingDesign | undefined;
  kornGraubard: boolean;
  startRule: boolean;
  weightOf: (i: number) => number;
  /** Items either side could select: the base of the labeled-items projection. */
  decidedCount: number;
}

/** Tests one side's thresholds in order and reports every row, τ, and what is missing if none passed. */
export function fixedSequenceTest(spec: SideSpec, ctx: SequenceContext): TriageSide {
  const { count: n, alpha } = ctx;
  const nMin = startMinimum(spec.good, alpha);
  const enforce = spec.side === 'enforce';
  // per-threshold selections, reused: one pass over the items per threshold, no allocation
  const chosen = new Uint8Array(n);
  const hits = new Uint8Array(n);
  const rows = spec.thresholds.map((threshold) => {
    const counted = ctx.design === undefined ? spec.counts?.(threshold) : undefined;
    let selected = counted?.selected ?? 0;
    let errors = counted?.errors ?? 0;
    // Kish's n_eff of the selected weights, summed in item order (the start rule may look at
    // scores and weights, never at labels)
    let weightSum = 0;
    let weightSumSq = 0;
    if (counted === undefined) {
      for (let i = 0; i < n; i++) {
        if (!spec.select(i, threshold)) {
          chosen[i] = 0;
          hits[i] = 0;
          continue;
        }
        const isError = spec.isError(i);
        chosen[i] = 1;
        selected += 1;
        if (isError) errors += 1;
        // enforce: precision = selected non-errors ÷ selected; clear: false-clear rate = errors ÷ selected
        hits[i] = isError !== enforce ? 1 : 0;
        if (ctx.design !== undefined) {
          const w = ctx.weightOf(i);
          weightSum += w;
          weightSumSq += w * w;
        }
      }
    }
    const start = ctx.design === undefined ? selected : kishEffectiveSizeFromSums(weightSum, weightSumSq);
    let estimate: number | null = selected === 0 ? null : (enforce ? selected - errors : errors) / selected;
    let bound: number | null = null;
    let pValue: number | null = null;
    let nEff: number | null = null;
    if (ctx.design !== undefined) {
      const r = designRatio(hits, chosen, ctx.design, { zeroReason: 'nothing selected', interval: false });
      estimate = r.value;
      nEff = r.effectiveDenominator ?? 0;
      if (ctx.kornGraubard && r.value !== null) {
        const x = Math.min(r.value * nEff, nEff);
        bound = enforce ? clopperPearsonLower(x, nEff, 1 - alpha) : clopperPearsonUpper(x, nEff, 1 - alpha);
      }
    }
    if (!ctx.kornGraubard) {
      pValue = selected === 0 ? 1 : binomialCdf(errors, selected, 1 - spec.good);
      if (selected > 0) {
        bound = enforce
          ? clopperPearsonLower(selected - errors, selected, 1 - alpha)
          : clopperPearsonUpper(errors, selected, 1 - alpha);
      }
    }
    const passes = ctx.kornGraubard
      ? bound !== null && (enforce ? bound >= spec.target : bound <= spec.target)
      : (pValue ?? 1) <= alpha;
    return { threshold, selected, errors, estimate, bound, pValue, passes, start, nEff };
  });
  const run = (useStart: boolean): { statuses: ThresholdStatus[]; last: number } => {
    const statuses: ThresholdStatus[] = [];
    let phase: 'skip' | 'test' | 'stopped' = useStart ? 'skip' : 'test';
    let last = -1;
    rows.forEach((row, k) => {
      if (phase === 'skip' && row.start >= nMin) phase = 'test';
      if (phase === 'skip') statuses.push('skipped_before_start');
      else if (phase === 'stopped') statuses.push('not_tested_after_stop');
      else if (row.passes) {
        statuses.push('rejected');
        last = k;
      } else {
        statuses.push('not_rejected_stop');
        phase = 'stopped';
      }
    });
    return { statuses, last };
  };
  const main = run(ctx.startRule);
  const plain = run(false);
  const chosenRow = rows[main.last];
  const result: TriageSide = {
    side: spec.side,
    target: spec.target,
    startMinimum: nMin,
    threshold: chosenRow?.threshold ?? null,
    certified: chosenRow !== undefined,
    thresholdWithoutStartRule: rows[plain.last]?.threshold ?? null,
    tests: rows.map(({ passes: _p, start: _s, nEff: _n, ...row }, k) => ({ ...row, status: main.statuses[k] ?? 'not_tested_after_stop' })),
  };
  if (chosenRow === undefined) {
    const stopAt = main.statuses.indexOf('not_rejected_stop');
    const ref = rows[stopAt >= 0 ? stopAt : rows.length - 1];
    const what = spec.side === 'enforce' ? `precision ≥ ${spec.target}` : `false-clear rate ≤ ${spec.target}`;
    result.reason =
      ref === undefined
        ? 'the threshold grid is empty'
        : stopAt >= 0
          ? `the first threshold tested (${ref.threshold ?? 'its decisions'}: ${ref.selected} items, ${ref.errors} errors, bound ${ref.bound === null ? 'none' : prose(ref.bound)}) does not certify ${what}`
          : `no threshold selects the n_min = ${nMin} items with which even an error-free set could certify ${what}; the loosest selects ${ref.selected}`;
    if (ref !== undefined) result.itemsNeeded = itemsNeeded(ref, spec, alpha, ctx.decidedCount, ctx.kornGraubard);
  }
  return result;
}

/** A number in a sentence: three significant digits, not a float's seventeen. */
function prose(x: number): string {
  return String(Number(x.toPrecision(3)));
}

/**
 * Projection, not a promise: holding the observed error rate r fixed, the smallest N whose
 * one-sided CP bound passes (fractional error counts allowed, so the bound is monotone in N);
 * r = 0 gives n_min. Impossible when r itself misses the target. It uses the estimate the
 * guarantee tests: under Korn–Graubard the weighted rate and N in Kish effective items, turned
 * back into selected items at the observed design effect (selected ÷ n_eff); otherwise the
 * unweighted counts.
 */
function itemsNeeded(
  row: { threshold: number | null; selected: number; errors: number; estimate: number | null; nEff: number | null },
  spec: Pick<SideSpec, 'good' | 'side'>,
  alpha: number,
  population: number,
  weighted: boolean,
): ItemsNeeded {
  const rate = !weighted
    ? row.selected === 0 ? 0 : row.errors / row.selected
    : row.estimate === null ? 0 : spec.side === 'enforce' ? 1 - row.estimate : row.estimate;
  const base = { threshold: row.threshold, errorRate: row.selected === 0 ? null : rate, weighted, selectedNeeded: null, labeledNeeded: null, additionalLabeled: null };
  const which = weighted ? 'weighted error rate' : 'error rate';
  if (rate >= 1 - spec.good) return { ...base, reason: `the observed ${which} ${prose(rate)} already misses the target` };
  const passes = (n: number): boolean => clopperPearsonLower((1 - rate) * n, n, 1 - alpha) >= spec.good;
  let hi = 1;
  while (!passes(hi)) {
    if (hi > 1e9) return { ...base, reason: 'more than 10^9 items would be needed' };
    hi *= 2;
  }
  let lo = hi === 1 ? 0 : hi / 2;
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (passes(mid)) hi = mid;
    else lo = mid;
  }
  if (row.selected === 0) return { ...base, selectedNeeded: hi, reason: 'no item reaches this threshold, so the labeled total cannot be projected' };
  const designEffect = weighted && row.nEff !== null && row.nEff > 0 ? row.selected / row.nEff : 1;
  const selectedNeeded = weighted ? Math.ceil(hi * designEffect) : hi;
  const labeledNeeded = Math.ceil((selectedNeeded * population) / row.selected);
  return {
    ...base,
    selectedNeeded,
    ...(weighted ? { effectiveNeeded: hi } : {}),
    labeledNeeded,
    additionalLabeled: Math.max(0, labeledNeeded - population),
  };
}
