/**
 * Calibration of P(spam) scores (METHODS §3.6): reliability bins, expected / maximum calibration
 * error, Brier score and log loss. Bins are M = 10 equal-width, right-closed bins on [0, 1]:
 * [0, 0.1], (0.1, 0.2], …, (0.9, 1] — sklearn `calibration_curve(strategy='uniform')`.
 *
 * Calibration measured on an enriched set is not production calibration: pass production
 * weights. ECE is biased upward when bins hold few items — read it with the per-bin counts and
 * intervals, and do not compare ECEs across sets of very different size.
 */
import { checkBinaryScored, isPositiveAt, type BinaryLabels } from './check-inputs.js';
import { ratioEstimate, undefinedEstimate, type Estimate } from './estimate.js';

export const DEFAULT_CALIBRATION_BINS = 10;
/** sklearn's historical log-loss clipping; keeps a confident mistake finite (≈ 34.5 nats). */
export const LOG_LOSS_EPSILON = 1e-15;

const NO_WEIGHT = 'no items (or all weights 0)';

export interface CalibrationOptions {
  bins?: number;
  confidence?: number;
}

export interface ReliabilityBin {
  index: number;
  /** The bin is (low, high]; the first one also holds low = 0. */
  low: number;
  high: number;
  /** Items in the bin, unweighted. */
  count: number;
  /** Σw of the bin's items. */
  weight: number;
  /** Weighted mean score; null for an empty bin. */
  meanScore: number | null;
  /** Weighted share of gold positives, with a Wilson interval (Kish n_eff when weighted). */
  positiveShare: Estimate;
}

/** Right-closed equal-width bin of p: max(0, ⌈p·M⌉ − 1). */
export function calibrationBinIndex(p: number, bins: number): number {
  return Math.min(bins - 1, Math.max(0, Math.ceil(p * bins) - 1));
}

function checkBins(bins: number): void {
  if (!Number.isInteger(bins) || bins < 1) throw new RangeError(`bins must be a positive integer, got ${bins}`);
}

interface BinSums {
  count: number;
  weight: number;
  weightSq: number;
  score: number;
  hits: number;
}

const emptySums = (bins: number): BinSums[] => Array.from({ length: bins }, () => ({ count: 0, weight: 0, weightSq: 0, score: 0, hits: 0 }));

/** Adds an item of binned quantity `value`, outcome `hit` and weight `w` to its bin. */
function addToBin(sums: readonly BinSums[], bins: number, value: number, hit: boolean, w: number): void {
  const bin = sums[calibrationBinIndex(value, bins)];
  if (!bin) return;
  bin.count += 1;
  bin.weight += w;
  bin.weightSq += w * w;
  bin.score += w * value;
  if (hit) bin.hits += w;
}

/** Top label: the confidence max(s, 1 − s), against the accuracy of the decision 1[s ≥ 0.5]. */
const topLabelValue = (s: number): number => Math.max(s, 1 - s);
const topLabelHit = (s: number, positive: boolean): boolean => (s >= 0.5) === positive;

/** Per-bin sums of the binned quantity (the score, or the top-label confidence) and the outcome, weighted. */
function binSums(
  scores: ArrayLike<number>,
  kind: CalibrationErrorKind,
  gold: BinaryLabels,
  weights: ArrayLike<number> | undefined,
  bins: number,
): BinSums[] {
  const sums = emptySums(bins);
  const topLabel = kind === 'top-label';
  for (let i = 0; i < scores.length; i++) {
    const s = scores[i] ?? 0;
    const positive = isPositiveAt(gold, i);
    const w = weights?.[i] ?? 1;
    if (topLabel) addToBin(sums, bins, topLabelValue(s), topLabelHit(s, positive), w);
    else addToBin(sums, bins, s, positive, w);
  }
  return sums;
}

export function reliabilityBins(
  gold: BinaryLabels,
  scores: ArrayLike<number>,
  weights?: ArrayLike<number>,
  options: CalibrationOptions = {},
): ReliabilityBin[] {
  const bins = options.bins ?? DEFAULT_CALIBRATION_BINS;
  checkBins(bins);
  checkBinaryScored(gold, scores, weights, true);
  return binsOf(binSums(scores, 'positive-class', gold, weights, bins), bins, options);
}

function binsOf(sums: readonly BinSums[], bins: number, options: CalibrationOptions): ReliabilityBin[] {
  return sums.map((s, index) => ({
    index,
    low: index / bins,
    high: (index + 1) / bins,
    count: s.count,
    weight: s.weight,
    meanScore: s.weight > 0 ? s.score / s.weight : null,
    positiveShare: ratioEstimate(s.hits, s.weight, {
      zeroReason: 'empty bin',
      denominatorSumSq: s.weightSq,
      ...(options.confidence === undefined ? {} : { confidence: options.confidence }),
    }),
  }));
}

export type CalibrationErrorKind = 'positive-class' | 'top-label';

export interface CalibrationErrors {
  /** ECE = Σ_b (W_b/W)·|ȳ_b − p̄_b| over non-empty bins. */
  expected: Estimate;
  /** MCE = max_b |ȳ_b − p̄_b| over non-empty bins. */
  maximum: Estimate;
}

/**
 * Expected and maximum calibration error (Naeini et al. 2015; Guo et al. 2017). Two different
 * quantities share the name; say which:
 * - 'positive-class' (recommended, matches the reliability diagram): ȳ_b = spam share,
 *   p̄_b = mean P(spam) in bins of the score.
 * - 'top-label' (Guo et al.'s confidence ECE): confidence max(s, 1−s), binned, against the
 *   accuracy of the decision 1[s ≥ 0.5].
 */
