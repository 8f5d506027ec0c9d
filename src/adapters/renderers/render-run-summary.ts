/**
 * What `spameval run` prints for each finished run: the headline metrics with their intervals,
 * the confusion matrix, coverage and errors, the triage headline, and where the run folder is —
 * the full report is one `spameval report <folder>` away.
 */
import { Chalk } from 'chalk';
import type { Report } from '../../domain/report/report-schema.js';
import { renderMarkdownSection } from './render-markdown.js';
import { renderTextSection } from './render-table.js';
import { markdownCell } from './plain-table.js';
import { confusionTable, headlineTable, overviewLines, safeText, type TextSection } from './report-sections.js';

export interface SummarizedRun {
  report: Report;
  /** The run folder, as the user should type it. */
  dir: string;
}

function summarySection(run: SummarizedRun): { section: TextSection; after: string[] } {
  const { report } = run;
  const [, coverage] = overviewLines(report);
  return {
    section: {
      id: 'summary',
      title: `${report.run.candidate.id} on ${report.golden_set.name}@${report.golden_set.version}`,
      lines: coverage === undefined ? [] : [coverage],
      tables: [headlineTable(report), confusionTable(report)],
      detail: false,
    },
    after: [
      `Triage: ${report.triage.headline}`,
      ...report.notes.map((note) => `Note: ${note}.`),
      `Run folder: ${run.dir}`,
      `Full report: spameval report ${JSON.stringify(run.dir)}`,
    ],
  };
}

export function renderRunSummaryTable(runs: readonly SummarizedRun[], options: { color: boolean }): string {
  const chalk = new Chalk({ level: options.color ? 1 : 0 });
  return runs
    .map((run) => {
      const { section, after } = summarySection(run);
      return renderTextSection(section, chalk) + after.map((line) => `${safeText(line, Number.MAX_SAFE_INTEGER)}\n`).join('');
    })
    .join('\n');
}

export function renderRunSummaryMarkdown(runs: readonly SummarizedRun[]): string {
  return runs
    .map((run) => {
      const { section, after } = summarySection(run);
      return `${renderMarkdownSection(section, 3)}\n${after.map((line) => markdownCell(safeText(line, Number.MAX_SAFE_INTEGER))).join('<br>\n')}\n`;
    })
    .join('\n');
}

const SUMMARY_METRICS = [
  'precision',
  'precision_ci_low',
  'precision_ci_high',
  'recall',
  'recall_ci_low',
  'recall_ci_high',
  'f1',
  'f1_ci_low',
  'f1_ci_high',
  'accuracy',
  'fpr',
  'coverage',
  'error_rate',
  'average_precision',
  'roc_auc',
  'automation_rate',
  'hours_saved_per_day',
] as const;

/** One JSON document for all runs: the headline numbers; `spameval report --format json` has everything. */
export function renderRunSummaryJson(runs: readonly SummarizedRun[]): string {
  return `${JSON.stringify(
    {
      runs: runs.map(({ report, dir }) => ({
        run_dir: dir,
        run_id: report.run.run_id,
        status: report.run.status,
        candidate: report.run.candidate.id,
        golden_set: `${report.golden_set.name}@${report.golden_set.version}`,
        items: report.coverage.items,
        answered: report.coverage.answered,
        errors: report.coverage.errors,
        errors_by_kind: report.coverage.errors_by_kind,
        confusion: report.classification.answered.confusion,
        metrics: Object.fromEntries(SUMMARY_METRICS.map((name) => [name, report.metrics[name] ?? null])),
        triage: report.triage.headline,
        notes: report.notes,
      })),
    },
    null,
    2,
  )}\n`;
}

