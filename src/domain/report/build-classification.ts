import type { BootstrapOptions } from '../metrics/bootstrap.js';
import { precisionScore, recallScore } from '../metrics/classification.js';
import { classificationReport, type ClassificationReport } from '../metrics/classification-report.js';
import { binaryConfusionFromCounts, cellOf, columnTotals, confusionMatrix, type ConfusionCounts } from '../metrics/confusion.js';
import { precisionRecallFscoreSupport } from '../metrics/precision-recall-fscore-support.js';
import type { JoinedItem, ReportGolden } from './join-run.js';
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

/** Binary metrics of the candidate's decisions on the answered items among `entries`. */
export function answeredMetrics(entries: readonly JoinedItem[], ctx: MetricsContext): BinaryMetrics {
  const gold: boolean[] = [];
  const predicted: boolean[] = [];
  for (const entry of entries) {
    if (entry.outcome.status !== 'ok') continue;
    gold.push(entry.goldPositive);
    predicted.push(entry.outcome.predictedPositive);
  }
  return decisionMetrics(gold, predicted, ctx);
}

function decisionMetrics(gold: readonly boolean[], predicted: readonly boolean[], ctx: MetricsContext): BinaryMetrics {
  return toBinaryMetrics(classificationReport(gold, predicted, { confidence: ctx.confidence, bootstrap: ctx.bootstrap }));
}

const zero = (): ConfusionCounts => ({ tp: 0, fp: 0, fn: 0, tn: 0 });

/** What one slice value gathers: its items, and the answered ones' gold and decisions. */
interface SliceGroup {
  items: number;
  errors: number;
  gold: boolean[];
  predicted: boolean[];
}

/** What one category gathers: members, their detection, and the category-as-a-class counts. */
interface CategoryGroup {
  items: number;
  detection: ConfusionCounts;
  named: ConfusionCounts;
}

/**
 * Everything the classification section needs, gathered in one pass over the items (the
 * per-slice and per-category figures are the same counts a filter per group would give).
 */
function gather(golden: ReportGolden, items: readonly JoinedItem[]) {
  const answeredGold: boolean[] = [];
  const answeredPredicted: boolean[] = [];
  // the worst case SPEC asks for beside the answered-only view: an item without an answer
  // counts as wrong — a gold positive as a false negative, a gold negative as a false positive
  const worstPredicted: boolean[] = [];
  const insideGold: string[] = [];
  const insidePredicted: string[] = [];
  const outsideByGold = new Map<string, number>();
  const categories = new Map(Object.keys(golden.manifest.categories ?? {}).map((c): [string, CategoryGroup] => [c, { items: 0, detection: zero(), named: zero() }]));
  const slices = new Map<string, Map<string, SliceGroup>>();
  let outside = 0;
  let uncategorizedPositives = 0;
  let predictsCategories = false;
  for (const entry of items) {
    const { item, outcome, goldPositive } = entry;
    const ok = outcome.status === 'ok' ? outcome : undefined;
    const category = item.category === undefined ? undefined : categories.get(item.category);
    if (category !== undefined) category.items += 1;
    if (goldPositive && item.category === undefined) uncategorizedPositives += 1;
    const itemSlices = item.slices ?? {};
    for (const key of Object.keys(itemSlices)) {
      const value = itemSlices[key];
      if (value === undefined) continue;
      let byValue = slices.get(key);
      if (byValue === undefined) slices.set(key, (byValue = new Map()));
      let group = byValue.get(value);
      if (group === undefined) byValue.set(value, (group = { items: 0, errors: 0, gold: [], predicted: [] }));
      group.items += 1;
      if (outcome.status === 'error') group.errors += 1;
      if (ok !== undefined) {
        group.gold.push(goldPositive);
        group.predicted.push(ok.predictedPositive);
      }
    }
    worstPredicted.push(ok === undefined ? !goldPositive : ok.predictedPositive);
    if (ok === undefined) continue;
    const { prediction } = ok.record;
    answeredGold.push(goldPositive);
    answeredPredicted.push(ok.predictedPositive);
    if (prediction.category !== undefined) predictsCategories = true;
    if (ok.inLabels) {
      insideGold.push(item.label);
      insidePredicted.push(prediction.label);
    } else {
      outside += 1;
      outsideByGold.set(item.label, (outsideByGold.get(item.label) ?? 0) + 1);
    }
    if (category !== undefined) category.detection[cellOf(goldPositive, ok.predictedPositive)] += 1;
    const named = ok.predictedPositive ? prediction.category : undefined;
    if (item.category !== undefined && item.category === named) {
      if (category !== undefined) category.named.tp += 1;
    } else {
      if (category !== undefined) category.named.fn += 1;
      const other = named === undefined ? undefined : categories.get(named);
      if (other !== undefined) other.named.fp += 1;
    }
  }
  for (const group of categories.values()) {
    const { named } = group;
    named.tn = answeredGold.length - named.tp - named.fp - named.fn;
  }
  return {
    answeredGold,
    answeredPredicted,
    worstPredicted,
    insideGold,
    insidePredicted,
    outside,
    outsideByGold,
    categories,
    slices,
    uncategorizedPositives,
    predictsCategories,
  };
}

type Gathered = ReturnType<typeof gather>;

function multiclass(golden: ReportGolden, g: Gathered, confidence: number) {
  const labels = golden.manifest.labels;
  // a label outside the taxonomy has no class to be scored against: the matrix shows it in an
  // extra column, the per-label metrics leave it out (it is counted and noted)
  const matrix = confusionMatrix(g.insideGold, g.insidePredicted, labels);
  const scores = precisionRecallFscoreSupport(matrix, { confidence });
  const predicted = columnTotals(matrix);
  const counts = matrix.counts.map((row) => [...row]);
  if (g.outside > 0) {
    counts.forEach((row, k) => row.push(g.outsideByGold.get(labels[k] ?? '') ?? 0));
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

function categories(golden: ReportGolden, g: Gathered, confidence: number) {
  return Object.entries(golden.manifest.categories ?? {}).map(([category, meta]) => {
    const group = g.categories.get(category) ?? { items: 0, detection: zero(), named: zero() };
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

function slices(g: Gathered, ctx: MetricsContext) {
  const keys = [...g.slices.keys()].sort();
  return keys.flatMap((key) => {
    const byValue = g.slices.get(key) ?? new Map<string, SliceGroup>();
    const values = [...byValue.keys()].sort();
    return values.flatMap((value) => {
      const group = byValue.get(value);
      if (group === undefined) return [];
      return [
        {
          key,
          value,
          items: group.items,
          answered: group.gold.length,
          errors: group.errors,
          metrics: decisionMetrics(group.gold, group.predicted, { ...ctx, bootstrap: false }),
        },
      ];
    });
  });
}

export function buildClassification(
  golden: ReportGolden,
  items: readonly JoinedItem[],
  ctx: MetricsContext,
): Report['classification'] {
  const g = gather(golden, items);
  return {
    positive: golden.manifest.positive,
    answered: decisionMetrics(g.answeredGold, g.answeredPredicted, ctx),
    errors_as_wrong: decisionMetrics(
      items.map((entry) => entry.goldPositive),
      g.worstPredicted,
      ctx,
    ),
    ...multiclass(golden, g, ctx.confidence),
    categories: categories(golden, g, ctx.confidence),
    uncategorized_positives: g.uncategorizedPositives,
    predicts_categories: g.predictsCategories,
    slices: slices(g, ctx),
  };
}
