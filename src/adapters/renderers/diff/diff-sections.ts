/**
 * The diff as titled text sections, in the report renderers' model (report-sections.ts), so the
 * terminal and Markdown diffs are laid out and escaped exactly like the report: the same tables,
 * the same `safeText` for item text, the same collapsed `<details>` for what a reader opens on
 * demand (the fixed flips, triage).
 */
import type { Diff, FlipList } from '../../../domain/diff/diff-schema.js';
import type { GateResult } from '../../../domain/gates/evaluate-gates.js';
import { formatPValue } from '../html/format-values.js';
import { safeText, type TextSection, type TextTable } from '../report-sections.js';
import {
  candidateLabel,
  direction,
  DIRECTION_TEXT,
  FLIP_LISTS,
  formatDelta,
  formatDeltaInterval,
  formatMetric,
  formatTriage,
  headline,
  metricName,
  scoreChange,
  TRIAGE_BASIS,
  TRIAGE_BASIS_NOTE,
  triageName,
} from './diff-wording.js';

export interface DiffSectionOptions {
  gates?: readonly GateResult[];
  /** Flip items listed per list. */
  flipsShown: number;
  /** Characters of item text per row: a terminal is narrower than a PR comment. */
  excerptChars: number;
}

const section = (id: string, title: string, lines: string[], tables: TextTable[], detail = false): TextSection => ({
  id,
  title,
  lines,
  tables,
  detail,
});

function overview(diff: Diff): TextSection {
  const { pairing } = diff;
  return section(
    'overview',
    'Overview',
    [
      `A (baseline): ${candidateLabel(diff.a)} · B (new): ${candidateLabel(diff.b)}`,
      `Golden set ${diff.golden_set.name}@${diff.golden_set.version} · ${pairing.paired} of ${pairing.items} items answered by both ` +
        `(${pairing.answered_only_by_a} only by A, ${pairing.answered_only_by_b} only by B, ${pairing.answered_by_neither} by neither)`,
      `Intervals: ${Math.round(diff.settings.confidence * 100)}% paired percentile bootstrap, ${diff.settings.bootstrap.replicates} replicates, seed ${diff.settings.bootstrap.seed}; ` +
        '"better"/"WORSE" only when the whole interval is on one side of 0',
      ...diff.warnings.map((warning) => `WARNING: ${warning}`),
      headline(diff),
    ],
    [],
  );
}

/**
 * The section's title: the gates, then the regression check when there is a baseline — a run
 * that fails on a regression alone must not read "all hold".
 */
export function gatesTitle(results: readonly GateResult[]): string {
  const gates = results.filter((result) => result.kind !== 'regression');
  const failed = gates.filter((result) => !result.passed).length;
  const regression = results.find((result) => result.kind === 'regression');
  const head = gates.length === 0 ? 'No gates' : failed === 0 ? `Gates: all ${gates.length} hold` : `Gates: ${failed} of ${gates.length} FAILED`;
  if (regression === undefined) return head;
  if (!regression.passed) return `${head}; REGRESSED against the baseline (McNemar, Holm)`;
  return `${head}; ${regression.value !== null && regression.value > 0 ? 'regressed, not failing (--no-fail-on-regression)' : 'no significant regression'}`;
}

/** Gate results as a section (also used under a run's report), the regression check among them. */
export function gatesSection(results: readonly GateResult[]): TextSection {
  return section(
    'gates',
    gatesTitle(results),
    [],
    [{ header: ['Result', 'Gate', 'Why'], rows: results.map((result) => [result.passed ? 'pass' : 'FAIL', result.gate.text, result.reason]) }],
  );
}

function metrics(diff: Diff): TextSection {
  const level = `${Math.round(diff.settings.confidence * 100)}% CI`;
  const main = diff.deltas.filter((d) => !/^(category|gray|clear)\./.test(d.metric));
  return section(
    'metrics',
    'Metrics',
    [],
    [
      {
        header: ['Metric', 'n', 'A', 'B', 'Δ (B − A)', level, 'Verdict'],
        rows: main.map((entry) => [
          metricName(entry.metric),
          entry.n,
          formatMetric(entry.metric, entry.a.value),
          formatMetric(entry.metric, entry.b.value),
          formatDelta(entry.metric, entry.delta.value),
          entry.delta.value === null ? (entry.delta.reason ?? '') : formatDeltaInterval(entry),
          DIRECTION_TEXT[direction(entry)],
        ]),
      },
      {
        caption: `McNemar, B against A (exact test, Holm over the three, α = ${diff.regression.alpha}): ${diff.regression.summary}`,
        header: ['Items', 'n', 'Worse', 'Better', 'Exact p', 'Mid-p', 'Holm p', ''],
        rows: diff.regression.tests.map((test) => [
          test.name.replace('_', ' '),
          test.mcnemar.n,
          test.mcnemar.worse,
          test.mcnemar.better,
          formatPValue(test.mcnemar.exact_p),
          formatPValue(test.mcnemar.mid_p),
          formatPValue(test.holm_p),
          test.regressed ? 'REGRESSED' : test.holm_p < diff.regression.alpha && test.mcnemar.better > test.mcnemar.worse ? 'improved' : '',
        ]),
      },
    ],
  );
}

