/**
 * What a T&S lead reads of the triage result and the long lists, in every human format: words
 * for the status codes (raw codes stay in JSON), the stopping row's numbers for an uncertified
 * side, weighted columns labelled as such, one money format, bootstrap intervals too small to
 * mean anything hidden, and the terminal's long lists cut to what decides the answer.
 */
import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import { renderHtml } from '../../../src/adapters/renderers/html/render-html.js';
import { renderItemsCsv } from '../../../src/adapters/renderers/render-csv.js';
import { renderJson } from '../../../src/adapters/renderers/render-json.js';
import { renderMarkdown } from '../../../src/adapters/renderers/render-markdown.js';
import { renderRunSummaryTable } from '../../../src/adapters/renderers/render-run-summary.js';
import { renderTable } from '../../../src/adapters/renderers/render-table.js';
import { bootstrapTooSmall } from '../../../src/adapters/renderers/value-format.js';
import type { ItemRow, Report } from '../../../src/domain/report/report-schema.js';
import { fixtureReport, type FixtureReport } from './load-fixture-report.js';

let triage: FixtureReport;
let stratified: FixtureReport;
let hand: FixtureReport;
beforeAll(async () => {
  [triage, stratified, hand] = await Promise.all([fixtureReport('triage'), fixtureReport('stratified'), fixtureReport('hand')]);
});

const table = (report: Report): string => renderTable(report, { color: false });
const tableRow = (text: string, first: string): string => text.split('\n').find((line) => line.startsWith(`│ ${first} `)) ?? '';

describe('triage status words', () => {
  it('say certified / not certified in table, Markdown and HTML; JSON keeps the raw codes', () => {
    const human = [table(triage.report), renderMarkdown(triage.report), renderHtml(triage.report)];
    for (const text of human) {
      expect(text).toContain('certified');
      expect(text).toContain('not certified — sequence stops here');
      expect(text).toContain('not tested (after the stop)');
      expect(text).toContain('skipped (too few items to ever pass)');
      expect(text).not.toMatch(/\bnot rejected stop\b|\brejected\b/);
    }
    const json = renderJson(triage.report);
    expect(json).toContain('"status": "rejected"');
    expect(json).toContain('"status": "not_rejected_stop"');
  });
});

describe('an uncertified side shows its evidence', () => {
  it('the side row carries the stopping row (items, errors, observed, bound), not zeros', () => {
    const row = tableRow(table(stratified.report), 'auto-enforce');
    expect(row).toMatch(/│ no +│ stopped at own decisions │ +37 │ +5 │ +23\.5% │ +7\.0% │/);
    expect(table(stratified.report)).toContain('its row shows the threshold that stopped the sequence');
    expect(renderHtml(stratified.report)).toContain('The threshold that stopped the sequence');
  });

  it('weighted columns say they are weighted in table, Markdown and HTML', () => {
    const text = table(stratified.report);
    expect(text).toContain('observed (weighted)');
    expect(text).toContain('bound (weighted, approx.)');
    expect(renderMarkdown(stratified.report)).toContain('observed (weighted)');
    const page = renderHtml(stratified.report);
    expect(page).toContain('(weighted)');
    expect(page).toContain('weighted, approx.');
    // an unweighted report labels nothing as weighted
    expect(table(triage.report)).not.toContain('(weighted');
  });
});

describe('money and the headline', () => {
  it('the headline and the detail print the same amount the same way', () => {
    const text = table(triage.report);
    expect(text.match(/USD 2,812\.50/g)).toHaveLength(2);
    expect(text).not.toMatch(/USD 2813\b/);
    expect(renderHtml(triage.report)).toContain('USD 2,812.50');
  });

  it('the run summary says "approximately, Korn–Graubard" for a weighted guarantee', () => {
    const text = renderRunSummaryTable([{ report: stratified.report, dir: 'runs/x' }], { color: false });
    expect(text).toContain('with 95% confidence (approximately, Korn–Graubard)');
    expect(text).toContain('auto-enforce: more items would not help');
    expect(text).toContain('auto-clear: about 78 more labeled items');
  });
});

