/**
 * Every threshold metric of a binary (spam vs not) evaluation in one object — what the report's
 * classification section shows. Proportions carry Wilson intervals; F1 (not a proportion) carries
 * a seeded percentile-bootstrap interval whose seed and dropped-replicate count are reported.
 */
import {
  cellSumsDistribution,
  chooseCountResampling,
  DEFAULT_BOOTSTRAP_REPLICATES,
  DEFAULT_BOOTSTRAP_SEED,
  multinomialCountsDistribution,
  percentileInterval,
  type BootstrapInterval,
  type BootstrapOptions,
} from './bootstrap.js';
import {
  accuracyScore,
  balancedAccuracyScore,
  falseDiscoveryRate,
  falseNegativeRate,
  falseOmissionRate,
  falsePositiveRate,
  fbetaScore,
  fbetaValue,
  matthewsCorrcoef,
  negativePredictiveValue,
  precisionScore,
  recallScore,
  specificityScore,
  NO_ITEMS,
} from './classification.js';
import {
  binaryConfusion,
  binaryConfusionFromCells,
  binaryConfusionFromCounts,
  confusionCells,
  type BinaryConfusion,
  type ConfusionCells,
  type ConfusionCounts,
} from './confusion.js';
import { ratioEstimate, type Estimate } from './estimate.js';

export interface FbetaBootstrapOptions extends BootstrapOptions {
  beta?: number;
  weights?: ArrayLike<number>;
}

/**
 * Percentile-bootstrap interval of F-beta. Weighted or stratified sets resample items (within
 * strata if given), summing per-item weights into the item's cell as it draws. An
 * unweighted, unstratified set resamples items up to `MULTINOMIAL_MIN_DRAWS` item draws and
 * above that draws each replicate's four counts from their multinomial law — the same
 * distribution for a statistic of the counts, O(1) per replicate; `options.resampling` forces
 * either. Replicates with TP = FP = FN = 0 are dropped and counted. The interval's `resampling`
 * says which was used.
 */
export function fbetaBootstrapInterval(
  gold: ArrayLike<boolean>,
  predicted: ArrayLike<boolean>,
  options: FbetaBootstrapOptions = {},
): BootstrapInterval | null {
  return fbetaBootstrap(gold.length, options, {
    counts: () => binaryConfusion(gold, predicted),
    cells: () => confusionCells(gold, predicted, options.weights),
  });
}

/**
 * `fbetaBootstrapInterval` of items given as cell codes: the same interval, for the same seed, as
 * for the gold and predicted arrays the codes were made from (with `cells.weight` as the
 * weights). A weighted set resamples items, as there.
 */
export function fbetaBootstrapIntervalFromCells(
  cells: ConfusionCells,
  options: Omit<FbetaBootstrapOptions, 'weights'> = {},
): BootstrapInterval | null {
  const weighted = cells.weight === null ? options : { ...options, weights: cells.weight };
  return fbetaBootstrap(cells.cell.length, weighted, { counts: () => binaryConfusionFromCells(cells), cells: () => cells });
}

function fbetaBootstrap(
  n: number,
  options: FbetaBootstrapOptions,
  items: { counts: () => ConfusionCounts; cells: () => ConfusionCells },
): BootstrapInterval | null {
  const beta = options.beta ?? 1;
  const replicates = options.replicates ?? DEFAULT_BOOTSTRAP_REPLICATES;
  const confidence = options.confidence ?? 0.95;
  const countsOnly = options.weights === undefined && options.strata === undefined;
  if (!countsOnly && options.resampling === 'multinomial-counts') {
    throw new RangeError('multinomial-counts resampling applies to unweighted, unstratified sets only');
  }
  const resampling = countsOnly ? chooseCountResampling(n, replicates, options.resampling) : 'items';
  const counts: ConfusionCounts = { tp: 0, fp: 0, fn: 0, tn: 0 };
  const fbetaOf = (vector: Float64Array) => {
    counts.tp = vector[0] ?? 0;
    counts.fp = vector[1] ?? 0;
    counts.fn = vector[2] ?? 0;
    counts.tn = vector[3] ?? 0;
    return fbetaValue(counts, beta);
  };
  const stream = { replicates, seed: options.seed ?? DEFAULT_BOOTSTRAP_SEED };
  if (resampling === 'multinomial-counts') {
    const c = items.counts();
    return percentileInterval(multinomialCountsDistribution([c.tp, c.fp, c.fn, c.tn], fbetaOf, stream), confidence);
  }
  const cells = items.cells();
  const distribution = cellSumsDistribution(
    cells.cell,
    cells.weight,
    4,
    fbetaOf,
    options.strata === undefined ? stream : { ...stream, strata: options.strata },
  );
  return percentileInterval(distribution, confidence);
}

