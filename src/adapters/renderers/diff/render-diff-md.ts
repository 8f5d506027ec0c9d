/**
 * The diff as GitHub-flavoured Markdown for a pull-request comment or `$GITHUB_STEP_SUMMARY`:
 * the report's Markdown layout and escaping (item text, ids and labels can neither inject HTML
 * nor mention anyone), new errors in the open, fixes and triage folded.
 */
import type { Diff } from '../../../domain/diff/diff-schema.js';
import type { GateResult } from '../../../domain/gates/evaluate-gates.js';
import { markdownCell } from '../plain-table.js';
import { renderMarkdownSection } from '../render-markdown.js';
import { safeText } from '../report-sections.js';
import { diffSections } from './diff-sections.js';

export interface RenderDiffMarkdownOptions {
  gates?: readonly GateResult[];
  /** Heading level of the title (2 = `##`), so the diff can sit inside a larger summary. */
  headingLevel?: number;
  /** Flip items listed per list; 20 unless told. */
  flipsShown?: number;
}

export function renderDiffMarkdown(diff: Diff, options: RenderDiffMarkdownOptions = {}): string {
  const level = options.headingLevel ?? 2;
  const text = (value: string): string => markdownCell(safeText(value, Number.MAX_SAFE_INTEGER));
  const verdict = diff.regression.regressed ? '🔴' : '⚪';
  const title = `${'#'.repeat(level)} ${verdict} spameval diff: ${text(diff.b.candidate.id)} vs ${text(diff.a.candidate.id)} on ${text(`${diff.golden_set.name}@${diff.golden_set.version}`)}\n`;
  const sections = diffSections(diff, { excerptChars: 160, flipsShown: options.flipsShown ?? 20, ...(options.gates ? { gates: options.gates } : {}) });
  return [title, ...sections.map((section) => renderMarkdownSection(section, level + 1))].join('\n');
}
