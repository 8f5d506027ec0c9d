import type { GoldenDiff } from '../../domain/golden/diff-golden.js';
import { markdownCell, markdownTable, plainTable, type Cell } from './plain-table.js';

export type DiffFormat = 'table' | 'json' | 'md';
export const GOLDEN_DIFF_SCHEMA_VERSION = 1;

interface Section {
  title: string;
  count: number;
  header: string[];
  rows: Cell[][];
}

const yesNo = (flag: boolean): string => (flag ? 'gray' : 'clear');

function sections(diff: GoldenDiff): Section[] {
  return [
    { title: 'Relabeled', count: diff.counts.relabeled, header: ['id', 'from', 'to', 'text'], rows: diff.relabeled.map((d) => [d.id, d.from, d.to, d.snippet]) },
    { title: 'Added', count: diff.counts.added, header: ['id', 'label', 'category', 'gray', 'text'], rows: diff.added.map((d) => [d.id, d.label, d.category ?? '', d.gray ? 'yes' : '', d.snippet]) },
    { title: 'Removed', count: diff.counts.removed, header: ['id', 'label', 'category', 'gray', 'text'], rows: diff.removed.map((d) => [d.id, d.label, d.category ?? '', d.gray ? 'yes' : '', d.snippet]) },
    { title: 'Text changed', count: diff.counts.textChanged, header: ['id', 'label', 'new text'], rows: diff.textChanged.map((d) => [d.id, d.label, d.snippet]) },
    { title: 'Gray flag changed', count: diff.counts.grayChanged, header: ['id', 'label', 'from', 'to', 'text'], rows: diff.grayChanged.map((d) => [d.id, d.label, yesNo(d.from), yesNo(d.to), d.snippet]) },
    { title: 'Category changed', count: diff.counts.categoryChanged, header: ['id', 'label', 'from', 'to', 'text'], rows: diff.categoryChanged.map((d) => [d.id, d.label, d.from ?? '(none)', d.to ?? '(none)', d.snippet]) },
  ].filter((section) => section.count > 0);
}

function headline(diff: GoldenDiff): string {
  const c = diff.counts;
  return (
    `${diff.from} → ${diff.to}: ${c.from} → ${c.to} items; +${c.added} added, −${c.removed} removed, ${c.relabeled} relabeled, ` +
    `${c.textChanged} text changed, ${c.grayChanged} gray flag changed, ${c.categoryChanged} category changed` +
    `${c.reviewsChanged > 0 ? `, ${c.reviewsChanged} reviews changed` : ''}${c.weightChanged > 0 ? `, ${c.weightChanged} weight changed` : ''}; ${c.unchanged} unchanged`
  );
}

const manifestRows = (diff: GoldenDiff): Cell[][] => diff.manifest.map((m) => [m.field, JSON.stringify(m.from), JSON.stringify(m.to)]);

/** `limit` caps the rows listed per section in table and Markdown (JSON lists everything). */
export function renderGoldenDiff(diff: GoldenDiff, format: DiffFormat, limit = 20): string {
  if (format === 'json') return `${JSON.stringify({ schema_version: GOLDEN_DIFF_SCHEMA_VERSION, kind: 'golden-diff', ...diff }, null, 2)}\n`;
  const transitions = diff.labelTransitions.filter((t) => t.from !== t.to);
  const more = (section: Section): string => (section.rows.length > limit ? `… and ${section.rows.length - limit} more (--limit, or --format json for all)` : '');
  if (format === 'md') {
    const parts = [`## Golden set diff ${markdownCell(diff.from)} → ${markdownCell(diff.to)}`, '', markdownCell(headline(diff)), ''];
    if (diff.manifest.length > 0) parts.push('### Manifest', '', markdownTable(['field', 'from', 'to'], manifestRows(diff)));
    if (transitions.length > 0) parts.push('### Label changes', '', markdownTable(['from', 'to', 'items'], transitions.map((t) => [t.from, t.to, t.count])));
    for (const section of sections(diff)) {
      parts.push(`### ${section.title} (${section.count})`, '', markdownTable(section.header, section.rows.slice(0, limit)));
      if (more(section) !== '') parts.push(more(section), '');
    }
    return `${parts.join('\n')}\n`;
  }
  const parts = [headline(diff), ''];
  if (diff.manifest.length > 0) parts.push('Manifest', plainTable(['field', 'from', 'to'], manifestRows(diff)));
  if (transitions.length > 0) parts.push('Label changes', plainTable(['from', 'to', 'items'], transitions.map((t) => [t.from, t.to, t.count])));
  for (const section of sections(diff)) {
    parts.push(`${section.title} (${section.count})`, plainTable(section.header, section.rows.slice(0, limit)));
    if (more(section) !== '') parts.push(more(section), '');
  }
  return `${parts.join('\n').trimEnd()}\n`;
}
