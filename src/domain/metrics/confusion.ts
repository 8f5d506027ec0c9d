/**
 * Confusion counts. Convention (scikit-learn's): rows are the gold (true) label, columns the
 * predicted label, both in the order of the label list given — for a golden set, the
 * manifest's `labels`. Counts are weighted sums Σw (sklearn `sample_weight`); each cell also
 * keeps Σw² so that weighted intervals can use Kish's effective sample size.
 */
import { checkSameLength, checkWeights } from './check-inputs.js';

/** The four cells of a binary (positive = spam) confusion matrix, weighted. */
export interface ConfusionCounts {
  tp: number;
  fp: number;
  fn: number;
  tn: number;
}

export interface BinaryConfusion extends ConfusionCounts {
  kind: 'binary';
  /** Σw² per cell (equal to the counts without weights). */
  sumSq: ConfusionCounts;
  /** Number of items, unweighted. */
  items: number;
}

export interface ConfusionMatrix {
  kind: 'multiclass';
  /** Row and column order. */
  labels: readonly string[];
  /** counts[gold][predicted], weighted. */
  counts: number[][];
  /** Σw² per cell. */
  sumSq: number[][];
  /** Σw over all items. */
  total: number;
  items: number;
}

/** The cell an item falls in, given whether it is gold positive and predicted positive. */
export function cellOf(goldPositive: boolean, predictedPositive: boolean): keyof ConfusionCounts {
  if (goldPositive) return predictedPositive ? 'tp' : 'fn';
  return predictedPositive ? 'fp' : 'tn';
}

/** Decisions ŷ = 1[s ≥ t] (METHODS: ≥ everywhere, so a score equal to the threshold acts). */
export function predictPositive(scores: ArrayLike<number>, threshold: number): boolean[] {
  return Array.from(scores, (s) => s >= threshold);
}

export function binaryConfusion(
  gold: ArrayLike<boolean>,
  predicted: ArrayLike<boolean>,
  weights?: ArrayLike<number>,
): BinaryConfusion {
  const counts: ConfusionCounts = { tp: 0, fp: 0, fn: 0, tn: 0 };
  const sumSq: ConfusionCounts = { tp: 0, fp: 0, fn: 0, tn: 0 };
  forEachItem(gold, predicted, weights, (cell, w) => {
    counts[cell] += w;
    sumSq[cell] += w * w;
  });
  return { kind: 'binary', ...counts, sumSq, items: gold.length };
}

/** Checks the arrays, then visits every item with its cell and weight. */
function forEachItem(
  gold: ArrayLike<boolean>,
  predicted: ArrayLike<boolean>,
  weights: ArrayLike<number> | undefined,
  visit: (cell: keyof ConfusionCounts, weight: number, index: number) => void,
): void {
  const n = gold.length;
  checkSameLength('predicted', n, predicted);
  checkWeights(weights, n);
  for (let i = 0; i < n; i++) visit(cellOf(gold[i] === true, predicted[i] === true), weights?.[i] ?? 1, i);
}

/** A binary confusion from plain (unweighted) counts. */
export function binaryConfusionFromCounts(counts: ConfusionCounts): BinaryConfusion {
  for (const [cell, value] of Object.entries(counts)) {
    if (!Number.isInteger(value) || value < 0) throw new RangeError(`${cell} must be a count, got ${value}`);
  }
  return {
    kind: 'binary',
    ...counts,
    sumSq: { ...counts },
    items: counts.tp + counts.fp + counts.fn + counts.tn,
  };
}

/**
 * The binary confusion of items given as cell codes (`ConfusionCells`): the same counts, Σw² and
 * item count `binaryConfusion` gives for the gold and predicted arrays the codes were made from,
 * summed in the same order.
 */