export interface ClassificationReportOptions {
  weights?: ArrayLike<number>;
  /** Also report F-beta at this beta (e.g. 0.5 for enforcement), besides F1. */
  beta?: number;
  confidence?: number;
  /** Bootstrap settings for the F1 (and F-beta) interval; `false` skips the bootstrap. */
  bootstrap?: BootstrapOptions | false;
}

export interface ClassificationReport {
  confusion: BinaryConfusion;
  /** Weighted gold positives, negatives, their sum, and the unweighted item count. */
  support: { positives: number; negatives: number; total: number; items: number };
  /** Share of gold positives (the AP baseline). */
  prevalence: Estimate;
  predictedPositiveRate: Estimate;
  precision: Estimate;
  recall: Estimate;
  f1: Estimate;
  fbeta?: { beta: number; estimate: Estimate };
  accuracy: Estimate;
  specificity: Estimate;
  falsePositiveRate: Estimate;
  falseNegativeRate: Estimate;
  negativePredictiveValue: Estimate;
  falseOmissionRate: Estimate;
  falseDiscoveryRate: Estimate;
  balancedAccuracy: Estimate;
  matthewsCorrcoef: Estimate;
}

/** F-beta with its bootstrap interval, unless the bootstrap is off or F-beta undefined. */
function withBootstrap(
  estimate: Estimate,
  beta: number,
  options: ClassificationReportOptions,
  interval: (options: FbetaBootstrapOptions) => BootstrapInterval | null,
): Estimate {
  if (estimate.value === null || options.bootstrap === false) return estimate;
  const ci = interval({
    ...options.bootstrap,
    beta,
    confidence: options.bootstrap?.confidence ?? options.confidence ?? 0.95,
    ...(options.weights ? { weights: options.weights } : {}),
  });
  return ci ? { ...estimate, ci } : estimate;
}

export function classificationReport(
  gold: ArrayLike<boolean>,
  predicted: ArrayLike<boolean>,
  options: ClassificationReportOptions = {},
): ClassificationReport {
  return reportOf(binaryConfusion(gold, predicted, options.weights), options, (o) => fbetaBootstrapInterval(gold, predicted, o));
}

/**
 * `classificationReport` of items given as cell codes (index into `CELL_ORDER`, per-item weights
 * in `cells.weight`): the same report, bootstrap included, as for the arrays the codes were made
 * from — a columnar caller needs no boolean arrays.
 */
export function classificationReportFromCells(
  cells: ConfusionCells,
  options: Omit<ClassificationReportOptions, 'weights'> = {},
): ClassificationReport {
  const weighted = cells.weight === null ? options : { ...options, weights: cells.weight };
  return reportOf(binaryConfusionFromCells(cells), weighted, ({ weights: _weights, ...o }) => fbetaBootstrapIntervalFromCells(cells, o));
}

/** `classificationReport` of plain (unweighted) counts; no bootstrap, which needs the items. */
export function classificationReportFromCounts(
  counts: ConfusionCounts,
  options: Omit<ClassificationReportOptions, 'weights' | 'bootstrap'> = {},
): ClassificationReport {
  return reportOf(binaryConfusionFromCounts(counts), { ...options, bootstrap: false }, () => null);
}

function reportOf(
  c: BinaryConfusion,
  options: ClassificationReportOptions,
  interval: (options: FbetaBootstrapOptions) => BootstrapInterval | null,
): ClassificationReport {
  const confidence = options.confidence ?? 0.95;
  const positives = c.tp + c.fn;
  const negatives = c.fp + c.tn;
  const sumSq = c.sumSq.tp + c.sumSq.fn + c.sumSq.fp + c.sumSq.tn;
  const share = (numerator: number) =>
    ratioEstimate(numerator, positives + negatives, { zeroReason: NO_ITEMS, denominatorSumSq: sumSq, confidence });
  const report: ClassificationReport = {
    confusion: c,
    support: { positives, negatives, total: positives + negatives, items: c.items },
    prevalence: share(positives),
    predictedPositiveRate: share(c.tp + c.fp),
    precision: precisionScore(c, confidence),
    recall: recallScore(c, confidence),
    f1: withBootstrap(fbetaScore(c, 1), 1, options, interval),
    accuracy: accuracyScore(c, confidence),
    specificity: specificityScore(c, confidence),
    falsePositiveRate: falsePositiveRate(c, confidence),
    falseNegativeRate: falseNegativeRate(c, confidence),
    negativePredictiveValue: negativePredictiveValue(c, confidence),
    falseOmissionRate: falseOmissionRate(c, confidence),
    falseDiscoveryRate: falseDiscoveryRate(c, confidence),
    balancedAccuracy: balancedAccuracyScore(c),
    matthewsCorrcoef: matthewsCorrcoef(c),
  };
  if (options.beta !== undefined && options.beta !== 1) {
    report.fbeta = {
      beta: options.beta,
      estimate: withBootstrap(fbetaScore(c, options.beta), options.beta, options, interval),
    };
  }
  return report;
}
