/**
 * Manual-load reduction: the thresholds certified by fixed-sequence exact binomial tests, what
 * they remove from the review queue, the hours and money that saves, and every tested threshold
 * so a reviewer can see where and why the sequence stopped. When nothing can be certified the
 * section says so in one plain sentence first.
 */
import { formatMoney } from '../../../domain/report/build-triage.js';
import type { Report } from '../../../domain/report/report-schema.js';
import { STATUS_TEXT } from '../triage-text.js';
import { html, type SafeHtml } from './escape-html.js';
import { asSentence, formatCount, formatDecimal, formatPValue, formatPercent } from './format-values.js';
import { callout, dataTable, factList, metricCards, note, section, type CardOptions } from './html-blocks.js';
import { boundText, intervalText } from './report-cells.js';

type Triage = Report['triage'];
type Side = NonNullable<Triage['enforce']>;
type Test = Side['tests'][number];

function sideTitle(side: Side): string {
  return side.side === 'enforce' ? 'Auto-enforce (score ≥ threshold)' : 'Auto-clear (score < threshold)';
}

function rateName(side: Side): string {
  return side.side === 'enforce' ? 'precision' : 'false-clear rate';
}

function sideSummary(side: Side, confidence: number, weighted: boolean): SafeHtml {
  const target = side.side === 'enforce' ? `precision ≥ ${formatPercent(side.target)}` : `false-clear rate ≤ ${formatPercent(side.target)}`;
  if (!side.certified) {
    const needed = side.items_needed;
    const stop = side.stopped_at;
    const at = stop?.threshold === null ? 'its own decisions' : `${side.side === 'enforce' ? 'score ≥' : 'score <'} ${formatDecimal(stop?.threshold, 2)}`;
    // the evidence: the row that ended the sequence, not zeros for a threshold that does not exist
    const evidence =
      stop === null || stop === undefined
        ? html` ${asSentence(side.bound.reason ?? 'no threshold was tested')}`
        : html` The threshold that stopped the sequence, ${at}: ${formatCount(stop.items)} golden items selected, ${formatCount(stop.errors)} wrong; ${rateName(side)} ${formatPercent(stop.rate)}${weighted ? ' (weighted)' : ''}, ${side.side === 'enforce' ? 'lower' : 'upper'} bound ${formatPercent(stop.bound)}${side.bound.method === 'korn-graubard' ? ' (Korn–Graubard, approximate)' : ''}, p-value ${formatPValue(stop.p_value)}.`;
    return callout('warn', html`<strong>No threshold certified</strong> for ${target} at ${formatPercent(confidence)} joint confidence.${evidence}${needed && html` ${asSentence(needed.note)}`}`);
  }
  if (side.threshold === null) {
    return callout('pass', html`<strong>Certified: its own decisions</strong> — ${formatCount(side.items)} golden items selected, ${formatCount(side.errors)} wrong; guarantee: ${rateName(side)} ${boundText(side.bound)}.`);
  }
  const where = side.side === 'enforce' ? `score ≥ ${formatDecimal(side.threshold, 2)}` : `score < ${formatDecimal(side.threshold, 2)}`;
  return callout('pass', html`<strong>Certified: ${where}</strong> — ${formatCount(side.items)} golden items selected, ${formatCount(side.errors)} wrong; ${rateName(side)} ${formatPercent(side.rate.value)}${intervalText(side.rate, 'percent') !== '' && ` (${intervalText(side.rate, 'percent')})`}; guarantee: ${rateName(side)} ${boundText(side.bound)}.`);
}

function testsTable(side: Side, tests: readonly Test[], caption: string, highlight: boolean, weighted: boolean): SafeHtml {
  const kg = side.bound.method === 'korn-graubard';
  const bound = `${side.side === 'enforce' ? 'Lower bound' : 'Upper bound'}${kg ? ' (weighted, approx.)' : ''}`;
  const rate = `${side.side === 'enforce' ? 'Precision' : 'False-clear rate'}${weighted ? ' (weighted)' : ''}`;
  return dataTable({
    caption,
    className: 'wide',
    rowClass: (t: Test) =>
      !highlight ? undefined : t.status === 'rejected' && t.threshold === side.threshold ? 'row-certified' : t.status === 'not_rejected_stop' ? 'row-stop' : undefined,
    columns: [
      { header: 'Threshold', rowHeader: true, numeric: true, cell: (t: Test) => formatDecimal(t.threshold, 2) },
      { header: 'Items', numeric: true, cell: (t) => formatCount(t.items) },
      { header: side.side === 'enforce' ? 'False positives' : 'Spam cleared', numeric: true, cell: (t) => formatCount(t.errors) },
      { header: rate, numeric: true, cell: (t) => formatPercent(t.rate) },
      { header: bound, numeric: true, cell: (t) => formatPercent(t.bound) },
      { header: 'p-value', numeric: true, cell: (t) => formatPValue(t.p_value) },
      { header: 'Result', cell: (t) => STATUS_TEXT[t.status] },
    ],
    rows: tests,
    empty: 'No threshold was tested.',
  });
}