export function binaryConfusionFromCells(cells: ConfusionCells): BinaryConfusion {
  const { cell, weight } = cells;
  const n = cell.length;
  checkWeights(weight ?? undefined, n);
  const counts: ConfusionCounts = { tp: 0, fp: 0, fn: 0, tn: 0 };
  const sumSq: ConfusionCounts = { tp: 0, fp: 0, fn: 0, tn: 0 };
  if (weight === null) {
    // unweighted: Σw and Σw² are both the count of each code
    const tally = new Float64Array(4);
    for (let i = 0; i < n; i++) {
      const code = cell[i] ?? 0;
      if (code > 3) throw new RangeError(`cell code ${code} of item ${i} is not one of 0–3 (tp, fp, fn, tn)`);
      tally[code] = (tally[code] ?? 0) + 1;
    }
    CELL_ORDER.forEach((name, code) => {
      counts[name] = tally[code] ?? 0;
      sumSq[name] = tally[code] ?? 0;
    });
  } else {
    for (let i = 0; i < n; i++) {
      const name = CELL_ORDER[cell[i] ?? 0];
      if (name === undefined) throw new RangeError(`cell code ${cell[i]} of item ${i} is not one of 0–3 (tp, fp, fn, tn)`);
      const w = weight[i] ?? 1;
      counts[name] += w;
      sumSq[name] += w * w;
    }
  }
  return { kind: 'binary', ...counts, sumSq, items: n };
}

/** The cell code (index into `CELL_ORDER`) of an item. */
export function cellCode(goldPositive: boolean, predictedPositive: boolean): number {
  if (goldPositive) return predictedPositive ? 0 : 2;
  return predictedPositive ? 1 : 3;
}

/**
 * Multiclass confusion matrix over `labels` (rows = gold, columns = predicted). A gold or
 * predicted label outside the list is an error: the golden set and run loaders validate labels,
 * so reaching here with one means a caller bug.
 */
export function confusionMatrix(
  gold: readonly string[],
  predicted: readonly string[],
  labels: readonly string[],
  weights?: ArrayLike<number>,
): ConfusionMatrix {
  const n = gold.length;
  checkSameLength('predicted', n, predicted);
  checkWeights(weights, n);
  const index = new Map(labels.map((label, k) => [label, k]));
  if (index.size !== labels.length) throw new RangeError(`labels must be distinct: ${labels.join(', ')}`);
  const k = labels.length;
  const counts = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  const sumSq = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  let total = 0;
  for (let i = 0; i < n; i++) {
    const g = index.get(gold[i] ?? '');
    const p = index.get(predicted[i] ?? '');
    if (g === undefined) throw new RangeError(`gold label '${gold[i]}' of item ${i} is not one of: ${labels.join(', ')}`);
    if (p === undefined) {
      throw new RangeError(`predicted label '${predicted[i]}' of item ${i} is not one of: ${labels.join(', ')}`);
    }
    const w = weights?.[i] ?? 1;
    const row = counts[g];
    const rowSq = sumSq[g];
    if (row === undefined || rowSq === undefined) continue;
    row[p] = (row[p] ?? 0) + w;
    rowSq[p] = (rowSq[p] ?? 0) + w * w;
    total += w;
  }
  return { kind: 'multiclass', labels: [...labels], counts, sumSq, total, items: n };
}

/**
 * An unweighted multiclass confusion matrix from its counts (`counts[gold][predicted]`, in the
 * order of `labels`): what `confusionMatrix` returns for items with those counts, built without
 * the per-item label lookups.
 */
export function confusionMatrixFromCounts(counts: readonly (readonly number[])[], labels: readonly string[]): ConfusionMatrix {
  if (new Set(labels).size !== labels.length) throw new RangeError(`labels must be distinct: ${labels.join(', ')}`);
  const k = labels.length;
  if (counts.length !== k || counts.some((row) => row.length !== k)) {
    throw new RangeError(`counts must be ${k} × ${k}, one row and column per label`);
  }
  let total = 0;
  for (const row of counts) {
    for (const value of row) {
      if (!Number.isInteger(value) || value < 0) throw new RangeError(`counts must be counts, got ${value}`);
      total += value;
    }
  }
  return {
    kind: 'multiclass',
    labels: [...labels],
    counts: counts.map((row) => [...row]),
    // every weight is 1, so Σw² is the count
    sumSq: counts.map((row) => [...row]),
    total,
    items: total,
  };
}