function flipSection(key: string, title: string, list: FlipList, options: DiffSectionOptions, detail: boolean): TextSection {
  const shown = options.flipsShown;
  const more = list.total - Math.min(shown, list.items.length);
  // the note closes the table, where a reader who scrolled through the list looks for the rest
  const moreRow = more > 0 ? [['…', '', '', '', `${more} more not listed (see --format json or html)`]] : [];
  return section(
    key,
    `${title}: ${list.total}`,
    [],
    list.total === 0
      ? []
      : [
          {
            header: ['Item', 'Category', 'Gray', 'Score A → B', 'Text'],
            rows: [
              ...list.items.slice(0, shown).map((item) => [item.id, item.category ?? '', item.gray ? 'gray' : '', scoreChange(item), safeText(item.excerpt, options.excerptChars)]),
              ...moreRow,
            ],
          },
        ],
    detail,
  );
}

function categories(diff: Diff): TextSection {
  return section(
    'categories',
    'Categories: detection recall on gold spam (Holm across categories)',
    [],
    [
      {
        header: ['Category', 'n', 'A', 'B', 'Δ', 'CI', 'New FN', 'Fixed FN', 'Holm p', ''],
        rows: diff.categories.map((c) => [
          c.category,
          c.paired,
          formatMetric('recall', c.recall.a.value),
          formatMetric('recall', c.recall.b.value),
          formatDelta('recall', c.recall.delta.value),
          formatDeltaInterval(c.recall),
          c.new_false_negatives,
          c.fixed_false_negatives,
          formatPValue(c.holm_p),
          c.regressed ? 'REGRESSED' : c.holm_p < diff.settings.alpha && c.fixed_false_negatives > c.new_false_negatives ? 'improved' : '',
        ]),
      },
    ],
  );
}

function grayArea(diff: Diff): TextSection {
  const row = (name: string, group: Diff['gray_area']['gray']) => [
    name,
    group.paired,
    formatMetric('accuracy', group.accuracy.a.value),
    formatMetric('accuracy', group.accuracy.b.value),
    formatDelta('accuracy', group.accuracy.delta.value),
    formatDeltaInterval(group.accuracy),
    group.mcnemar.worse,
    group.mcnemar.better,
    formatPValue(group.mcnemar.exact_p),
  ];
  return section(
    'gray-area',
    'Gray area: accuracy on gray items (flagged or reviewers split) and the rest',
    [],
    [{ header: ['Items', 'n', 'A', 'B', 'Δ', 'CI', 'Worse', 'Better', 'Exact p'], rows: [row('gray', diff.gray_area.gray), row('clear', diff.gray_area.clear)] }],
  );
}

function errors(diff: Diff): TextSection | null {
  const { newly_failing: failing, newly_answered: answered } = diff.errors;
  if (failing.total + answered.total === 0) return null;
  const line = (title: string, ids: Diff['errors']['newly_failing']) => `${title} (${ids.total}): ${ids.ids.join(', ')}${ids.omitted > 0 ? ', …' : ''}`;
  return section('errors', 'Errors (never counted as negatives; left out of paired metrics)', [
    ...(failing.total > 0 ? [line('Newly failing in B', failing)] : []),
    ...(answered.total > 0 ? [line('Newly answered in B', answered)] : []),
  ], []);
}

function triage(diff: Diff): TextSection | null {
  if (!diff.triage.available) return null;
  return section(
    'triage',
    `Triage: each run\'s certified automation ${TRIAGE_BASIS}`,
    [TRIAGE_BASIS_NOTE, ...(diff.triage.reason === undefined ? [] : [diff.triage.reason])],
    [
      {
        header: ['', 'A', 'B', 'Change'],
        rows: diff.triage.rows.map((row) => [triageName(row.metric), formatTriage(row.metric, row.a), formatTriage(row.metric, row.b), formatTriage(row.metric, row.change, true)]),
      },
    ],
    true,
  );
}

export function diffSections(diff: Diff, options: DiffSectionOptions): TextSection[] {
  const out: (TextSection | null)[] = [
    overview(diff),
    options.gates && options.gates.length > 0 ? gatesSection(options.gates) : null,
    metrics(diff),
    ...FLIP_LISTS.map((spec) => flipSection(spec.key, spec.title, diff.flips[spec.key], options, !spec.bad)),
    section('churn', 'Unchanged', [`Errors in both runs: ${diff.flips.unchanged_errors} · churn (share of items whose correctness changed): ${formatMetric('churn', diff.flips.churn.value)}`], []),
    diff.categories.length > 0 ? categories(diff) : null,
    grayArea(diff),
    errors(diff),
    triage(diff),
  ];
  return out.filter((entry): entry is TextSection => entry !== null);
}
