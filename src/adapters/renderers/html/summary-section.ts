/**
 * The first screen a T&S lead sees: which candidate, on which exact golden set (version and
 * sha256), from which run; how much of the set it answered; the headline metrics with their
 * intervals; and the gates.
 */
import type { GateResult } from '../../../domain/gates/evaluate-gates.js';
import type { Report, ReportEstimate } from '../../../domain/report/report-schema.js';
import { html, type SafeHtml } from './escape-html.js';
import { asSentence, formatCount, formatDecimal, formatDuration, formatMoney, formatPercent } from './format-values.js';
import { badge, callout, dataTable, factList, inlineValue, metricCards, note, section, type CardOptions } from './html-blocks.js';
import { intervalText, ratioCounts, type ValueFormat } from './report-cells.js';
import { BOOTSTRAP_NOTE, bootstrapTooSmall } from '../value-format.js';

function card(label: string, estimate: ReportEstimate, format: ValueFormat = 'percent', hideInterval = false): CardOptions {
  if (estimate.value === null) return { label, value: '–', detail: estimate.reason ?? 'undefined' };
  const value = format === 'percent' ? formatPercent(estimate.value) : formatDecimal(estimate.value);
  // the same rule as the terminal and Markdown: an interval that would imply false certainty is not shown
  const ci = hideInterval ? BOOTSTRAP_NOTE : intervalText(estimate, format);
  const counts = ratioCounts(estimate);
  return { label, value, detail: html`${ci}${ci !== '' && counts !== '' && html`<br>`}${counts}` };
}

function headlineCards(report: Report): SafeHtml {
  const m = report.classification.answered;
  const { tp, fp, fn } = m.confusion;
  const cards: CardOptions[] = [
    card('Precision', m.precision),
    card('Recall', m.recall),
    // F1 counts TP, FP and FN: those are the items its bootstrap resamples
    card('F1', m.f1, 'decimal', bootstrapTooSmall(m.f1.ci, tp + fp + fn)),
    card('False positive rate', m.fpr),
  ];
  if (report.scores.available) {
    cards.push(card('Average precision', report.scores.average_precision, 'decimal'));
    cards.push(card('ROC AUC', report.scores.roc_auc, 'decimal'));
  }
  if (report.triage.mode !== 'unavailable') cards.push(card('Automation rate', report.triage.automation_rate));
  cards.push(card('Coverage', report.coverage.coverage));
  return metricCards(cards);
}

function statusBadge(status: Report['run']['status']): SafeHtml {
  return badge(status, status === 'complete' ? 'pass' : status === 'running' ? 'info' : 'fail');
}

function runFacts(report: Report): SafeHtml {
  const { run, golden_set: golden, coverage, settings } = report;
  const shard = run.shard ? ` · shard ${run.shard.index}/${run.shard.count}` : '';
  const usage = run.usage;
  return factList([
    ['Candidate', html`${inlineValue(run.candidate.id, true)} <span class="muted">(${run.candidate.type}; fingerprint ${inlineValue(run.candidate.fingerprint.slice(0, 16), true)})</span>`],
    ['Golden set', html`${inlineValue(`${golden.name}@${golden.version}`, true)} · ${formatCount(golden.count)} items · positive label ${inlineValue(golden.positive, true)}${golden.policy_version !== null && html` · policy ${inlineValue(golden.policy_version)}`}${golden.weighted && ' · weighted'}`],
    ['Golden sha256', html`<code>${golden.sha256}</code>`],
    ['Run', html`${inlineValue(run.run_id, true)} ${statusBadge(run.status)}${shard}`],
    ['Ran', `${run.started_at}${run.finished_at ? ` → ${run.finished_at}` : ''} (${formatDuration(run.elapsed_seconds * 1000)})`],
    ['Coverage', `${formatCount(coverage.answered)} of ${formatCount(coverage.items)} answered (${formatPercent(coverage.coverage.value)}); ${formatCount(coverage.errors)} errors, ${formatCount(coverage.missing)} missing`],
    ['Usage', usage.input_tokens + usage.output_tokens > 0 || usage.cost_usd > 0
      ? `${formatCount(usage.input_tokens)} input + ${formatCount(usage.output_tokens)} output tokens · ${formatMoney(usage.cost_usd, 'USD')}`
      : 'no tokens recorded'],
    ['Intervals', `${formatPercent(settings.confidence, 0)} two-sided: Wilson for proportions, percentile bootstrap for F1 (${formatCount(settings.bootstrap.replicates)} replicates, seed ${settings.bootstrap.seed})`],
  ]);
}

function gatesBlock(report: Report, gates: readonly GateResult[] | undefined): SafeHtml {
  if (gates && gates.length > 0) {
    const failed = gates.filter((g) => !g.passed).length;
    const verdict = failed === 0
      ? callout('pass', html`<strong>All ${gates.length} gates hold.</strong>`)
      : callout('fail', html`<strong>${failed} of ${gates.length} gates failed.</strong>`);
    return html`<h3>Gates</h3>${verdict}${dataTable({
      caption: 'Quality gates',
      columns: [
        { header: 'Gate', rowHeader: true, cell: (g: GateResult) => html`<code>${g.gate.text}</code>` },
        { header: 'Value', numeric: true, cell: (g) => formatDecimal(g.value, 4) },
        { header: 'Result', cell: (g) => badge(g.passed ? 'pass' : 'fail', g.passed ? 'pass' : 'fail') },
        { header: 'Why', cell: (g) => g.reason },
      ],
      rows: gates,
    })}`;
  }
  if (report.settings.gates.length === 0) return html``;
  return html`<h3>Gates</h3>${note(html`Declared by the suite, not evaluated in this page (run <code>spameval gate</code>): ${report.settings.gates.map((g, i) => html`${i > 0 && ', '}<code>${g}</code>`)}`)}`;
}

function notesBlock(report: Report): SafeHtml {
  if (report.notes.length === 0) return html``;
  return callout('warn', html`<strong>Read with care</strong><ul>${report.notes.map((text) => html`<li>${asSentence(text)}</li>`)}</ul>`);
}

export function summarySection(report: Report, gates: readonly GateResult[] | undefined): SafeHtml {
  return section(
    'summary',
    'Summary',
    html`${notesBlock(report)}
${headlineCards(report)}
${note(`Metrics on the ${formatCount(report.classification.answered.n)} answered items; errors are never counted as negatives (see Errors). Positive label: ${report.classification.positive}. In tables, the small range under a value is its ${formatPercent(report.settings.confidence, 0)} confidence interval.`)}
${runFacts(report)}
${gatesBlock(report, gates)}`,
  );
}
