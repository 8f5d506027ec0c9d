/**
 * What a CI check shows for one run: its gates, and its diff against the baseline, for the
 * terminal and for Markdown (a PR comment or `$GITHUB_STEP_SUMMARY`, under the run's brief report).
 */
import { Chalk } from 'chalk';
import type { Diff } from '../../../domain/diff/diff-schema.js';
import type { GateResult } from '../../../domain/gates/evaluate-gates.js';
import type { Report } from '../../../domain/report/report-schema.js';
import { renderMarkdown, renderMarkdownSection } from '../render-markdown.js';
import { renderTextSection } from '../render-table.js';
import { gatesSection } from './diff-sections.js';
import { renderDiffMarkdown } from './render-diff-md.js';
import { renderDiffTable } from './render-diff-table.js';

export interface CheckedRunView {
  /** Shown in the heading: candidate id and run folder. */
  title: string;
  report: Report | null;
  diff: Diff | null;
  results: readonly GateResult[];
}

export function renderCheckTable(checked: CheckedRunView, options: { color: boolean }): string {
  const chalk = new Chalk({ level: options.color ? 1 : 0 });
  const parts: string[] = [];
  if (checked.results.length > 0) parts.push(renderTextSection({ ...gatesSection(checked.results), title: `${gatesSection(checked.results).title} (${checked.title})` }, chalk));
  if (checked.diff) parts.push(renderDiffTable(checked.diff, { color: options.color, flipsShown: 5 }));
  return parts.join('\n');
}

export function renderCheckMarkdown(checked: CheckedRunView): string {
  const parts: string[] = [];
  if (checked.report) parts.push(renderMarkdown(checked.report, { brief: true, headingLevel: 2 }));
  if (checked.results.length > 0) parts.push(renderMarkdownSection(gatesSection(checked.results), 3));
  if (checked.diff) parts.push(renderDiffMarkdown(checked.diff, { headingLevel: 3 }));
  return parts.join('\n');
}
