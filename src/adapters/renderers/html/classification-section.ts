/**
 * Classification on the candidate's own labels: the confusion matrix (shaded by row share, so
 * the eye finds where each gold class goes), every binary metric on answered items next to the
 * worst case where errors count as wrong, per-label and macro values, and the production view.
 */
import type { BinaryMetrics, Report, ReportEstimate } from '../../../domain/report/report-schema.js';
import { html, type SafeHtml } from './escape-html.js';
import { formatCount, formatDecimal, formatPercent } from './format-values.js';
import { dataTable, factList, inlineValue, note, section } from './html-blocks.js';
import { boundText, estimateCell, ratioCounts, shadeClass, type ValueFormat } from './report-cells.js';

type Matrix = Report['classification']['confusion_matrix'];

export function confusionMatrixTable(matrix: Matrix, caption: string, detail: string): SafeHtml {
  const rows = matrix.gold_labels.map((gold, r) => {
    const counts = matrix.counts[r] ?? [];
    const total = counts.reduce((sum, c) => sum + c, 0);
    const cells = matrix.predicted_labels.map((_, c) => {
      const value = counts[c] ?? 0;
      const share = total > 0 ? value / total : null;
      return html`<td class="cell ${shadeClass(share)}">${formatCount(value)}<span class="share">${share === null ? '' : formatPercent(share)}</span></td>`;
    });
    return html`<tr><th scope="row">${inlineValue(gold)}</th>${cells}<td class="num">${formatCount(total)}</td></tr>`;
  });
  return html`<div class="table-wrap"><table class="confusion"><caption>${caption}<br><span class="muted small">${detail}</span></caption>
<thead><tr><th scope="col">Gold ↓ / Predicted →</th>${matrix.predicted_labels.map((p) => html`<th scope="col" class="num">${inlineValue(p)}</th>`)}<th scope="col" class="num">Total</th></tr></thead>
<tbody>${rows}</tbody></table></div>`;
}

interface MetricRow {
  name: string;
  pick: (m: BinaryMetrics) => ReportEstimate;
  format: ValueFormat;
  hint: string;
}

const METRIC_ROWS: readonly MetricRow[] = [
  { name: 'Precision', pick: (m) => m.precision, format: 'percent', hint: 'TP / (TP + FP): of items flagged, share truly spam' },
  { name: 'Recall', pick: (m) => m.recall, format: 'percent', hint: 'TP / (TP + FN): of spam, share flagged' },
  { name: 'F1', pick: (m) => m.f1, format: 'decimal', hint: 'harmonic mean of precision and recall' },
  { name: 'Accuracy', pick: (m) => m.accuracy, format: 'percent', hint: '(TP + TN) / n' },
  { name: 'Specificity', pick: (m) => m.specificity, format: 'percent', hint: 'TN / (TN + FP)' },
  { name: 'False positive rate', pick: (m) => m.fpr, format: 'percent', hint: 'FP / (FP + TN): share of legitimate content flagged' },
  { name: 'False negative rate', pick: (m) => m.fnr, format: 'percent', hint: 'FN / (FN + TP): share of spam missed' },
  { name: 'Negative predictive value', pick: (m) => m.npv, format: 'percent', hint: 'TN / (TN + FN)' },
  { name: 'False-clear rate', pick: (m) => m.false_omission_rate, format: 'percent', hint: 'FN / (FN + TN): spam among items cleared' },
  { name: 'Balanced accuracy', pick: (m) => m.balanced_accuracy, format: 'percent', hint: '(recall + specificity) / 2' },
  { name: 'MCC', pick: (m) => m.mcc, format: 'decimal', hint: 'Matthews correlation, −1 … 1' },
];

function confusionLine(m: BinaryMetrics): string {
  const c = m.confusion;
  return `n = ${formatCount(m.n)} · TP ${formatCount(c.tp)} · FP ${formatCount(c.fp)} · FN ${formatCount(c.fn)} · TN ${formatCount(c.tn)}`;
}

export function binaryMetricsTable(
  columns: readonly { title: string; metrics: BinaryMetrics }[],
  caption: string,
  only?: readonly string[],
): SafeHtml {
  return dataTable({
    caption,
    className: 'metrics',
    columns: [
      { header: 'Metric', rowHeader: true, cell: (row: MetricRow) => html`${row.name}<br><span class="muted small">${row.hint}</span>` },
      ...columns.map((column) => ({
        header: html`${column.title}<br><span class="muted small">${confusionLine(column.metrics)}</span>`,
        numeric: true,
        cell: (row: MetricRow) => {
          const estimate = row.pick(column.metrics);
          const counts = ratioCounts(estimate);
          return html`${estimateCell(estimate, row.format)}${counts !== '' && html`<br><span class="muted small">${counts}</span>`}`;
        },
      })),
    ],
    rows: only ? METRIC_ROWS.filter((row) => only.includes(row.name)) : METRIC_ROWS,
  });
}

