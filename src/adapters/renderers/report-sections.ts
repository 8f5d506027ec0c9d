/**
 * The report as titled text sections (lines and tables of plain cells), shared by the terminal
 * and Markdown renderers so that both say the same things with the same numbers; each renderer
 * only lays the sections out and escapes for its medium.
 */
import type { BinaryMetrics, Report, ReportEstimate } from '../../domain/report/report-schema.js';
import { fixed, percent, type Cell } from './plain-table.js';
import type { SectionOptions, TextSection, TextTable } from './text-section.js';
import { errorSection, graySection } from './review-sections.js';
import { triageSection, triageTestsTable } from './triage-text.js';
import {
  BOOTSTRAP_NOTE,
  bootstrapTooSmall,
  count,
  estimateText,
  formatValue,
  intervalText,
  plainNumber,
  safeText,
  type ValueFormat,
} from './value-format.js';

// the split-out modules' names, for the renderers (and the diff renderers) that import them from here
export type { SectionOptions, TextSection, TextTable } from './text-section.js';
export { estimateText, formatValue, intervalText, safeText, type ValueFormat } from './value-format.js';
export { triageSection, triageTestsTable } from './triage-text.js';

const HEADLINE: readonly [keyof BinaryMetrics, string, ValueFormat][] = [
  ['precision', 'precision', 'percent'],
  ['recall', 'recall', 'percent'],
  ['f1', 'F1', 'decimal'],
  ['accuracy', 'accuracy', 'percent'],
  ['specificity', 'specificity', 'percent'],
  ['fpr', 'false positive rate', 'percent'],
  ['mcc', 'MCC', 'decimal'],
];

function estimateOf(metrics: BinaryMetrics, key: keyof BinaryMetrics): ReportEstimate | undefined {
  const value = metrics[key];
  return typeof value === 'object' && 'value' in value ? value : undefined;
}

/**
 * precision, recall, F1, … with intervals, and the worst case beside them. A bootstrap interval
 * too small to mean anything (value-format's `bootstrapTooSmall`) prints as "—" with a caption.
 */
export function headlineTable(report: Report): TextTable {
  const { answered, errors_as_wrong: worst } = report.classification;
  const withErrors = report.coverage.errors + report.coverage.missing > 0;
  const { tp, fp, fn } = answered.confusion;
  let tooSmall = false;
  const rows = HEADLINE.map(([key, label, format]) => {
    const value = estimateOf(answered, key);
    const shown = value === undefined ? '—' : value.value === null ? `— (${value.reason ?? 'undefined'})` : formatValue(value.value, format);
    // F1 counts TP, FP and FN: those are the items its bootstrap resamples into a different value
    const hide = value !== undefined && value.value !== null && bootstrapTooSmall(value.ci, tp + fp + fn);
    tooSmall ||= hide;
    const row: Cell[] = [label, shown, value === undefined ? '' : hide ? '— *' : intervalText(value, format)];
    if (withErrors) row.push(formatValue(estimateOf(worst, key)?.value, format));
    return row;
  });
  return {
    ...(tooSmall ? { caption: `* ${BOOTSTRAP_NOTE} (fewer than 20 counted items, a collapsed interval or many dropped replicates)` } : {}),
    header: ['metric', 'value', '95% CI', ...(withErrors ? ['errors as wrong'] : [])],
    rows,
  };
}

export function confusionTable(report: Report): TextTable {
  const { confusion_matrix: m } = report.classification;
  return {
    caption: 'rows: gold label, columns: predicted label (answered items)',
    header: ['gold \\ predicted', ...m.predicted_labels],
    rows: m.gold_labels.map((label, g) => [label, ...(m.counts[g] ?? []).map(count)]),
  };
}

function coverageLine(report: Report): string {
  const c = report.coverage;
  const kinds = Object.entries(c.errors_by_kind)
    .filter(([, n]) => n > 0)
    .map(([kind, n]) => `${kind} ${n}`)
    .join(', ');
  const missing = c.missing > 0 ? `, ${count(c.missing)} missing` : '';
  return `Coverage: ${count(c.answered)} of ${count(c.items)} items answered (${percent(c.coverage.value)}); ${count(c.errors)} errors${kinds === '' ? '' : ` (${kinds})`}${missing}.`;
}

