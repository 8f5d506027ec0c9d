/**
 * The gray area: how much the reviewers themselves agree (the honest ceiling for a model), how
 * the candidate does on gray versus clear items, how it agrees with each reviewer and group, and
 * the items where it confidently contradicts the gold label — shown with their text, for SME
 * review, because these are where guidelines need updating or labels are wrong.
 */
import type { ConfidentDisagreement, Report } from '../../../domain/report/report-schema.js';
import { html, type SafeHtml } from './escape-html.js';
import { formatCount, formatDecimal, formatPercent } from './format-values.js';
import { dataTable, factList, inlineValue, itemHeading, itemText, note, section } from './html-blocks.js';
import { binaryMetricsTable } from './classification-section.js';
import { estimateCell } from './report-cells.js';

type Gray = Report['gray_area'];
type Reviewers = NonNullable<Gray['reviewers']>;
type Pair = Reviewers['cohen_pairs'][number];
type VsReviewers = NonNullable<Gray['candidate_vs_reviewers']>;
/** What the candidate-vs-reviewer and candidate-vs-group rows share. */
type VsAgreement = Pick<VsReviewers['reviewers'][number], 'n' | 'percent_agreement' | 'kappa'>;

function reviewerBlock(gray: Gray): SafeHtml {
  const r = gray.reviewers;
  if (!r) return note(`No reviewer agreement: ${gray.reviewers_reason ?? 'items carry fewer than two reviews'}.`);
  const facts = factList([
    ['Reviewers', html`${r.names.map((name, i) => html`${i > 0 && ', '}${inlineValue(name)}`)}${r.groups.length > 0 && html` <span class="muted">(groups: ${r.groups.map((g, i) => html`${i > 0 && ', '}${inlineValue(g)}`)})</span>`}`],
    ["Krippendorff's α (nominal)", html`${estimateCell(r.krippendorff.alpha, 'decimal')} <span class="muted small">${formatCount(r.krippendorff.units)} items, ${formatCount(r.krippendorff.pairable_values)} pairable labels; ≥ 0.800 reliable, 0.667–0.800 tentative</span>`],
    ["Fleiss' κ", html`${estimateCell(r.fleiss.kappa, 'decimal')} <span class="muted small">on ${formatCount(r.fleiss.items)} items with ${formatCount(r.fleiss.raters_per_item)} reviews each (${formatCount(r.fleiss.excluded_items)} left out)</span>`],
    ['Percent agreement', html`${formatPercent(r.percent_agreement.mean_item.value)} mean per item · ${formatPercent(r.percent_agreement.pooled_pairwise.value)} pooled over pairs <span class="muted small">(${formatCount(r.percent_agreement.items)} items)</span>`],
  ]);
  const pairs = dataTable({
    caption: "Cohen's κ per reviewer pair",
    empty: 'No pair of reviewers labelled the same items.',
    columns: [
      { header: 'Reviewers', rowHeader: true, cell: (p: Pair) => html`${inlineValue(p.a)} · ${inlineValue(p.b)}` },
      { header: 'Items', numeric: true, cell: (p) => formatCount(p.n) },
      { header: 'Agreement', numeric: true, cell: (p) => estimateCell(p.percent_agreement) },
      { header: 'κ', numeric: true, cell: (p) => estimateCell(p.kappa, 'decimal') },
      { header: 'Positive agreement', numeric: true, cell: (p) => (p.positive_agreement ? estimateCell(p.positive_agreement) : '–') },
      { header: 'Negative agreement', numeric: true, cell: (p) => (p.negative_agreement ? estimateCell(p.negative_agreement) : '–') },
    ],
    rows: r.cohen_pairs,
  });
  return html`${facts}${pairs}`;
}

