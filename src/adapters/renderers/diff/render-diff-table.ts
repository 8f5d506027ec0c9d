/**
 * The diff for a terminal or a CI log: the report's section layout and tables, colour only when
 * asked (a TTY without NO_COLOR), the same bytes on every machine otherwise.
 */
import { Chalk } from 'chalk';
import type { Diff } from '../../../domain/diff/diff-schema.js';
import type { GateResult } from '../../../domain/gates/evaluate-gates.js';
import { renderTextSection } from '../render-table.js';
import { safeText } from '../report-sections.js';
import { diffSections } from './diff-sections.js';

export interface RenderDiffTableOptions {
  color?: boolean;
  gates?: readonly GateResult[];
  /** Flip items listed per list (the JSON keeps up to the diff's cap); 10 unless told. */
  flipsShown?: number;
}

export function renderDiffTable(diff: Diff, options: RenderDiffTableOptions = {}): string {
  const chalk = new Chalk({ level: options.color ? 1 : 0 });
  const title = chalk.bold(`spameval diff: ${safeText(diff.b.candidate.id)} vs ${safeText(diff.a.candidate.id)} on ${diff.golden_set.name}@${diff.golden_set.version}`);
  const sections = diffSections(diff, { excerptChars: 80, flipsShown: options.flipsShown ?? 10, ...(options.gates ? { gates: options.gates } : {}) });
  return [`${title}\n`, ...sections.map((section) => renderTextSection(section, chalk))].join('\n');
}
