/**
 * Cost view of spam decisions, with λ = the cost of a false positive (ham actioned) relative to a
 * false negative (spam let through) — the anti-spam literature's convention:
 *
 * - Androutsopoulos, Koutsias, Chandrinos, Paliouras & Spyropoulos (2000), "An evaluation of
 *   naive Bayesian anti-spam filtering" (ECML 2000 workshop on Machine Learning in the New
 *   Information Age): each ham counts λ times; weighted accuracy
 *   WAcc = (λ·TN + TP)/(λ·N_ham + N_spam), weighted error WErr = (λ·FP + FN)/(λ·N_ham + N_spam),
 *   the no-filter baseline WErr_b = N_spam/(λ·N_ham + N_spam), and the total cost ratio
 *   TCR = WErr_b/WErr = N_spam/(λ·FP + FN); they used λ = 1, 9, 999.
 * - SpamAssassin's mass-check statistics print the same TCR with λ = 50, "TCR(l=50)"
 *   (rulesrc/scores/stats-set*): TCR > 1 means the filter beats having none.
 *
 * Counts are weighted sums; decisions are s ≥ threshold.
 */
import { binaryConfusion, type ConfusionCounts } from './confusion.js';
import { binaryClfCurve, type BinaryClfCurve, type CurveThreshold } from './curves.js';
import { undefinedEstimate, type Estimate, type Maybe } from './estimate.js';
import { IN_SAMPLE_CAUTION } from './operating-points.js';

export interface CostOptions {
  /** Cost of one false positive in units of one false negative (λ > 0). */
  lambda: number;
  weights?: ArrayLike<number>;
}

export interface CostView {
  lambda: number;
  falsePositives: number;
  falseNegatives: number;
  spam: number;
  ham: number;
  /** λ·FP + FN, in units of one missed spam. */
  cost: number;
  weightedError: Estimate;
  weightedAccuracy: Estimate;
  /** WErr of no filter at all (every spam missed). */
  baselineWeightedError: Estimate;
  /** TCR = N_spam/(λ·FP + FN); null when there are no errors (infinite). */
  totalCostRatio: Estimate;
}

function checkLambda(lambda: number): void {
  if (!(lambda > 0 && Number.isFinite(lambda))) throw new RangeError(`lambda must be a positive number, got ${lambda}`);
}

/** The cost view of the decisions actually taken (e.g. at the operating threshold). */
export function costAtDecisions(
  gold: ArrayLike<boolean>,
  predicted: ArrayLike<boolean>,
  options: CostOptions,
): CostView {
  checkLambda(options.lambda);
  return costAtCounts(binaryConfusion(gold, predicted, options.weights), options.lambda);
}

/** `costAtDecisions` from the (weighted) confusion counts of the decisions. */
export function costAtCounts(c: ConfusionCounts, lambda: number): CostView {
  checkLambda(lambda);
  const spam = c.tp + c.fn;
  const ham = c.fp + c.tn;
  const cost = lambda * c.fp + c.fn;
  const scale = lambda * ham + spam;
  const noItems = undefinedEstimate('no items (or all weights 0)');
  return {
    lambda,
    falsePositives: c.fp,
    falseNegatives: c.fn,
    spam,
    ham,
    cost,
    weightedError: scale > 0 ? { value: cost / scale } : noItems,
    weightedAccuracy: scale > 0 ? { value: 1 - cost / scale } : noItems,
    baselineWeightedError: scale > 0 ? { value: spam / scale } : noItems,
    totalCostRatio:
      cost > 0 ? { value: spam / cost } : undefinedEstimate('no errors: the total cost ratio is infinite'),
  };
}

export interface CostChoice {
  /** '+Infinity' = act on nothing (every score below the threshold). */
  threshold: CurveThreshold;
  cost: number;
  falsePositives: number;
  falseNegatives: number;
  inSample: true;
  caution: string;
}

/**
 * The threshold minimising λ·FP + FN over "act on nothing" and every distinct score (ties → the
 * higher threshold, which actions less). Chosen on the set it is measured on, hence optimistic.
 */
export function costMinimisingThreshold(
  gold: ArrayLike<boolean>,
  scores: ArrayLike<number>,
  options: CostOptions,
): Maybe<CostChoice> {
  checkLambda(options.lambda);
  return costMinimisingFromCurve(binaryClfCurve(gold, scores, options.weights), options.lambda);
}

/** `costMinimisingThreshold` on a curve already built. */
export function costMinimisingFromCurve(curve: BinaryClfCurve, lambda: number): Maybe<CostChoice> {
  checkLambda(lambda);
  if (!(curve.positives + curve.negatives > 0)) return { value: null, reason: 'no items (or all weights 0)' };
  // the index of the cheapest point (−1: act on nothing); the first one wins a tie
  let bestIndex = -1;
  let bestCost = curve.positives;
  const { fps, tps, thresholds, positives } = curve;
  for (let k = 0; k < thresholds.length; k++) {
    const cost = lambda * (fps[k] ?? 0) + (positives - (tps[k] ?? 0));
    if (cost < bestCost) {
      bestCost = cost;
      bestIndex = k;
    }
  }
  const best: CostChoice =
    bestIndex < 0
      ? { threshold: '+Infinity', cost: bestCost, falsePositives: 0, falseNegatives: positives, inSample: true, caution: IN_SAMPLE_CAUTION }
      : {
          threshold: thresholds[bestIndex] ?? 0,
          cost: bestCost,
          falsePositives: fps[bestIndex] ?? 0,
          falseNegatives: positives - (tps[bestIndex] ?? 0),
          inSample: true,
          caution: IN_SAMPLE_CAUTION,
        };
  return { value: best };
}
