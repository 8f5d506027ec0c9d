/**
 * What went wrong, item by item: the worst false positives and false negatives with their text
 * (what a policy lead reads first), then the calls that failed, by kind and with their messages.
 * Failed calls are never negatives; they are shown here rather than hidden in the metrics.
 */
import type { Report } from '../../../domain/report/report-schema.js';
import { ERROR_KINDS } from '../../../domain/run/prediction.js';
import { html, type SafeHtml } from './escape-html.js';
import { formatCount, formatDecimal } from './format-values.js';
import { dataTable, inlineValue, itemHeading, itemText, note, section } from './html-blocks.js';

type WorstError = Report['worst_errors']['false_positives'][number];
type ErrorItem = Report['coverage']['error_items'][number];

function worstTable(caption: string, rows: readonly WorstError[], total: number, empty: string): SafeHtml {
  const more = total > rows.length ? note(`Showing ${formatCount(rows.length)} of ${formatCount(total)}; the CSV export lists every item.`) : null;
  return html`${dataTable({
    caption: `${caption} (${formatCount(total)})`,
    className: 'wide',
    empty,
    columns: [
      {
        header: 'Item',
        rowHeader: true,
        cell: (e: WorstError) => itemHeading(e),
      },
      { header: 'Gold → predicted', className: 'labels', cell: (e) => html`${inlineValue(e.gold_label)} → ${inlineValue(e.predicted_label)}` },
      { header: 'Score', numeric: true, cell: (e) => formatDecimal(e.score) },
      { header: 'Text', className: 'text', cell: (e) => itemText(e.excerpt, e.rationale) },
    ],
    rows,
  })}${more}`;
}

function errorKindsTable(coverage: Report['coverage']): SafeHtml {
  const rows = ERROR_KINDS.map((kind) => ({ kind, count: coverage.errors_by_kind[kind] ?? 0 }));
  return dataTable({
    caption: 'Failed calls by kind',
    columns: [
      { header: 'Kind', rowHeader: true, cell: (r: { kind: string; count: number }) => html`<code class="kind">${r.kind}</code>` },
      { header: 'Items', numeric: true, cell: (r) => formatCount(r.count) },
    ],
    rows,
  });
}

function errorItemsTable(coverage: Report['coverage']): SafeHtml {
  if (coverage.error_items.length === 0) return html``;
  return html`${dataTable({
    caption: 'Failed items',
    className: 'wide',
    columns: [
      { header: 'Item', rowHeader: true, cell: (e: ErrorItem) => inlineValue(e.id, true) },
      { header: 'Kind', cell: (e) => html`<code class="kind">${e.kind}</code>` },
      { header: 'Attempts', numeric: true, cell: (e) => formatCount(e.attempts) },
      { header: 'Message', className: 'text', cell: (e) => html`<span class="mono">${inlineValue(e.message)}</span>` },
    ],
    rows: coverage.error_items,
  })}${coverage.error_items_omitted > 0 && note(`${formatCount(coverage.error_items_omitted)} more failed items are not listed.`)}`;
}

export function errorsSection(report: Report): SafeHtml {
  const worst = report.worst_errors;
  const coverage = report.coverage;
  const positive = report.classification.positive;
  return section(
    'errors',
    'Errors',
    html`<h3>Worst mistakes</h3>
${worstTable(`False positives: not ${positive}, decided ${positive}, highest score first`, worst.false_positives, worst.false_positives_total, 'No false positives.')}
${worstTable(`False negatives: ${positive}, decided not ${positive}, lowest score first`, worst.false_negatives, worst.false_negatives_total, 'No false negatives.')}
<h3>Failed calls</h3>
${coverage.errors === 0 && coverage.missing === 0
  ? note('Every item was answered.')
  : note(`${formatCount(coverage.errors)} items failed and ${formatCount(coverage.missing)} have no record; they are left out of the metrics (never counted as negatives) and counted as wrong in the worst-case column.${coverage.unknown_records > 0 ? ` ${formatCount(coverage.unknown_records)} records name items outside the golden set and were ignored.` : ''}`)}
${errorKindsTable(coverage)}
${errorItemsTable(coverage)}`,
  );
}
