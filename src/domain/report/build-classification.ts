import type { BootstrapOptions } from '../metrics/bootstrap.js';
import { precisionScore, recallScore } from '../metrics/classification.js';
import {
  classificationReportFromCells,
  classificationReportFromCounts,
  type ClassificationReport,
} from '../metrics/classification-report.js';
import {
  binaryConfusionFromCounts,
  cellCode,
  columnTotals,
  confusionMatrix,
  confusionMatrixFromCounts,
  type ConfusionCounts,
} from '../metrics/confusion.js';
import { precisionRecallFscoreSupport } from '../metrics/precision-recall-fscore-support.js';
import { ROW_ERROR, ROW_OK, type ReportFrame } from './report-frame.js';
import { reportEstimate } from './report-estimate.js';
import type { BinaryMetrics, Report } from './report-schema.js';

export interface MetricsContext {
  /** Level of the display intervals. */
  confidence: number;
  /**
   * Bootstrap of F1; `false` skips it. Only the overall figures get one: a bootstrap per slice
   * and subset would cost a full resampling of the set each, for intervals rarely read.
   */
  bootstrap: BootstrapOptions | false;
}

/** Column added to the confusion matrix for predicted labels outside the taxonomy. */
export const OTHER_LABEL = '(other)';

export function toBinaryMetrics(report: ClassificationReport): BinaryMetrics {
  const { confusion } = report;
  return {
    n: confusion.items,
    confusion: { tp: confusion.tp, fp: confusion.fp, fn: confusion.fn, tn: confusion.tn },
    precision: reportEstimate(report.precision),
    recall: reportEstimate(report.recall),
    f1: reportEstimate(report.f1),
    accuracy: reportEstimate(report.accuracy),
    specificity: reportEstimate(report.specificity),
    fpr: reportEstimate(report.falsePositiveRate),
    fnr: reportEstimate(report.falseNegativeRate),
    npv: reportEstimate(report.negativePredictiveValue),
    false_omission_rate: reportEstimate(report.falseOmissionRate),
    balanced_accuracy: reportEstimate(report.balancedAccuracy),
    mcc: reportEstimate(report.matthewsCorrcoef),
  };
}

/** Binary metrics of decisions given as cell codes (one per item, `CELL_ORDER`), with the F1 bootstrap when `ctx` asks. */
export function cellMetrics(cells: Uint8Array, ctx: MetricsContext): BinaryMetrics {
  return toBinaryMetrics(classificationReportFromCells({ cell: cells, weight: null }, { confidence: ctx.confidence, bootstrap: ctx.bootstrap }));
}

/** Binary metrics of decisions given as confusion counts (no bootstrap: subsets never get one). */
export function countMetrics(counts: ConfusionCounts, confidence: number): BinaryMetrics {
  return toBinaryMetrics(classificationReportFromCounts(counts, { confidence }));
}

const zero = (): ConfusionCounts => ({ tp: 0, fp: 0, fn: 0, tn: 0 });

/** Adds one item of cell `code` (`CELL_ORDER`) to counts. */
export function addCell(counts: ConfusionCounts, code: number): void {
  if (code === 0) counts.tp += 1;
  else if (code === 1) counts.fp += 1;
  else if (code === 2) counts.fn += 1;
  else counts.tn += 1;
}

/** What one slice value gathers: its items, errors, and the answered ones' confusion. */
interface SliceGroup {
  items: number;
  errors: number;
  answered: ConfusionCounts;
}

/** What one category gathers: members, their detection, and the category-as-a-class counts. */
interface CategoryGroup {
  items: number;
  detection: ConfusionCounts;
  named: ConfusionCounts;
}

/** Items, errors and the answered ones' confusion per value of one slice key; `cells` holds each answered row's cell code. */
function sliceCounts(index: Int32Array, values: number, status: Uint8Array, cells: Uint8Array): SliceGroup[] {
  // per value: items, errors, then tp, fp, fn, tn (CELL_ORDER)
  const tally = new Int32Array(6 * values);
  for (let i = 0; i < index.length; i++) {
    const v = index[i] ?? -1;
    if (v < 0) continue;
    const at = 6 * v;
    tally[at] = (tally[at] ?? 0) + 1;
    const s = status[i];
    if (s === ROW_ERROR) tally[at + 1] = (tally[at + 1] ?? 0) + 1;
    else if (s === ROW_OK) {
      const c = at + 2 + (cells[i] ?? 0);
      tally[c] = (tally[c] ?? 0) + 1;
    }
  }
  return Array.from({ length: values }, (_, v) => ({
    items: tally[6 * v] ?? 0,
    errors: tally[6 * v + 1] ?? 0,
    answered: { tp: tally[6 * v + 2] ?? 0, fp: tally[6 * v + 3] ?? 0, fn: tally[6 * v + 4] ?? 0, tn: tally[6 * v + 5] ?? 0 },
  }));
}