/**
 * Class `k` against the rest, as a binary confusion. Cells are summed directly rather than
 * obtained by subtraction from margins, so weighted counts never come out as −1e-16.
 */
export function oneVsRest(matrix: ConfusionMatrix, k: number): BinaryConfusion {
  if (!Number.isInteger(k) || k < 0 || k >= matrix.labels.length) throw new RangeError(`no class ${k}`);
  const counts: ConfusionCounts = { tp: 0, fp: 0, fn: 0, tn: 0 };
  const sumSq: ConfusionCounts = { tp: 0, fp: 0, fn: 0, tn: 0 };
  matrix.counts.forEach((row, g) => {
    row.forEach((value, p) => {
      const cell = cellOf(g === k, p === k);
      counts[cell] += value;
      sumSq[cell] += matrix.sumSq[g]?.[p] ?? 0;
    });
  });
  return { kind: 'binary', ...counts, sumSq, items: matrix.items };
}

/** Gold (row) totals per class: the support. */
export function rowTotals(matrix: ConfusionMatrix): number[] {
  return matrix.counts.map((row) => row.reduce((a, b) => a + b, 0));
}

/** Predicted (column) totals per class. */
export function columnTotals(matrix: ConfusionMatrix): number[] {
  return matrix.labels.map((_, p) => matrix.counts.reduce((a, row) => a + (row[p] ?? 0), 0));
}

/**
 * Per-item weighted contributions to each cell, so that a resampled statistic sums arrays over
 * an index vector instead of rebuilding confusion objects (fast bootstrap).
 */
export interface ConfusionContributions {
  tp: Float64Array;
  fp: Float64Array;
  fn: Float64Array;
  tn: Float64Array;
}

export function confusionContributions(
  gold: ArrayLike<boolean>,
  predicted: ArrayLike<boolean>,
  weights?: ArrayLike<number>,
): ConfusionContributions {
  const n = gold.length;
  const out: ConfusionContributions = {
    tp: new Float64Array(n),
    fp: new Float64Array(n),
    fn: new Float64Array(n),
    tn: new Float64Array(n),
  };
  forEachItem(gold, predicted, weights, (cell, w, i) => {
    out[cell][i] = w;
  });
  return out;
}

/** The confusion counts of a resample (items listed with repeats), summed left to right. */
export function resampledCounts(contributions: ConfusionContributions, indices: ArrayLike<number>): ConfusionCounts {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  let tn = 0;
  for (let k = 0; k < indices.length; k++) {
    const i = indices[k] ?? 0;
    tp += contributions.tp[i] ?? 0;
    fp += contributions.fp[i] ?? 0;
    fn += contributions.fn[i] ?? 0;
    tn += contributions.tn[i] ?? 0;
  }
  return { tp, fp, fn, tn };
}

/** Cell codes of `ConfusionCells`, in the order of a counts vector [tp, fp, fn, tn]. */
export const CELL_ORDER = ['tp', 'fp', 'fn', 'tn'] as const;

/**
 * The compact per-item form of a binary confusion for resampling: one byte per item naming its
 * cell (index into `CELL_ORDER`) and, with weights, one float. A bootstrap over a million items
 * touches 1 MB of codes (plus 8 MB of weights) at random instead of four 8 MB contribution
 * arrays, so far fewer cache misses.
 */
export interface ConfusionCells {
  cell: Uint8Array;
  /** Per-item weight; null for an unweighted set (every weight 1). */
  weight: Float64Array | null;
}

export function confusionCells(
  gold: ArrayLike<boolean>,
  predicted: ArrayLike<boolean>,
  weights?: ArrayLike<number>,
): ConfusionCells {
  const n = gold.length;
  const cell = new Uint8Array(n);
  const weight = weights === undefined ? null : new Float64Array(n);
  forEachItem(gold, predicted, weights, (name, w, i) => {
    cell[i] = CELL_ORDER.indexOf(name);
    if (weight) weight[i] = w;
  });
  return { cell, weight };
}
