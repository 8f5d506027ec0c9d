/**
 * The diff as one self-contained HTML page, on the report page's shell (same CSP: no script,
 * nothing fetched) and its escaping-by-construction `html` template: item text is spam, and
 * every string from a golden set or a run reaches the page only as text.
 */
import type { Diff, FlipList, MetricDelta } from '../../../domain/diff/diff-schema.js';
import type { GateResult } from '../../../domain/gates/evaluate-gates.js';
import { html, type SafeHtml } from '../html/escape-html.js';
import { formatCount, formatPValue } from '../html/format-values.js';
import { badge, callout, dataTable, factList, inlineValue, itemText, note, section, type Tone } from '../html/html-blocks.js';
import { htmlDocument, type TocEntry } from '../html/html-document.js';
import { deltaChart } from './delta-chart.js';
import { gatesTitle } from './diff-sections.js';
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
  mcnemarLine,
  metricName,
  scoreChange,
  TRIAGE_BASIS,
  TRIAGE_BASIS_NOTE,
  triageName,
  type Direction,
} from './diff-wording.js';

export interface RenderDiffHtmlOptions {
  gates?: readonly GateResult[];
}

const TOC: readonly TocEntry[] = [
  { id: 'summary', label: 'Summary' },
  { id: 'metrics', label: 'Metrics' },
  { id: 'flips', label: 'Flips' },
  { id: 'categories', label: 'Categories' },
  { id: 'gray-area', label: 'Gray area' },
  { id: 'errors', label: 'Errors' },
  { id: 'triage', label: 'Triage' },
];

const TONE: Readonly<Record<Direction, Tone>> = { better: 'pass', worse: 'fail', unclear: 'info', unchanged: 'info', undefined: 'warn' };

function gatesTable(gates: readonly GateResult[]): SafeHtml {
  const failed = gates.filter((gate) => !gate.passed).length;
  return html`<h3>Gates</h3>${callout(failed === 0 ? 'pass' : 'fail', html`<strong>${gatesTitle(gates)}</strong>`)}${dataTable({
    caption: 'Quality gates (delta gates are judged on the confidence bound of Δ)',
    columns: [
      { header: 'Gate', rowHeader: true, cell: (g: GateResult) => inlineValue(g.gate.text, true) },
      { header: 'Result', cell: (g) => badge(g.passed ? 'pass' : 'fail', g.passed ? 'pass' : 'fail') },
      { header: 'Why', cell: (g) => g.reason },
    ],
    rows: gates,
  })}`;
}

function summary(diff: Diff, gates: readonly GateResult[] | undefined): SafeHtml {
  const warnings =
    diff.warnings.length > 0 ? callout('warn', html`<strong>Read with care</strong><ul>${diff.warnings.map((w) => html`<li>${w}</li>`)}</ul>`) : null;
  const verdict = callout(diff.regression.regressed ? 'fail' : 'info', html`<strong>${headline(diff)}</strong>`);
  const runFacts = (run: Diff['a']) =>
    html`${inlineValue(run.candidate.id, true)} <span class="muted">(${run.candidate.type}; run ${inlineValue(run.run_id, true)}; ${run.golden_set.name}@${run.golden_set.version}${run.shard ? `; shard ${run.shard.index}/${run.shard.count}` : ''})</span> ${badge(run.status, run.status === 'complete' ? 'pass' : 'fail')}`;
  return section(
    'summary',
    'Summary',
    html`${warnings}${verdict}
${factList([
  ['A (baseline)', runFacts(diff.a)],
  ['B (new)', runFacts(diff.b)],
  ['Golden set', html`${inlineValue(`${diff.golden_set.name}@${diff.golden_set.version}`, true)} · positive label ${inlineValue(diff.golden_set.positive, true)}${!diff.golden_set.same_version && ' · versions differ: shared ids only'}`],
  ['Compared', `${formatCount(diff.pairing.paired)} of ${formatCount(diff.pairing.items)} items answered by both (${diff.pairing.answered_only_by_a} only by A, ${diff.pairing.answered_only_by_b} only by B, ${diff.pairing.answered_by_neither} by neither)`],
  ['Intervals', `${Math.round(diff.settings.confidence * 100)}% paired percentile bootstrap: ${formatCount(diff.settings.bootstrap.replicates)} replicates, seed ${diff.settings.bootstrap.seed}, one index vector per replicate for both runs`],
])}
${gates && gates.length > 0 && gatesTable(gates)}`,
  );
}

