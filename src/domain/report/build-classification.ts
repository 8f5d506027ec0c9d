import type { BootstrapOptions } from '../metrics/bootstrap.js';
import { precisionScore, recallScore } from '../metrics/classification.js';
import { classificationReport, type ClassificationReport } from '../metrics/classification-report.js';
import { binaryConfusion, columnTotals, confusionMatrix } from '../metrics/confusion.js';
import { precisionRecallFscoreSupport } from '../metrics/precision-recall-fscore-support.js';
import { answeredItems, type JoinedItem, type ReportGolden } from './join-run.js';
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
  const answered = answeredItems(entries);
  return toBinaryMetrics(
    classificationReport(
      answered.map((entry) => entry.goldPositive),
      answered.map((entry) => entry.outcome.predictedPositive),
      { confidence: ctx.confidence, bootstrap: ctx.bootstrap },
    ),
  );
}

/**
 * The worst case SPEC asks for beside the answered-only view: an item without an answer counts
 * as wrong — a gold positive as a false negative, a gold negative as a false positive.
 */
function errorsAsWrong(items: readonly JoinedItem[], ctx: MetricsContext): BinaryMetrics {
  return toBinaryMetrics(
    classificationReport(
      items.map((entry) => entry.goldPositive),
      items.map((entry) => (entry.outcome.status === 'ok' ? entry.outcome.predictedPositive : !entry.goldPositive)),
      { confidence: ctx.confidence, bootstrap: ctx.bootstrap },
    ),
  );
}

function multiclass(golden: ReportGolden, items: readonly JoinedItem[], confidence: number) {
  const labels = golden.manifest.labels;
  // a label outside the taxonomy has no class to be scored against: the matrix shows it in an
  // extra column, the per-label metrics leave it out (it is counted and noted)
  const inside = answeredItems(items).filter((entry) => entry.outcome.inLabels);
  const outside = answeredItems(items).filter((entry) => !entry.outcome.inLabels);
  const matrix = confusionMatrix(
    inside.map((entry) => entry.item.label),
    inside.map((entry) => entry.outcome.record.prediction.label),
    labels,
  );
  const scores = precisionRecallFscoreSupport(matrix, { confidence });
  const predicted = columnTotals(matrix);
  const counts = matrix.counts.map((row) => [...row]);
  if (outside.length > 0) {
    counts.forEach((row, g) => row.push(outside.filter((entry) => entry.item.label === labels[g]).length));
  }
  return {
    confusion_matrix: {
      gold_labels: [...labels],
      predicted_labels: outside.length > 0 ? [...labels, OTHER_LABEL] : [...labels],
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
    predicted_outside_labels: outside.length,
  };
}

function categories(golden: ReportGolden, items: readonly JoinedItem[], confidence: number, predictsCategories: boolean) {
  const answered = answeredItems(items);
  return Object.entries(golden.manifest.categories ?? {}).map(([category, meta]) => {
    const members = items.filter((entry) => entry.item.category === category);
    const answeredMembers = answeredItems(members);
    const detection = binaryConfusion(
      answeredMembers.map((entry) => entry.goldPositive),
      answeredMembers.map((entry) => entry.outcome.predictedPositive),
    );
    let categoryPrecision = null;
    let categoryRecall = null;
    if (predictsCategories) {
      // the category as a class of its own: gold = in the category, decided = positive and named it
      const named = binaryConfusion(
        answered.map((entry) => entry.item.category === category),
        answered.map(
          (entry) => entry.outcome.predictedPositive && entry.outcome.record.prediction.category === category,
        ),
      );
      categoryPrecision = reportEstimate(precisionScore(named, confidence));
      categoryRecall = reportEstimate(recallScore(named, confidence));
    }
    return {
      category,
      description: meta.description,
      items: members.length,
      answered: answeredMembers.length,
      recall: reportEstimate(recallScore(detection, confidence)),
      category_precision: categoryPrecision,
      category_recall: categoryRecall,
    };
  });
}

function slices(items: readonly JoinedItem[], ctx: MetricsContext) {
  const keys = [...new Set(items.flatMap((entry) => Object.keys(entry.item.slices ?? {})))].sort();
  return keys.flatMap((key) => {
    const values = [...new Set(items.flatMap((entry) => entry.item.slices?.[key] ?? []))].sort();
    return values.map((value) => {
      const members = items.filter((entry) => entry.item.slices?.[key] === value);
      return {
        key,
        value,
        items: members.length,
        answered: answeredItems(members).length,
        errors: members.filter((entry) => entry.outcome.status === 'error').length,
        metrics: answeredMetrics(members, { ...ctx, bootstrap: false }),
      };
    });
  });
}

export function buildClassification(
  golden: ReportGolden,
  items: readonly JoinedItem[],
  ctx: MetricsContext,
): Report['classification'] {
  const predictsCategories = answeredItems(items).some((entry) => entry.outcome.record.prediction.category !== undefined);
  return {
    positive: golden.manifest.positive,
    answered: answeredMetrics(items, ctx),
    errors_as_wrong: errorsAsWrong(items, ctx),
    ...multiclass(golden, items, ctx.confidence),
    categories: categories(golden, items, ctx.confidence, predictsCategories),
    uncategorized_positives: items.filter((entry) => entry.goldPositive && entry.item.category === undefined).length,
    predicts_categories: predictsCategories,
    slices: slices(items, ctx),
  };
}
