/**
 * The triage result as text sections for the terminal and Markdown: the per-side summary, the
 * headline and savings, and the table of tested thresholds. Status codes stay raw in the JSON;
 * people read words (`STATUS_TEXT`), and a weighted report says which columns are weighted.
 */
import { formatMoney } from '../../domain/report/build-triage.js';
import type { Report } from '../../domain/report/report-schema.js';
import { fixed, percent, type Cell } from './plain-table.js';
import { count, pValueText, plainNumber } from './value-format.js';
import type { SectionOptions, TextSection, TextTable } from './text-section.js';

type Triage = Report['triage'];
type Side = NonNullable<Triage['enforce']>;
type Test = Side['tests'][number];

/** What each raw status means to a reader: "rejected" (the null hypothesis) reads as failed. */
export const STATUS_TEXT: Record<Test['status'], string> = {
  skipped_before_start: 'skipped (too few items to ever pass)',
  rejected: 'certified',
  not_rejected_stop: 'not certified — sequence stops here',
  not_tested_after_stop: 'not tested (after the stop)',
};

const sideName = (side: Side): string => (side.side === 'enforce' ? 'auto-enforce' : 'auto-clear');
const capital = (text: string): string => `${text.charAt(0).toUpperCase()}${text.slice(1)}`;

function thresholdText(side: Side, threshold: number | null): string {
  if (threshold === null) return 'own decisions';
  return side.side === 'enforce' ? `≥ ${plainNumber(threshold)}` : `< ${plainNumber(threshold)}`;
}

/** Column headers saying what is weighted: the counts never are, the rate and (Korn–Graubard) bound are. */
export function triageHeaders(triage: Triage, side: Side): { observed: string; bound: string } {
  const kg = side.bound.method === 'korn-graubard';
  return {
    observed: triage.weighted ? 'observed (weighted)' : 'observed',
    bound: kg ? 'bound (weighted, approx.)' : 'bound',
  };
}

/** The side's row: the certified threshold's numbers, or — not certified — those of the threshold that stopped the sequence. */
function sideRow(side: Side): Cell[] {
  const what = side.side === 'enforce' ? `precision ≥ ${percent(side.target)}` : `false-clear ≤ ${percent(side.target)}`;
  const stop = side.certified ? undefined : side.stopped_at ?? undefined;
  if (!side.certified) {
    return [
      sideName(side),
      what,
      'no',
      stop === undefined ? '—' : `stopped at ${thresholdText(side, stop.threshold)}`,
      stop === undefined ? '—' : count(stop.items),
      stop === undefined ? '—' : count(stop.errors),
      percent(stop?.rate),
      percent(stop?.bound),
      pValueText(stop?.p_value ?? null),
    ];
  }
  const chosen = side.tests.find((t) => t.status === 'rejected' && t.threshold === side.threshold);
  return [
    sideName(side),
    what,
    'yes',
    side.threshold === null ? 'own decisions' : thresholdText(side, side.threshold),
    count(side.items),
    count(side.errors),
    percent(side.rate.value),
    percent(side.bound.value),
    pValueText(chosen?.p_value ?? null),
  ];
}

function sideLines(side: Side): string[] {
  if (side.certified) return [];
  const lines: string[] = [];
  const stop = side.stopped_at;
  if (stop !== null && stop !== undefined) {
    lines.push(
      `${capital(sideName(side))}: not certified; its row shows the threshold that stopped the sequence (${thresholdText(side, stop.threshold)}: ${count(stop.items)} items, ${count(stop.errors)} errors).`,
    );
  } else if (side.bound.reason !== undefined) {
    lines.push(`${capital(sideName(side))}: not certified — ${side.bound.reason}.`);
  }
  if (side.items_needed) lines.push(`${capital(sideName(side))}: ${side.items_needed.note}.`);
  return lines;
}