function deltaTable(caption: string, deltas: readonly MetricDelta[]): SafeHtml {
  return dataTable({
    caption,
    columns: [
      { header: 'Metric', rowHeader: true, cell: (d: MetricDelta) => metricName(d.metric) },
      { header: 'n', numeric: true, cell: (d) => formatCount(d.n) },
      { header: 'A', numeric: true, cell: (d) => formatMetric(d.metric, d.a.value) },
      { header: 'B', numeric: true, cell: (d) => formatMetric(d.metric, d.b.value) },
      { header: 'Δ (B − A)', numeric: true, cell: (d) => formatDelta(d.metric, d.delta.value) },
      { header: 'Interval', cell: (d) => (d.delta.value === null ? html`<span class="muted">${d.delta.reason ?? ''}</span>` : formatDeltaInterval(d)) },
      { header: '', cell: (d) => badge(DIRECTION_TEXT[direction(d)], TONE[direction(d)]) },
    ],
    rows: deltas,
  });
}

function metrics(diff: Diff): SafeHtml {
  const main = diff.deltas.filter((d) => !d.metric.startsWith('category.') && !d.metric.startsWith('gray.') && !d.metric.startsWith('clear.'));
  return section(
    'metrics',
    'Metrics',
    html`<figure class="wide">${deltaChart('delta-chart', 'Metric deltas, B − A', main)}<figcaption>Better or worse only where the whole interval lies on one side of 0.</figcaption></figure>
${deltaTable('Metric deltas on the items answered by both runs', main)}
<h3>McNemar</h3>
${dataTable({
  caption: `Items right in one run and wrong in the other (${diff.regression.method}, α = ${diff.regression.alpha})`,
  columns: [
    { header: 'Items', rowHeader: true, cell: (t: Diff['regression']['tests'][number]) => t.name.replace('_', ' ') },
    { header: 'B against A', cell: (t) => mcnemarLine(t.mcnemar) },
    { header: 'Holm p', numeric: true, cell: (t) => formatPValue(t.holm_p) },
    { header: '', cell: (t) => (t.regressed ? badge('regressed', 'fail') : t.holm_p < diff.regression.alpha && t.mcnemar.better > t.mcnemar.worse ? badge('improved', 'pass') : '') },
  ],
  rows: diff.regression.tests,
})}
${note('McNemar tests whether errors changed; precision has different denominators in A and B, so its change is judged by its bootstrap interval instead.')}`,
  );
}

function flipTable(title: string, list: FlipList): SafeHtml {
  return html`<h3>${title}: ${formatCount(list.total)}</h3>${dataTable({
    caption: `${title}, largest score change first`,
    columns: [
      { header: 'Item', rowHeader: true, cell: (f: FlipList['items'][number]) => inlineValue(f.id, true) },
      { header: 'Category', cell: (f) => (f.category === null ? '' : inlineValue(f.category)) },
      { header: 'Gray', cell: (f) => (f.gray ? badge('gray', 'warn') : '') },
      { header: 'Labels A → B', cell: (f) => html`${inlineValue(f.a_label)} → ${inlineValue(f.b_label)}` },
      { header: 'Score A → B', numeric: true, cell: (f) => scoreChange(f) },
      { header: 'Text', cell: (f) => itemText(f.excerpt) },
    ],
    rows: list.items,
    empty: 'None.',
  })}${list.omitted > 0 && note(`${formatCount(list.omitted)} more not listed (see the JSON diff with a higher --max-flips).`)}`;
}

function flips(diff: Diff): SafeHtml {
  return section(
    'flips',
    'Flips',
    html`${note(`Unchanged errors: ${formatCount(diff.flips.unchanged_errors)}; churn (share of items whose correctness changed): ${formatMetric('churn', diff.flips.churn.value)}.`)}
${FLIP_LISTS.map((spec) => flipTable(spec.title, diff.flips[spec.key]))}`,
  );
}