function candidateVsReviewers(gray: Gray, candidate: string): SafeHtml {
  const v = gray.candidate_vs_reviewers;
  if (!v) return html``;
  const range = v.reviewer_kappa_range;
  const rangeText = range.min === null || range.max === null ? 'no reviewer pairs' : `${formatDecimal(range.min)} – ${formatDecimal(range.max)}`;
  return html`<h3>${candidate} against the reviewers</h3>
${factList([
  ['Soft accuracy', html`${estimateCell(v.soft_accuracy)} <span class="muted small">expected agreement with a random reviewer</span>`],
  ['Any-reviewer accuracy', html`${estimateCell(v.any_reviewer_accuracy)} <span class="muted small">at least one reviewer chose the candidate’s label</span>`],
  ['Majority accuracy', html`${estimateCell(v.majority_accuracy)} <span class="muted small">against the reviewers’ unique majority</span>`],
  ['Reviewer–reviewer κ range', `${rangeText}: a candidate whose κ with each reviewer falls in this range agrees with them as well as they agree with each other`],
])}
${agreementTable('Agreement with each reviewer', 'Reviewer', v.reviewers.map((row) => ({ ...row, name: row.reviewer })))}
${v.groups.length > 0 && agreementTable('Agreement with each reviewer group', 'Group', v.groups.map((row) => ({ ...row, name: row.group })))}`;
}

function agreementTable(caption: string, who: string, rows: readonly (VsAgreement & { name: string })[]): SafeHtml {
  return dataTable({
    caption,
    empty: 'No reviewer labelled answered items.',
    columns: [
      { header: who, rowHeader: true, cell: (row: VsAgreement & { name: string }) => inlineValue(row.name) },
      { header: 'Items', numeric: true, cell: (row) => formatCount(row.n) },
      { header: 'Agreement', numeric: true, cell: (row) => estimateCell(row.percent_agreement) },
      { header: 'κ', numeric: true, cell: (row) => estimateCell(row.kappa, 'decimal') },
    ],
    rows,
  });
}

export function disagreementTable(items: readonly ConfidentDisagreement[]): SafeHtml {
  return dataTable({
    caption: 'Confident disagreements with the gold label',
    className: 'wide',
    columns: [
      {
        header: 'Item',
        rowHeader: true,
        cell: (d: ConfidentDisagreement) => itemHeading(d),
      },
      { header: 'Gold → predicted', className: 'labels', cell: (d) => html`${inlineValue(d.gold_label)} → ${inlineValue(d.predicted_label)}` },
      { header: 'Confidence', numeric: true, cell: (d) => html`${formatPercent(d.confidence)}${d.score !== null && html`<br><span class="muted small">score ${formatDecimal(d.score)}</span>`}` },
      { header: 'Text', className: 'text', cell: (d) => itemText(d.excerpt, d.rationale) },
    ],
    rows: items,
  });
}

function disagreementBlock(gray: Gray): SafeHtml {
  const d = gray.confident_disagreements;
  if (!d.available) return note(`Confident disagreements not listed: ${d.reason ?? 'the candidate gives no scores'}.`);
  if (d.total === 0) return note(`No disagreement with the gold label at confidence ≥ ${formatPercent(d.min_confidence)}.`);
  return html`${note(`${formatCount(d.total)} items where the candidate contradicts the gold label with confidence ≥ ${formatPercent(d.min_confidence)}${d.omitted > 0 ? `; the first ${formatCount(d.items.length)} are shown (${formatCount(d.omitted)} more in the JSON report)` : ''}. Candidates for SME review: a wrong gold label or a guideline gap.`)}
${disagreementTable(d.items)}`;
}

export function grayAreaSection(report: Report): SafeHtml {
  const gray = report.gray_area;
  const reasons = gray.gray_reasons;
  return section(
    'gray-area',
    'Gray area and reviewer agreement',
    html`${factList([
  ['Items', `${formatCount(gray.gray_items)} gray · ${formatCount(gray.clear_items)} clear · ${formatCount(gray.unreviewed_items)} with fewer than two reviews`],
  ['Why gray', `${formatCount(reasons.flagged)} flagged by a curator · ${formatCount(reasons.split)} reviewers split · ${formatCount(reasons.no_majority)} no unique majority`],
])}
<h3>Reviewer agreement</h3>
${reviewerBlock(gray)}
<h3>${report.run.candidate.id} on gray versus clear items</h3>
${binaryMetricsTable(
  [
    { title: 'Gray items', metrics: gray.candidate_on_gray },
    { title: 'Clear items', metrics: gray.candidate_on_clear },
  ],
  'Against the gold label',
  ['Precision', 'Recall', 'F1', 'Accuracy', 'False positive rate', 'False negative rate'],
)}
${candidateVsReviewers(gray, report.run.candidate.id)}
<h3>Confident disagreements</h3>
${disagreementBlock(gray)}`,
  );
}
