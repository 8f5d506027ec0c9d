/**
 * Where the candidate is weak: recall per spam category (a bar chart with Wilson whiskers, then
 * the table) and every metric per slice value (surface, locale, source…), one table per slice key.
 */
import type { Report } from '../../../domain/report/report-schema.js';
import { html, type SafeHtml } from './escape-html.js';
import { formatCount, formatPercent } from './format-values.js';
import { dataTable, inlineValue, note, section, type Column } from './html-blocks.js';
import { estimateCell } from './report-cells.js';
import { barChart } from './svg-charts.js';

type CategoryRow = Report['classification']['categories'][number];
type SliceRow = Report['classification']['slices'][number];

function categoryBlock(report: Report): SafeHtml {
  const c = report.classification;
  if (c.categories.length === 0) return note('The golden set has no spam categories.');
  const chart = barChart({
    id: 'chart-category-recall',
    title: 'Recall per spam category',
    description: `Share of each category's gold-${c.positive} items that the candidate decided ${c.positive}, with ${formatPercent(report.settings.confidence, 0)} Wilson intervals.`,
    xLabel: 'Recall (detection)',
    formatValue: (v) => formatPercent(v),
    bars: c.categories.map((row) => ({
      label: row.category,
      value: row.recall.value,
      ci: row.recall.ci ?? null,
      note: row.recall.value === null ? (row.recall.reason ?? 'undefined') : `n = ${formatCount(row.answered)}`,
    })),
  });
  const columns: Column<CategoryRow>[] = [
    { header: 'Category', rowHeader: true, cell: (row: CategoryRow) => html`${inlineValue(row.category)}${row.description !== null && html`<br><span class="muted small">${row.description}</span>`}` },
    { header: 'Items', numeric: true, cell: (row: CategoryRow) => formatCount(row.items) },
    { header: 'Answered', numeric: true, cell: (row: CategoryRow) => formatCount(row.answered) },
    { header: 'Recall', numeric: true, cell: (row: CategoryRow) => estimateCell(row.recall) },
  ];
  if (c.predicts_categories) {
    columns.push(
      { header: 'Category precision', numeric: true, cell: (row) => (row.category_precision ? estimateCell(row.category_precision) : '–') },
      { header: 'Category recall', numeric: true, cell: (row) => (row.category_recall ? estimateCell(row.category_recall) : '–') },
    );
  }
  return html`<figure class="wide">${chart}</figure>
${dataTable({ caption: 'Per spam category', columns, rows: c.categories })}
${c.uncategorized_positives > 0 && note(`${formatCount(c.uncategorized_positives)} gold-${c.positive} items have no category.`)}
${!c.predicts_categories && note('The candidate does not name categories, so only detection recall per category is shown.')}`;
}

function sliceTable(key: string, rows: readonly SliceRow[]): SafeHtml {
  return dataTable({
    caption: html`Slice ${inlineValue(key, true)}`,
    columns: [
      { header: 'Value', rowHeader: true, cell: (row: SliceRow) => inlineValue(row.value) },
      { header: 'Items', numeric: true, cell: (row) => formatCount(row.items) },
      { header: 'Errors', numeric: true, cell: (row) => formatCount(row.errors) },
      { header: 'Precision', numeric: true, cell: (row) => estimateCell(row.metrics.precision) },
      { header: 'Recall', numeric: true, cell: (row) => estimateCell(row.metrics.recall) },
      { header: 'FPR', numeric: true, cell: (row) => estimateCell(row.metrics.fpr) },
      { header: 'F1', numeric: true, cell: (row) => estimateCell(row.metrics.f1, 'decimal') },
      { header: 'Accuracy', numeric: true, cell: (row) => estimateCell(row.metrics.accuracy) },
    ],
    rows,
  });
}

function sliceBlock(report: Report): SafeHtml {
  const slices = report.classification.slices;
  if (slices.length === 0) return note('The golden set defines no slices.');
  const byKey = new Map<string, SliceRow[]>();
  for (const row of slices) {
    const group = byKey.get(row.key);
    if (group) group.push(row);
    else byKey.set(row.key, [row]);
  }
  return html`${[...byKey].map(([key, rows]) => sliceTable(key, rows))}
${note('Small slices have wide intervals: read the interval before the point value.')}`;
}

export function breakdownSection(report: Report): SafeHtml {
  return section(
    'breakdown',
    'Categories and slices',
    html`<h3>Per spam category</h3>
${categoryBlock(report)}
<h3>Per slice</h3>
${sliceBlock(report)}`,
  );
}