function categories(diff: Diff): SafeHtml {
  if (diff.categories.length === 0) return section('categories', 'Categories', note('The golden set has no categories.'));
  return section(
    'categories',
    'Categories',
    html`<figure class="wide">${deltaChart('category-chart', 'Detection recall per category, B − A', diff.categories.map((c) => c.recall))}</figure>
${dataTable({
  caption: 'Detection recall on gold spam, per category (Holm across categories)',
  columns: [
    { header: 'Category', rowHeader: true, cell: (c: Diff['categories'][number]) => inlineValue(c.category) },
    { header: 'n', numeric: true, cell: (c) => formatCount(c.paired) },
    { header: 'Recall A', numeric: true, cell: (c) => formatMetric('recall', c.recall.a.value) },
    { header: 'Recall B', numeric: true, cell: (c) => formatMetric('recall', c.recall.b.value) },
    { header: 'Δ', numeric: true, cell: (c) => formatDelta('recall', c.recall.delta.value) },
    { header: 'Interval', cell: (c) => formatDeltaInterval(c.recall) },
    { header: 'New / fixed FN', numeric: true, cell: (c) => `${c.new_false_negatives} / ${c.fixed_false_negatives}` },
    { header: 'Holm p', numeric: true, cell: (c) => formatPValue(c.holm_p) },
    { header: '', cell: (c) => (c.regressed ? badge('regressed', 'fail') : '') },
  ],
  rows: diff.categories,
})}`,
  );
}

function grayArea(diff: Diff): SafeHtml {
  const { gray, clear } = diff.gray_area;
  return section(
    'gray-area',
    'Gray area',
    html`${deltaTable('Label accuracy on gray items (flagged, or reviewers split) and on the rest', [gray.accuracy, clear.accuracy])}
${note(`McNemar, gray items: ${mcnemarLine(gray.mcnemar)}. Clear items: ${mcnemarLine(clear.mcnemar)}.`)}`,
  );
}

function errors(diff: Diff): SafeHtml {
  const list = (title: string, ids: Diff['errors']['newly_failing']) =>
    html`<h3>${title}: ${formatCount(ids.total)}</h3>${ids.total === 0 ? note('None.') : html`<p>${ids.ids.map((id, i) => html`${i > 0 && ', '}${inlineValue(id, true)}`)}${ids.omitted > 0 && ` … and ${ids.omitted} more`}</p>`}`;
  const rate = diff.deltas.find((d) => d.metric === 'error_rate');
  return section(
    'errors',
    'Errors',
    html`${rate && deltaTable('Error rate (errors are never counted as negatives: errored items are left out of paired metrics)', [rate])}
${list('Newly failing in B', diff.errors.newly_failing)}
${list('Newly answered in B', diff.errors.newly_answered)}`,
  );
}

function triage(diff: Diff): SafeHtml {
  if (!diff.triage.available) return section('triage', 'Triage', note(diff.triage.reason ?? 'Not available.'));
  return section(
    'triage',
    'Triage',
    html`${note(TRIAGE_BASIS_NOTE)}${diff.triage.reason !== undefined && note(diff.triage.reason)}
${dataTable({
  caption: `Each run's certified automation ${TRIAGE_BASIS} (thresholds chosen per run, fixed-sequence exact tests)`,
  columns: [
    { header: '', rowHeader: true, cell: (r: Diff['triage']['rows'][number]) => triageName(r.metric) },
    { header: 'A', numeric: true, cell: (r) => formatTriage(r.metric, r.a) },
    { header: 'B', numeric: true, cell: (r) => formatTriage(r.metric, r.b) },
    { header: 'Change', numeric: true, cell: (r) => formatTriage(r.metric, r.change, true) },
  ],
  rows: diff.triage.rows,
})}`,
  );
}

export function renderDiffHtml(diff: Diff, options: RenderDiffHtmlOptions = {}): string {
  return htmlDocument({
    title: `spameval diff: ${diff.b.candidate.id} vs ${diff.a.candidate.id}`,
    subtitle: html`A ${inlineValue(candidateLabel(diff.a), true)} → B ${inlineValue(candidateLabel(diff.b), true)} on ${inlineValue(`${diff.golden_set.name}@${diff.golden_set.version}`, true)}`,
    toc: TOC,
    body: [summary(diff, options.gates), metrics(diff), flips(diff), categories(diff), grayArea(diff), errors(diff), triage(diff)],
    footer: html`Generated by spameval ${diff.tool.version}${diff.generated_at !== null && html` on ${diff.generated_at}`}. Diff schema version ${diff.schema_version}. This page contains no script and loads nothing from the network.`,
  });
}