function perLabelTable(report: Report): SafeHtml {
  const c = report.classification;
  const macro = c.macro;
  return html`${dataTable({
    caption: 'Per label (one-vs-rest)',
    columns: [
      { header: 'Label', rowHeader: true, cell: (row: Report['classification']['per_label'][number]) => inlineValue(row.label) },
      { header: 'Gold items', numeric: true, cell: (row) => formatCount(row.support) },
      { header: 'Predicted', numeric: true, cell: (row) => formatCount(row.predicted) },
      { header: 'Precision', numeric: true, cell: (row) => estimateCell(row.precision) },
      { header: 'Recall', numeric: true, cell: (row) => estimateCell(row.recall) },
      { header: 'F1', numeric: true, cell: (row) => estimateCell(row.f1, 'decimal') },
    ],
    rows: c.per_label,
  })}
${note(html`Macro averages: precision ${formatPercent(macro.precision.value)}, recall ${formatPercent(macro.recall.value)}, F1 ${formatDecimal(macro.f1.value)}${macro.excluded.length > 0 && html` (excluding ${macro.excluded.map((l, i) => html`${i > 0 && ', '}${inlineValue(l)}`)}: undefined)`}.${c.predicted_outside_labels > 0 && ` ${formatCount(c.predicted_outside_labels)} answers used a label outside the golden set's labels and count as not ${c.positive}.`}`)}`;
}

function productionBlock(report: Report): SafeHtml {
  const p = report.production;
  if (!p.available) return note(`Production view not available: ${p.reason ?? 'no prevalence or sampling weights'}.`);
  const how = p.method === 'weights'
    ? 'weighted back to production with the golden set’s strata/weights'
    : `at a stated production prevalence of ${formatPercent(p.prevalence, 2)} (${p.prevalence_source ?? 'unknown source'})`;
  return html`${note(`On an enriched golden set, precision is not production precision. Here the class-conditional rates are ${how}.`)}
${factList([
  ['Precision in production', html`${estimateCell(p.precision)}${p.precision_bound && html`<br><span class="muted small">guarantee: ${boundText(p.precision_bound)}</span>`}`],
  ['Recall', estimateCell(p.recall)],
  ['False positive rate', estimateCell(p.fpr)],
  ['False-clear rate', estimateCell(p.false_omission_rate)],
  ['Per day', p.volume_per_day === null
    ? 'set operating.volume_per_day for daily counts'
    : `of ${formatCount(p.volume_per_day)} items: ${formatCount(round1(p.true_positives_per_day))} spam caught, ${formatCount(round1(p.false_positives_per_day))} false positives expected (up to ${formatCount(round1(p.false_positives_per_day_upper))})`],
])}`;
}

function round1(value: number | null): number | null {
  return value === null ? null : Math.round(value * 10) / 10;
}

function costBlock(report: Report): SafeHtml {
  const cost = report.cost;
  return html`${note(`Cost-weighted view: a false positive costs λ = ${cost.lambda} false negatives (${cost.lambda_source}). Cost λ·FP + FN = ${formatDecimal(cost.cost, 1)}; weighted error ${formatPercent(cost.weighted_error.value)} vs ${formatPercent(cost.baseline_weighted_error.value)} for acting on nothing; total cost ratio ${formatDecimal(cost.tcr.value, 2)} (above 1 beats acting on nothing).${cost.min_cost !== null && ` The cheapest score threshold on this set is ${cost.min_cost.threshold === null ? 'to act on nothing' : formatDecimal(cost.min_cost.threshold, 2)} (chosen on this same set: optimistic).`}`)}`;
}

export function classificationSection(report: Report): SafeHtml {
  const c = report.classification;
  return section(
    'classification',
    'Classification',
    html`<figure class="table">${confusionMatrixTable(c.confusion_matrix, 'Confusion matrix', 'Answered items; shading = share of the gold row')}</figure>
${binaryMetricsTable(
  [
    { title: 'Answered items', metrics: c.answered },
    { title: 'Errors counted as wrong (worst case)', metrics: c.errors_as_wrong },
  ],
  `Binary metrics, positive = ${c.positive}`,
)}
${perLabelTable(report)}
<h3>Production view</h3>
${productionBlock(report)}
${costBlock(report)}`,
  );
}