describe('bootstrap intervals too small to mean anything', () => {
  const ci = { low: 0.5, high: 0.8, confidence: 0.95, method: 'percentile' as const, replicates: 2000, dropped: 0, seed: 1 };
  it('rule: collapsed, fewer than 20 counted items, or more than 10% dropped', () => {
    expect(bootstrapTooSmall(ci, 20)).toBe(false);
    expect(bootstrapTooSmall(ci, 19)).toBe(true);
    expect(bootstrapTooSmall({ ...ci, low: 1, high: 1 }, 500)).toBe(true);
    expect(bootstrapTooSmall({ ...ci, dropped: 201 }, 500)).toBe(true);
    expect(bootstrapTooSmall({ ...ci, dropped: 200 }, 500)).toBe(false);
    expect(bootstrapTooSmall({ ...ci, method: 'wilson' }, 3)).toBe(false);
  });

  it('prints "—" with the note in table and Markdown; the JSON keeps the numbers', () => {
    // hand: TP 6, FP 6, FN 2 → 14 items behind F1
    const text = table(hand.report);
    expect(tableRow(text, 'F1')).toMatch(/│ 0\.600 │ — \* +│/);
    expect(text).toContain('too few items for a bootstrap interval');
    expect(renderMarkdown(hand.report)).toContain('too few items for a bootstrap interval');
    expect(hand.report.classification.answered.f1.ci).toMatchObject({ method: 'percentile' });
    // a large sample keeps its interval
    expect(tableRow(table(triage.report), 'F1')).toMatch(/│ \d\.\d{3}–\d\.\d{3} │/);
  });
});

describe('the terminal report keeps long lists short', () => {
  const manyDisagreements = (report: Report): Report => {
    const d = report.gray_area.confident_disagreements;
    const base = d.items[0];
    if (!base) throw new Error('fixture has no disagreement');
    const items = Array.from({ length: 50 }, (_, k) => ({ ...base, id: `many-${k}` }));
    return { ...report, gray_area: { ...report.gray_area, confident_disagreements: { ...d, items, total: 142, omitted: 92 } } };
  };

  it('prints 10 confident disagreements and says how many more and where; Markdown keeps all it has', () => {
    const report = manyDisagreements(hand.report);
    const text = table(report);
    expect(text.match(/│ many-\d+ /g)).toHaveLength(10);
    expect(text).toContain('… 132 more: --export-disagreements writes all 142 as CSV');
    expect(text).not.toMatch(/│ … 132 more/);
    expect(renderMarkdown(report).match(/\| many-\d+ \|/g)).toHaveLength(50);
  });

  it('prints grid rows up to one past the stop, with a note; Markdown has the whole grid', () => {
    const text = table(triage.report);
    const grid = text.slice(text.indexOf('Triage thresholds tested'));
    expect(grid).toContain('│ 0.69 ');
    expect(grid).not.toContain('│ 0.68 ');
    expect(grid).not.toContain('│ 0.99 ');
    expect(grid).toContain('19 more thresholds not tested after the stop not shown');
    // demo-like: a side certified all the way down prints its ends, not 50 rows
    const clear = triage.report.triage.clear;
    if (!clear) throw new Error('no clear side');
    const tests = Array.from({ length: 50 }, (_, k) => ({ ...clear.tests[0], threshold: (1 + k) / 100, status: 'rejected' as const, items: 40 + k, errors: 0, rate: 0, bound: 0.05, p_value: 0.001 }));
    const allCertified = { ...triage.report, triage: { ...triage.report.triage, clear: { ...clear, tests, stopped_at: null } } };
    const clearGrid = table(allCertified).split('clear thresholds tested')[1] ?? '';
    expect(clearGrid).toContain('44 certified thresholds between these not shown');
    expect(clearGrid.match(/│ 0\.\d+ +│/g)).toHaveLength(6);
    const md = renderMarkdown(triage.report);
    expect(md).toContain('| 0.5 |');
    expect(md).toContain('| 0.99 |');
  });
});

describe('per-item CSV', () => {
  it('drops ESC and other control characters from item text (one line per row)', () => {
    const row: ItemRow = {
      id: 'x1', gold_label: 'spam', predicted_label: 'spam', score: 0.9, correct: true, status: 'ok', error_kind: null,
      error_message: 'boom\u0007', gray: false, category: null, predicted_category: null, slices: {},
      excerpt: 'Buy \u001b[31mNOW\u001b[0m\nline two\ttab \u202eevil',
    };
    const csv = renderItemsCsv([row]);
    expect(csv).not.toMatch(/[\u0000-\u0009\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e]/);
    const rows: Record<string, string>[] = parse(csv, { columns: true });
    expect(rows[0]?.['excerpt']).toBe('Buy [31mNOW [0m line two tab evil');
    expect(rows[0]?.['error_message']).toBe('boom');
  });
});