export function calibrationErrors(
  gold: BinaryLabels,
  scores: ArrayLike<number>,
  weights?: ArrayLike<number>,
  options: CalibrationOptions & { kind?: CalibrationErrorKind } = {},
): CalibrationErrors {
  const bins = options.bins ?? DEFAULT_CALIBRATION_BINS;
  checkBins(bins);
  checkBinaryScored(gold, scores, weights, true);
  return errorsOf(binSums(scores, options.kind ?? 'positive-class', gold, weights, bins));
}

function errorsOf(sums: readonly BinSums[]): CalibrationErrors {
  const total = sums.reduce((a, s) => a + s.weight, 0);
  if (!(total > 0)) return { expected: undefinedEstimate(NO_WEIGHT), maximum: undefinedEstimate(NO_WEIGHT) };
  let expected = 0;
  let maximum = 0;
  for (const s of sums) {
    if (!(s.weight > 0)) continue;
    const gap = Math.abs(s.hits / s.weight - s.score / s.weight);
    expected += (s.weight / total) * gap;
    maximum = Math.max(maximum, gap);
  }
  return { expected: { value: expected }, maximum: { value: maximum } };
}

/** Brier score = Σw(s − y)²/Σw (sklearn `brier_score_loss`): a proper scoring rule, lower is better. */
export function brierScoreLoss(gold: BinaryLabels, scores: ArrayLike<number>, weights?: ArrayLike<number>): Estimate {
  checkBinaryScored(gold, scores, weights, true);
  return brierOf(gold, scores, weights);
}

function brierOf(gold: BinaryLabels, scores: ArrayLike<number>, weights: ArrayLike<number> | undefined): Estimate {
  return weightedMean(gold, (i) => brierLoss(scores[i] ?? 0, isPositiveAt(gold, i)), weights);
}

const brierLoss = (s: number, positive: boolean): number => {
  const d = s - (positive ? 1 : 0);
  return d * d;
};

/**
 * Log loss (cross-entropy, nats) = −Σw[y ln p + (1−y) ln(1−p)]/Σw with p clipped to
 * [ε, 1−ε], ε = 1e-15 (METHODS; sklearn ≤ 1.2's documented default — 1.2 itself switched to
 * float64 machine epsilon, so pass eps=1e-15 when comparing).
 */
export function logLoss(gold: BinaryLabels, scores: ArrayLike<number>, weights?: ArrayLike<number>): Estimate {
  checkBinaryScored(gold, scores, weights, true);
  return logLossOf(gold, scores, weights);
}

function logLossOf(gold: BinaryLabels, scores: ArrayLike<number>, weights: ArrayLike<number> | undefined): Estimate {
  return weightedMean(gold, (i) => crossEntropy(scores[i] ?? 0, isPositiveAt(gold, i)), weights);
}

const crossEntropy = (s: number, positive: boolean): number => {
  const p = Math.min(1 - LOG_LOSS_EPSILON, Math.max(LOG_LOSS_EPSILON, s));
  return -(positive ? Math.log(p) : Math.log(1 - p));
};

function weightedMean(gold: BinaryLabels, loss: (i: number) => number, weights?: ArrayLike<number>): Estimate {
  let sum = 0;
  let weight = 0;
  for (let i = 0; i < gold.length; i++) {
    const w = weights?.[i] ?? 1;
    sum += w * loss(i);
    weight += w;
  }
  return weight > 0 ? { value: sum / weight } : undefinedEstimate(NO_WEIGHT);
}

export interface CalibrationReport {
  bins: ReliabilityBin[];
  /** Positive-class ECE / MCE (the recommended pair). */
  expectedCalibrationError: Estimate;
  maximumCalibrationError: Estimate;
  /** Top-label (confidence) ECE / MCE, named so they are never confused with the above. */
  topLabelExpectedCalibrationError: Estimate;
  topLabelMaximumCalibrationError: Estimate;
  brierScoreLoss: Estimate;
  logLoss: Estimate;
}

export function calibrationReport(
  gold: BinaryLabels,
  scores: ArrayLike<number>,
  weights?: ArrayLike<number>,
  options: CalibrationOptions = {},
): CalibrationReport {
  const bins = options.bins ?? DEFAULT_CALIBRATION_BINS;
  checkBins(bins);
  checkBinaryScored(gold, scores, weights, true);
  // every sum in one pass over the items, each accumulated in item order as its own function
  // does; the reliability bins and the positive-class errors read the same sums
  const positiveSums = emptySums(bins);
  const topSums = emptySums(bins);
  let brier = 0;
  let crossEntropySum = 0;
  let weight = 0;
  for (let i = 0; i < scores.length; i++) {
    const s = scores[i] ?? 0;
    const positive = isPositiveAt(gold, i);
    const w = weights?.[i] ?? 1;
    addToBin(positiveSums, bins, s, positive, w);
    addToBin(topSums, bins, topLabelValue(s), topLabelHit(s, positive), w);
    brier += w * brierLoss(s, positive);
    crossEntropySum += w * crossEntropy(s, positive);
    weight += w;
  }
  const positive = errorsOf(positiveSums);
  const top = errorsOf(topSums);
  const mean = (sum: number): Estimate => (weight > 0 ? { value: sum / weight } : undefinedEstimate(NO_WEIGHT));
  return {
    bins: binsOf(positiveSums, bins, options),
    expectedCalibrationError: positive.expected,
    maximumCalibrationError: positive.maximum,
    topLabelExpectedCalibrationError: top.expected,
    topLabelMaximumCalibrationError: top.maximum,
    brierScoreLoss: mean(brier),
    logLoss: mean(crossEntropySum),
  };
}
