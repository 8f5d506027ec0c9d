/**
 * The report as GitHub-flavoured Markdown for a PR comment or `$GITHUB_STEP_SUMMARY`: the
 * headline table, confusion matrix and triage result in the open, everything else in collapsed
 * `<details>` blocks. Every piece of text goes through `markdownCell`, so item text, ids and
 * labels can neither inject HTML nor mention anyone.
 */
import type { Report } from '../../domain/report/report-schema.js';
import { markdownCell, markdownTable } from './plain-table.js';
import { reportSections, safeText, type TextSection, type TextTable } from './report-sections.js';

export interface RenderMarkdownOptions {
  /** Leave out the detail sections entirely (not even collapsed). */
  brief?: boolean;
  /** Heading level of the report title (2 = `##`). */
  headingLevel?: number;
}

const text = (line: string): string => markdownCell(safeText(line, Number.MAX_SAFE_INTEGER));

function table(t: TextTable): string {
  const caption = t.caption === undefined ? '' : `*${text(t.caption)}*\n\n`;
  const header = t.header.map((h) => safeText(h, Number.MAX_SAFE_INTEGER));
  const rows = t.rows.map((row) => row.map((cell) => (typeof cell === 'number' ? cell : safeText(cell, Number.MAX_SAFE_INTEGER))));
  return `${caption}${markdownTable(header, rows)}`;
}

function body(section: TextSection): string {
  const parts: string[] = [];
  if (section.lines.length > 0) parts.push(section.lines.map(text).join('<br>\n') + '\n');
  for (const t of section.tables) parts.push(table(t));
  return parts.join('\n');
}

export function renderMarkdownSection(section: TextSection, level: number): string {
  if (section.detail) {
    return `<details><summary>${text(section.title)}</summary>\n\n${body(section)}\n</details>\n`;
  }
  return `${'#'.repeat(level)} ${text(section.title)}\n\n${body(section)}`;
}

export function renderMarkdown(report: Report, options: RenderMarkdownOptions = {}): string {
  const level = options.headingLevel ?? 2;
  const { run, golden_set: g } = report;
  const title = `${'#'.repeat(level)} spameval: ${text(run.candidate.id)} on ${text(`${g.name}@${g.version}`)}\n`;
  const sections = reportSections(report).filter((section) => !(options.brief && section.detail));
  return [title, ...sections.map((section) => renderMarkdownSection(section, level + 1))].join('\n');
}