export function overviewLines(report: Report): string[] {
  const { run, golden_set: g, settings } = report;
  const shard = run.shard ? `, shard ${run.shard.index}/${run.shard.count}` : '';
  return [
    `Candidate ${safeText(run.candidate.id)} (${safeText(run.candidate.type)}) on ${g.name}@${g.version}, run ${run.run_id} (${run.status}${shard}).`,
    coverageLine(report),
    `Positive label '${safeText(g.positive)}'. Intervals: ${percent(settings.confidence, 0)} Wilson for proportions, percentile bootstrap for F1 (${settings.bootstrap.replicates} replicates, seed ${settings.bootstrap.seed}).`,
  ];
}

function perLabelSection(report: Report): TextSection {
  const c = report.classification;
  const rows: Cell[][] = c.per_label.map((l) => [
    l.label,
    count(l.support),
    count(l.predicted),
    estimateText(l.precision),
    estimateText(l.recall),
    fixed(l.f1.value),
  ]);
  rows.push(['macro', '', '', percent(c.macro.precision.value), percent(c.macro.recall.value), fixed(c.macro.f1.value)]);
  const excluded = c.macro.excluded.length > 0 ? [`Left out of the macro means (undefined): ${c.macro.excluded.join(', ')}.`] : [];
  return {
    id: 'labels',
    title: 'Per label',
    lines: excluded,
    tables: [{ header: ['label', 'gold', 'predicted', 'precision', 'recall', 'F1'], rows }],
    detail: true,
  };
}

function categorySection(report: Report): TextSection | undefined {
  const c = report.classification;
  if (c.categories.length === 0) return undefined;
  const named = c.predicts_categories;
  return {
    id: 'categories',
    title: 'Per spam category',
    lines: c.uncategorized_positives > 0 ? [`${count(c.uncategorized_positives)} gold-positive items have no category.`] : [],
    tables: [
      {
        header: ['category', 'items', 'answered', 'recall', ...(named ? ['category precision', 'category recall'] : [])],
        rows: c.categories.map((k) => [
          k.category,
          count(k.items),
          count(k.answered),
          estimateText(k.recall),
          ...(named ? [estimateText(k.category_precision ?? { value: null }), estimateText(k.category_recall ?? { value: null })] : []),
        ]),
      },
    ],
    detail: true,
  };
}

function sliceSection(report: Report): TextSection | undefined {
  const slices = report.classification.slices;
  if (slices.length === 0) return undefined;
  return {
    id: 'slices',
    title: 'Per slice',
    lines: [],
    tables: [
      {
        header: ['slice', 'items', 'errors', 'precision', 'recall', 'F1', 'FPR'],
        rows: slices.map((s) => [
          `${safeText(s.key, 40)}=${safeText(s.value, 40)}`,
          count(s.items),
          count(s.errors),
          estimateText(s.metrics.precision),
          estimateText(s.metrics.recall),
          fixed(s.metrics.f1.value),
          estimateText(s.metrics.fpr),
        ]),
      },
    ],
    detail: true,
  };
}

function scoresSection(report: Report): TextSection {
  const s = report.scores;
  if (!s.available) return { id: 'scores', title: 'Scores', lines: [s.reason ?? 'no scores'], tables: [], detail: false };
  const lines = [
    `Average precision ${estimateText(s.average_precision, 'decimal')} (baseline = prevalence ${percent(s.prevalence)}), ROC AUC ${estimateText(s.roc_auc, 'decimal')}, on ${count(s.scored)} scored items${s.unscored > 0 ? ` (${count(s.unscored)} answered without a score)` : ''}.`,
  ];
  if (s.calibration) {
    const c = s.calibration;
    lines.push(
      `Calibration: ECE ${fixed(c.ece.value)} (10 bins, positive class), MCE ${fixed(c.mce.value)}, Brier ${fixed(c.brier.value)}, log loss ${fixed(c.log_loss.value)}.`,
    );
  }
  const picks = s.selections.recall_at_precision
    .map((p) => `≥ ${percent(p.target)}: ${p.threshold === null ? 'none' : `recall ${percent(p.recall)} at ${plainNumber(p.threshold)}`}`)
    .join('; ');
  if (picks !== '') lines.push(`Recall at precision ${picks} (thresholds chosen on this set: optimistic).`);
  if (s.selections.best_f1) {
    lines.push(`Best F1 ${fixed(s.selections.best_f1.f1)} at score ≥ ${plainNumber(s.selections.best_f1.threshold)} (in-sample: optimistic).`);
  }
  return {
    id: 'scores',
    title: 'Scores',
    lines,
    tables: [
      {
        caption: 'operating points: decide positive when score ≥ threshold',
        header: ['threshold', 'TP', 'FP', 'FN', 'TN', 'precision', 'recall', 'FPR', 'flagged'],
        rows: s.operating_points.map((p) => [
          p.threshold.toFixed(2),
          count(p.tp),
          count(p.fp),
          count(p.fn),
          count(p.tn),
          percent(p.precision.value),
          percent(p.recall.value),
          percent(p.fpr.value),
          percent(p.predicted_positive_rate),
        ]),
      },
      ...(s.calibration
        ? [
            {
              caption: 'reliability bins (right-closed)',
              header: ['bin', 'items', 'mean score', 'spam share', '95% CI'],
              rows: s.calibration.bins.map((b) => [
                `${b.low.toFixed(1)}–${b.high.toFixed(1)}`,
                count(b.count),
                fixed(b.mean_score),
                percent(b.positive_share.value),
                intervalText(b.positive_share, 'percent'),
              ]),
            },
          ]
        : []),
    ],
    detail: true,
  };
}