/**
 * Everything the classification section needs, gathered in one pass over the rows (the
 * per-slice and per-category figures are the same counts a filter per group would give).
 */
function gather(frame: ReportFrame) {
  const { rows, manifest, status, goldPositive, predictedPositive, goldLabel, predictedLabel, category, predictedCategory } = frame;
  const labels = manifest.labels;
  const k = labels.length;
  // filled up to the answered rows, then cut
  const answeredCellsOfRows = new Uint8Array(rows);
  // the worst case SPEC asks for beside the answered-only view: an item without an answer
  // counts as wrong — a gold positive as a false negative, a gold negative as a false positive
  const worstCells = new Uint8Array(rows);
  // counts in flat typed arrays, turned into the section's shapes after the loop
  const matrix = new Int32Array(k * k);
  // gold label index → answers outside the taxonomy (a gold label outside it counts in `outside` only)
  const outsideByGold = new Int32Array(k);
  let insideWithoutGold = false;
  // per category: items, detection tp fp fn tn (CELL_ORDER), then named tp fp fn
  const CATEGORY_FIELDS = 8;
  const categoryTally = new Int32Array(CATEGORY_FIELDS * frame.categoryNames.length);
  // a predicted category → the gold category of that name, −1 when the manifest has none such
  const namedCategory = Int32Array.from(frame.predictedCategoryNames, (name) => frame.categoryNames.indexOf(name));
  let outside = 0;
  let uncategorizedPositives = 0;
  let predictsCategories = false;
  let a = 0;
  for (let i = 0; i < rows; i++) {
    const gold = goldPositive[i] === 1;
    const ok = status[i] === ROW_OK;
    const decided = predictedPositive[i] === 1;
    const cell = ok ? cellCode(gold, decided) : gold ? 2 : 1;
    worstCells[i] = cell;
    const c = category[i] ?? -1;
    const at = CATEGORY_FIELDS * c;
    if (c >= 0) categoryTally[at] = (categoryTally[at] ?? 0) + 1;
    else if (gold) uncategorizedPositives += 1;
    if (!ok) continue;
    answeredCellsOfRows[a++] = cell;
    const p = predictedLabel[i] ?? -1;
    const g = goldLabel[i] ?? -1;
    if (p >= 0 && p < k) {
      if (g < 0) insideWithoutGold = true;
      else matrix[g * k + p] = (matrix[g * k + p] ?? 0) + 1;
    } else {
      outside += 1;
      if (g >= 0) outsideByGold[g] = (outsideByGold[g] ?? 0) + 1;
    }
    const pc = predictedCategory[i] ?? -1;
    if (pc >= 0) predictsCategories = true;
    if (c >= 0) categoryTally[at + 1 + cell] = (categoryTally[at + 1 + cell] ?? 0) + 1;
    // the category named with a positive decision, as a gold category index (−1: none, or not one of them)
    const named = decided && pc >= 0 ? (namedCategory[pc] ?? -1) : -1;
    if (c >= 0 && c === named) categoryTally[at + 5] = (categoryTally[at + 5] ?? 0) + 1;
    else {
      if (c >= 0) categoryTally[at + 7] = (categoryTally[at + 7] ?? 0) + 1;
      const other = CATEGORY_FIELDS * named + 6;
      if (named >= 0) categoryTally[other] = (categoryTally[other] ?? 0) + 1;
    }
  }
  const answered = a;
  const answeredCells = answeredCellsOfRows.subarray(0, answered);
  const categories: CategoryGroup[] = frame.categoryNames.map((_, c) => {
    const count = (field: number): number => categoryTally[CATEGORY_FIELDS * c + field] ?? 0;
    const named = { tp: count(5), fp: count(6), fn: count(7), tn: 0 };
    named.tn = answered - named.tp - named.fp - named.fn;
    return { items: count(0), detection: { tp: count(1), fp: count(2), fn: count(3), tn: count(4) }, named };
  });
  const sliceGroups = frame.slices.map((slice) => sliceCounts(slice.index, slice.values.length, status, worstCells));
  return {
    answeredCells,
    worstCells,
    matrix: Array.from({ length: k }, (_, g) => Array.from(matrix.subarray(g * k, (g + 1) * k))),
    insideWithoutGold,
    outside,
    outsideByGold: Array.from(outsideByGold),
    categories,
    sliceGroups,
    uncategorizedPositives,
    predictsCategories,
  };
}

