/**
 * The sections that list items for a person to look at — the gray area with its reviewers and
 * confident disagreements, failed calls and the worst mistakes — with item text made inert.
 */
import type { Report } from '../../domain/report/report-schema.js';
import { fixed, percent, type Cell } from './plain-table.js';
import type { SectionOptions, TextSection, TextTable } from './text-section.js';
import { count, estimateText, safeText } from './value-format.js';

export function graySection(report: Report, options: SectionOptions): TextSection {
  const g = report.gray_area;
  const lines = [
    `${count(g.gray_items)} gray items (flagged ${g.gray_reasons.flagged}, reviewers split ${g.gray_reasons.split}, no majority ${g.gray_reasons.no_majority}), ${count(g.clear_items)} reviewed and clear, ${count(g.unreviewed_items)} unreviewed.`,
    `Candidate on gray items: accuracy ${estimateText(g.candidate_on_gray.accuracy)}, precision ${estimateText(g.candidate_on_gray.precision)}; on the rest: accuracy ${estimateText(g.candidate_on_clear.accuracy)}, precision ${estimateText(g.candidate_on_clear.precision)}.`,
  ];
  const tables: TextTable[] = [];
  if (g.reviewers) {
    const r = g.reviewers;
    lines.push(
      `Reviewers: Krippendorff's α ${estimateText(r.krippendorff.alpha, 'decimal')} (${r.krippendorff.units} units), Fleiss' κ ${estimateText(r.fleiss.kappa, 'decimal')} (${r.fleiss.items} items with ${r.fleiss.raters_per_item} reviews), pooled agreement ${percent(r.percent_agreement.pooled_pairwise.value)}.`,
    );
    if (r.cohen_pairs.length > 0) {
      tables.push({
        caption: "Cohen's κ per reviewer pair",
        header: ['reviewers', 'items', 'agreement', 'κ'],
        rows: r.cohen_pairs.map((p) => [`${safeText(p.a, 30)} / ${safeText(p.b, 30)}`, count(p.n), percent(p.percent_agreement.value), fixed(p.kappa.value)]),
      });
    }
  } else {
    lines.push(`Reviewer agreement: ${g.reviewers_reason ?? 'not available'}.`);
  }
  const v = g.candidate_vs_reviewers;
  if (v) {
    lines.push(
      `Candidate vs reviewers: soft accuracy ${percent(v.soft_accuracy.value)}, majority agreement ${percent(v.majority_accuracy.value)}; reviewer-pair κ range ${fixed(v.reviewer_kappa_range.min)}–${fixed(v.reviewer_kappa_range.max)}.`,
    );
    const rows: Cell[][] = [
      ...v.reviewers.map((r) => [`reviewer ${safeText(r.reviewer, 30)}`, count(r.n), percent(r.percent_agreement.value), fixed(r.kappa.value)]),
      ...v.groups.map((r) => [`group ${safeText(r.group, 30)}`, count(r.n), percent(r.percent_agreement.value), fixed(r.kappa.value)]),
    ];
    if (rows.length > 0) tables.push({ caption: 'candidate against each reviewer and group', header: ['against', 'items', 'agreement', 'κ'], rows });
  }
  const d = g.confident_disagreements;
  if (!d.available) lines.push(`Confident disagreements: ${d.reason ?? 'not available'}.`);
  else {
    const limit = options.listLimit ?? d.items.length;
    const shown = d.items.slice(0, limit);
    const more = d.total - shown.length;
    lines.push(
      `${count(d.total)} items where the candidate disagrees with gold at confidence ≥ ${percent(d.min_confidence, 0)}${more > 0 ? ` (first ${shown.length} shown; export them all with --export-disagreements)` : ''}.`,
    );
    if (shown.length > 0) {
      tables.push({
        caption: `confident disagreements: candidates for SME review${more > 0 ? `; … ${count(more)} more: --export-disagreements writes all ${count(d.total)} as CSV` : ''}`,
        header: ['id', 'gold', 'predicted', 'confidence', 'gray', 'text'],
        rows: shown.map((i): Cell[] => [safeText(i.id, 40), i.gold_label, i.predicted_label, fixed(i.confidence, 2), i.gray ? 'yes' : '', safeText(i.excerpt, 60)]),
      });
    }
  }
  return { id: 'gray', title: 'Gray area and reviewers', lines, tables, detail: true };
}

export function errorSection(report: Report): TextSection {
  const c = report.coverage;
  const w = report.worst_errors;
  const tables: TextTable[] = [];
  if (c.error_items.length > 0) {
    tables.push({
      caption: `failed items${c.error_items_omitted > 0 ? ` (first ${c.error_items.length}; ${c.error_items_omitted} more)` : ''}`,
      header: ['id', 'kind', 'attempts', 'message'],
      rows: c.error_items.map((e) => [safeText(e.id, 40), e.kind, count(e.attempts), safeText(e.message, 80)]),
    });
  }
  const worstRows = (list: Report['worst_errors']['false_positives']): Cell[][] =>
    list.map((e) => [safeText(e.id, 40), e.score === null ? '—' : fixed(e.score, 2), safeText(e.category ?? '', 20), e.gray ? 'yes' : '', safeText(e.excerpt, 70)]);
  if (w.false_positives.length > 0) {
    tables.push({
      caption: `worst false positives, highest score first (${w.false_positives.length} of ${w.false_positives_total})`,
      header: ['id', 'score', 'category', 'gray', 'text'],
      rows: worstRows(w.false_positives),
    });
  }
  if (w.false_negatives.length > 0) {
    tables.push({
      caption: `worst false negatives, lowest score first (${w.false_negatives.length} of ${w.false_negatives_total})`,
      header: ['id', 'score', 'category', 'gray', 'text'],
      rows: worstRows(w.false_negatives),
    });
  }
  return { id: 'errors', title: 'Errors and worst mistakes', lines: tables.length === 0 ? ['No failed calls and no mistakes.'] : [], tables, detail: true };
}