function costSection(report: Report): TextSection {
  const c = report.cost;
  const lines = [
    `λ = ${plainNumber(c.lambda)} (${c.lambda_source === 'default' ? 'default' : c.lambda_source === 'flag' ? 'report flag' : 'suite operating.fp_cost'}): a false positive costs ${plainNumber(c.lambda)} missed spam.`,
    `At the candidate's decisions: ${count(c.fp)} FP, ${count(c.fn)} FN, weighted error ${fixed(c.weighted_error.value, 4)} (acting on nothing: ${fixed(c.baseline_weighted_error.value, 4)}), TCR ${c.tcr.value === null ? `— (${c.tcr.reason ?? 'undefined'})` : fixed(c.tcr.value, 2)}.`,
  ];
  if (c.min_cost !== null) {
    lines.push(
      `Cost-minimising threshold: ${c.min_cost.threshold === null ? 'act on nothing' : `score ≥ ${plainNumber(c.min_cost.threshold)}`} (cost ${count(c.min_cost.cost)}; in-sample: optimistic).`,
    );
  }
  return { id: 'cost', title: 'Cost view', lines, tables: [], detail: false };
}

function productionSection(report: Report): TextSection {
  const p = report.production;
  if (!p.available) return { id: 'production', title: 'Production view', lines: [p.reason ?? 'not available'], tables: [], detail: false };
  const how =
    p.method === 'weights'
      ? `weighted to production by the golden set's strata/weights (prevalence ${percent(p.prevalence, 2)})`
      : `at a stated prevalence of ${percent(p.prevalence, 2)} (${p.prevalence_source === 'flag' ? '--prevalence' : 'suite operating.prevalence'})`;
  const lines = [`Metrics ${how}:`];
  const rows: Cell[][] = [
    ['precision', estimateText(p.precision)],
    ...(p.precision_bound && p.precision_bound.value !== null
      ? [[`precision, ${percent(p.precision_bound.confidence, 0)} lower bound`, percent(p.precision_bound.value)]]
      : []),
    ['recall', estimateText(p.recall)],
    ['false positive rate', estimateText(p.fpr)],
    ['false-clear rate', estimateText(p.false_omission_rate)],
    ['accuracy', estimateText(p.accuracy)],
  ];
  if (p.volume_per_day !== null) {
    rows.push([`false positives / day at ${count(p.volume_per_day)} items`, `${fixed(p.false_positives_per_day, 1)} (up to ${fixed(p.false_positives_per_day_upper, 1)})`]);
    rows.push(['spam caught / day', fixed(p.true_positives_per_day, 1)]);
  }
  return { id: 'production', title: 'Production view', lines, tables: [{ header: ['metric', 'value'], rows }], detail: false };
}

/** Every section of the full report, in reading order. */
export function reportSections(report: Report, options: SectionOptions = {}): TextSection[] {
  const sections: (TextSection | undefined)[] = [
    { id: 'overview', title: 'Overview', lines: overviewLines(report), tables: [], detail: false },
    {
      id: 'classification',
      title: 'Classification',
      lines: [],
      tables: [headlineTable(report), confusionTable(report)],
      detail: false,
    },
    triageSection(report),
    perLabelSection(report),
    categorySection(report),
    sliceSection(report),
    scoresSection(report),
    costSection(report),
    productionSection(report),
    graySection(report, options),
    { id: 'triage-tests', title: 'Triage thresholds tested', lines: [], tables: triageTestsTable(report, options), detail: true },
    errorSection(report),
    ...(report.notes.length > 0 ? [{ id: 'notes', title: 'Notes', lines: report.notes.map((n) => `${n}.`), tables: [], detail: false }] : []),
  ];
  return sections.filter((section): section is TextSection => section !== undefined && (section.lines.length > 0 || section.tables.length > 0));
}