type Gathered = ReturnType<typeof gather>;

/** The multiclass matrix from the answers' label indices, or — when a gold label is outside the taxonomy — the per-item call that names it. */
function labelMatrix(frame: ReportFrame, g: Gathered) {
  const labels = frame.manifest.labels;
  if (!g.insideWithoutGold) return confusionMatrixFromCounts(g.matrix, labels);
  const gold: string[] = [];
  const predicted: string[] = [];
  for (let i = 0; i < frame.rows; i++) {
    const p = frame.predictedLabel[i] ?? -1;
    if (frame.status[i] !== ROW_OK || p < 0 || p >= labels.length) continue;
    gold.push(frame.item(i).label);
    predicted.push(frame.predictedLabelNames[p] ?? '');
  }
  return confusionMatrix(gold, predicted, labels);
}

function multiclass(frame: ReportFrame, g: Gathered, confidence: number) {
  const labels = frame.manifest.labels;
  // a label outside the taxonomy has no class to be scored against: the matrix shows it in an
  // extra column, the per-label metrics leave it out (it is counted and noted)
  const matrix = labelMatrix(frame, g);
  const scores = precisionRecallFscoreSupport(matrix, { confidence });
  const predicted = columnTotals(matrix);
  const counts = matrix.counts.map((row) => [...row]);
  if (g.outside > 0) {
    counts.forEach((row, k) => row.push(g.outsideByGold[k] ?? 0));
  }
  return {
    confusion_matrix: {
      gold_labels: [...labels],
      predicted_labels: g.outside > 0 ? [...labels, OTHER_LABEL] : [...labels],
      counts,
    },
    per_label: scores.perClass.map((m, k) => ({
      label: m.label,
      support: m.support,
      predicted: predicted[k] ?? 0,
      precision: reportEstimate(m.precision),
      recall: reportEstimate(m.recall),
      f1: reportEstimate(m.fScore),
    })),
    macro: {
      precision: reportEstimate(scores.macro.precision),
      recall: reportEstimate(scores.macro.recall),
      f1: reportEstimate(scores.macro.fScore),
      excluded: [...new Set([...scores.macro.precision.excluded, ...scores.macro.recall.excluded, ...scores.macro.fScore.excluded])],
    },
    predicted_outside_labels: g.outside,
  };
}

function categories(frame: ReportFrame, g: Gathered, confidence: number) {
  return Object.entries(frame.manifest.categories ?? {}).map(([category, meta], c) => {
    const group = g.categories[c] ?? { items: 0, detection: zero(), named: zero() };
    const detection = binaryConfusionFromCounts(group.detection);
    // the category as a class of its own: gold = in the category, decided = positive and named it
    const named = g.predictsCategories ? binaryConfusionFromCounts(group.named) : undefined;
    return {
      category,
      description: meta.description,
      items: group.items,
      answered: detection.items,
      recall: reportEstimate(recallScore(detection, confidence)),
      category_precision: named === undefined ? null : reportEstimate(precisionScore(named, confidence)),
      category_recall: named === undefined ? null : reportEstimate(recallScore(named, confidence)),
    };
  });
}

function slices(frame: ReportFrame, g: Gathered, confidence: number) {
  const byKey = new Map(frame.slices.map((slice, s) => [slice.key, s]));
  const keys = [...byKey.keys()].sort();
  return keys.flatMap((key) => {
    const s = byKey.get(key) ?? -1;
    const values = frame.slices[s]?.values ?? [];
    const byValue = new Map(values.map((value, v) => [value, v]));
    return [...byValue.keys()].sort().flatMap((value) => {
      const group = g.sliceGroups[s]?.[byValue.get(value) ?? -1];
      if (group === undefined) return [];
      const { answered } = group;
      return [
        {
          key,
          value,
          items: group.items,
          answered: answered.tp + answered.fp + answered.fn + answered.tn,
          errors: group.errors,
          metrics: countMetrics(answered, confidence),
        },
      ];
    });
  });
}

export function buildClassification(frame: ReportFrame, ctx: MetricsContext): Report['classification'] {
  const g = gather(frame);
  return {
    positive: frame.manifest.positive,
    answered: cellMetrics(g.answeredCells, ctx),
    errors_as_wrong: cellMetrics(g.worstCells, ctx),
    ...multiclass(frame, g, ctx.confidence),
    categories: categories(frame, g, ctx.confidence),
    uncategorized_positives: g.uncategorizedPositives,
    predicts_categories: g.predictsCategories,
    slices: slices(frame, g, ctx.confidence),
  };
}