export function triageSection(report: Report): TextSection {
  const t = report.triage;
  const lines = [t.headline];
  const tables: TextTable[] = [];
  if (t.enforce && t.clear) {
    const h = triageHeaders(t, t.enforce);
    const weighted = t.weighted ? '; items and errors are golden-set counts, observed rates are weighted to production' : '';
    tables.push({
      caption: `${percent(t.confidence, 0)} joint confidence (δ/2 per side, bounds at ${percent(t.enforce.bound.confidence, 1)})${weighted}`,
      header: ['side', 'target', 'certified', 'threshold', 'items', 'errors', h.observed, h.bound, 'p-value'],
      rows: [sideRow(t.enforce), sideRow(t.clear)],
    });
    lines.push(
      `Automation rate ${percent(t.automation_rate.value)} (enforce ${percent(t.auto_enforce_rate.value)}, clear ${percent(t.auto_clear_rate.value)}), human review ${percent(t.human_review_rate.value)}; spam leak ${percent(t.spam_leak_rate.value)}, gray share of automated ${percent(t.gray_share_automated.value)}${t.weighted ? ' (weighted to production)' : ''}.`,
    );
    for (const side of [t.enforce, t.clear]) lines.push(...sideLines(side));
  }
  if (t.savings) {
    const s = t.savings;
    lines.push(
      `At ${count(s.volume_per_day)} items/day and ${plainNumber(s.aht_seconds)} s each: ${count(Math.round(s.items_automated_per_day))} items, ${s.hours_saved_per_day.toFixed(1)} reviewer-hours${s.cost_saved_per_day === null ? '' : ` and ${formatMoney(s.cost_saved_per_day, s.currency)}`} saved per day; expected wrongful enforcements ${fixed(s.wrongful_enforcements_per_day, 1)}/day (up to ${fixed(s.wrongful_enforcements_per_day_upper, 1)}).`,
    );
  } else if (t.savings_reason && t.mode !== 'unavailable') {
    lines.push(`Savings: ${t.savings_reason}.`);
  }
  lines.push(...t.caveats.map((c) => `Caveat: ${c}.`));
  return { id: 'triage', title: 'Manual-load reduction (triage)', lines, tables, detail: false };
}

/**
 * With `gridToStop`, a side's rows end one after the stop and the leading skipped thresholds
 * shrink to the last one: the rest cannot change the answer, and 50 rows a side bury it in a CI
 * log. The full grid stays in every other format.
 */
const GRID_ENDS = 3;

function shownTests(side: Side, gridToStop: boolean): { rows: Test[]; note: string | undefined } {
  if (!gridToStop) return { rows: side.tests, note: undefined };
  const firstTested = side.tests.findIndex((r) => r.status !== 'skipped_before_start');
  const stop = side.tests.findIndex((r) => r.status === 'not_rejected_stop');
  const from = firstTested <= 0 ? 0 : firstTested - 1;
  const to = stop < 0 ? side.tests.length : Math.min(side.tests.length, stop + 2);
  const skipped = from;
  const untested = side.tests.length - to;
  let rows = side.tests.slice(from, to);
  // every threshold certified (no stop): the first and the loosest few say it all
  const certified = rows.filter((r) => r.status === 'rejected').length;
  const middle = stop < 0 && certified > 2 * GRID_ENDS + 1 ? certified - 2 * GRID_ENDS : 0;
  if (middle > 0) rows = [...rows.slice(0, rows.length - certified + GRID_ENDS), ...rows.slice(rows.length - GRID_ENDS)];
  if (skipped === 0 && untested === 0 && middle === 0) return { rows: side.tests, note: undefined };
  const parts = [
    skipped > 0 ? `${skipped} stricter thresholds skipped (fewer than ${side.min_items} items) not shown` : '',
    middle > 0 ? `${middle} certified thresholds between these not shown` : '',
    untested > 0 ? `${untested} more thresholds not tested after the stop not shown` : '',
  ].filter((p) => p !== '');
  return { rows, note: `${parts.join('; ')}: --format json, md or html for the whole grid` };
}

export function triageTestsTable(report: Report, options: SectionOptions = {}): TextTable[] {
  const t = report.triage;
  return [t.enforce, t.clear].flatMap((side) => {
    if (side === null) return [];
    const h = triageHeaders(t, side);
    const { rows, note } = shownTests(side, options.gridToStop ?? false);
    return [
      {
        caption: `${side.side} thresholds tested, strictest first (start rule: ≥ ${side.min_items} items)${note === undefined ? '' : `; ${note}`}`,
        header: ['threshold', 'items', 'errors', h.observed, h.bound, 'p-value', 'status'],
        rows: rows.map((r) => [
          r.threshold === null ? 'own decisions' : plainNumber(r.threshold),
          count(r.items),
          count(r.errors),
          percent(r.rate),
          percent(r.bound),
          pValueText(r.p_value),
          STATUS_TEXT[r.status],
        ]),
      },
    ];
  });
}