/**
 * The tests that decided the outcome (certified thresholds and the one that stopped the
 * sequence) up front; the skipped and untested grid points are counted, and the full grid is
 * one click away — a 50-row table per side would bury the answer.
 */
function testsBlock(side: Side, weighted: boolean): SafeHtml {
  const deciding = side.tests.filter((t) => t.status === 'rejected' || t.status === 'not_rejected_stop');
  const skipped = side.tests.filter((t) => t.status === 'skipped_before_start').length;
  const untested = side.tests.filter((t) => t.status === 'not_tested_after_stop').length;
  const counts = [
    skipped > 0 ? `${formatCount(skipped)} stricter thresholds were skipped: they select fewer than ${formatCount(side.min_items)} items, too few to pass even without an error (start rule, decided on scores only).` : '',
    untested > 0 ? `${formatCount(untested)} looser thresholds were not tested: the sequence stops at its first failure.` : '',
  ].filter((line) => line !== '');
  return html`${testsTable(side, deciding, 'Thresholds that decided the outcome, strictest first', true, weighted)}
${counts.length > 0 && note(counts.join(' '))}
<details><summary>All ${formatCount(side.tests.length)} grid thresholds</summary>${testsTable(side, side.tests, 'Every grid threshold, strictest first', false, weighted)}</details>`;
}

function rateCards(triage: Triage): SafeHtml {
  const card = (label: string, estimate: Triage['automation_rate']): CardOptions => ({
    label,
    value: formatPercent(estimate.value),
    detail: estimate.value === null ? (estimate.reason ?? 'undefined') : intervalText(estimate, 'percent'),
  });
  return metricCards([
    card('Automation rate', triage.automation_rate),
    card('Auto-enforced', triage.auto_enforce_rate),
    card('Auto-cleared', triage.auto_clear_rate),
    card('Human review', triage.human_review_rate),
    card('Spam auto-enforced', triage.auto_enforce_recall),
    card('Spam leaked (auto-cleared)', triage.spam_leak_rate),
    card('Gray items among automated', triage.gray_share_automated),
  ]);
}

function savingsBlock(triage: Triage): SafeHtml {
  const s = triage.savings;
  if (!s) return note(`Savings not computed: ${triage.savings_reason ?? 'set operating.volume_per_day and operating.aht_seconds in the suite'}.`);
  return factList([
    ['Assumptions', `${formatCount(s.volume_per_day)} items/day in the review queue, ${formatDecimal(s.aht_seconds, 0)} s average handle time${s.cost_per_hour === null ? '' : `, ${formatMoney(s.cost_per_hour, s.currency)} per reviewer hour`}`],
    ['Items automated per day', formatCount(Math.round(s.items_automated_per_day))],
    ['Reviewer hours saved per day', formatDecimal(s.hours_saved_per_day, 1)],
    ['Cost saved per day', s.cost_saved_per_day === null ? 'set operating.cost_per_hour' : formatMoney(s.cost_saved_per_day, s.currency)],
    ['Wrongful enforcements per day', s.wrongful_enforcements_per_day === null
      ? '–'
      : `${formatDecimal(s.wrongful_enforcements_per_day, 1)} expected, up to ${formatDecimal(s.wrongful_enforcements_per_day_upper, 1)} at the precision bound`],
  ]);
}

export function triageSection(report: Report): SafeHtml {
  const triage = report.triage;
  const title = 'Manual-load reduction (triage)';
  if (triage.mode === 'unavailable') {
    return section('triage', title, callout('warn', html`<strong>${asSentence(triage.headline)}</strong>${triage.reason !== undefined && html` ${asSentence(triage.reason)}`}`));
  }
  const anyCertified = (triage.enforce?.certified ?? false) || (triage.clear?.certified ?? false);
  const settings = report.settings.triage;
  const sides = [triage.enforce, triage.clear].filter((side): side is Side => side !== null);
  return section(
    'triage',
    title,
    html`${callout(anyCertified ? 'pass' : 'warn', html`<strong>${asSentence(triage.headline)}</strong>`)}
${note(`Policy: auto-enforce above one threshold, auto-clear below another, send the rest to reviewers. Targets: precision ≥ ${formatPercent(settings.precision_target)} and false-clear rate ≤ ${formatPercent(settings.false_clear_target)}, jointly with ${formatPercent(triage.confidence)} confidence (${triage.enforce?.bound.method === 'korn-graubard' ? 'approximately: one-sided Korn–Graubard bounds on production-weighted estimates' : 'one-sided exact binomial tests'}, fixed sequence from the strictest threshold, δ split between the two sides).${triage.mode === 'labels' ? ' The candidate gives no scores, so its own decisions are the one operating point tested.' : ''}${triage.weighted ? ' Shares and rates are weighted to production; items and errors are golden-set counts.' : ''}`)}
${rateCards(triage)}
<h3>Savings</h3>
${savingsBlock(triage)}
${sides.map((side) => html`<h3>${sideTitle(side)}</h3>${sideSummary(side, triage.confidence, triage.weighted)}${testsBlock(side, triage.weighted)}`)}
${triage.caveats.length > 0 && html`<h3>Caveats</h3><ul class="caveats">${triage.caveats.map((c) => html`<li>${asSentence(c)}</li>`)}</ul>`}`,
  );
}
