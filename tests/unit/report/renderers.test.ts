/**
 * The text renderers on real reports (fixtures/report-*): item text is adversarial, so each
 * format is checked for its own escaping — terminal control sequences, Markdown/HTML in a PR
 * comment, spreadsheet formulas in CSV, XML in JUnit — and for saying the numbers the report holds.
 */
import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import { renderDisagreementsCsv, renderItemsCsv } from '../../../src/adapters/renderers/render-csv.js';
import { renderJson } from '../../../src/adapters/renderers/render-json.js';
import { escapeXml, renderJunit } from '../../../src/adapters/renderers/render-junit.js';
import { renderMarkdown } from '../../../src/adapters/renderers/render-markdown.js';
import { renderRunSummaryJson, renderRunSummaryMarkdown, renderRunSummaryTable } from '../../../src/adapters/renderers/render-run-summary.js';
import { renderTable, wantsColor } from '../../../src/adapters/renderers/render-table.js';
import { safeText } from '../../../src/adapters/renderers/report-sections.js';
import { reportGates } from '../../../src/cli/commands/report.js';
import { buildItemRows } from '../../../src/domain/report/join-run.js';
import { ReportSchema, type Report } from '../../../src/domain/report/report-schema.js';
import { fixtureReport, type FixtureReport } from './load-fixture-report.js';

let hand: FixtureReport;
let panel: Report;

beforeAll(async () => {
  hand = await fixtureReport('hand');
  panel = (await fixtureReport('panel')).report;
});

const ESC = '\u001b';

describe('terminal table', () => {
  it('without colour: no escape sequence at all, and the item text\'s own ESC and bidi override are gone', () => {
    const text = renderTable(hand.report, { color: false });
    expect(text).not.toContain(ESC);
    expect(text).not.toContain('\u202e');
    expect(text).toContain('=HYPERLINK("http://evil.example","win")');
    expect(text.split('\n')[0]).toBe('spameval report: scorer on report-hand@1.0.0');
    expect(text).toMatch(/│ precision\s+│ 50\.0% │ 25\.4%–74\.6% │/);
    expect(text).toContain('Best F1 0.615 at score ≥ 0 (in-sample: optimistic).');
  });

  it('with colour: styled headings, yet the item text still cannot inject its own sequences', () => {
    const text = renderTable(hand.report, { color: true });
    expect(text).toContain(`${ESC}[1m`);
    expect(text).not.toContain(`${ESC}[31mRED`);
  });

  it('colours only a TTY without NO_COLOR', () => {
    expect(wantsColor({ isTTY: true }, {})).toBe(true);
    expect(wantsColor({ isTTY: true }, { NO_COLOR: '1' })).toBe(false);
    expect(wantsColor({ isTTY: false }, {})).toBe(false);
    expect(wantsColor({}, {})).toBe(false);
  });

  it('brief leaves out the detail sections', () => {
    const text = renderTable(hand.report, { color: false, brief: true });
    expect(text).toContain('Classification');
    expect(text).not.toContain('Per slice');
  });

  it('safeText collapses whitespace and controls and cuts long text with an ellipsis', () => {
    expect(safeText('a\u0007b\n\tc\u202ed', 80)).toBe('a b c d');
    expect(safeText('x'.repeat(100), 10)).toBe(`${'x'.repeat(9)}…`);
  });
});

describe('Markdown', () => {
  it('keeps headline, confusion matrix and triage open, and details collapsed', () => {
    const md = renderMarkdown(hand.report);
    expect(md.startsWith('## spameval: scorer on report-hand\\@1.0.0\n')).toBe(true);
    expect(md).toContain('| precision | 50.0% | 25.4%–74.6% |');
    expect(md).toContain('| spam | 6 | 2 |');
    expect(md).toContain('### Manual-load reduction (triage)');
    expect(md).toContain('<details><summary>Per slice</summary>');
    expect(md).toContain('<details><summary>Errors and worst mistakes</summary>');
    expect(md.length).toBeLessThan(65_536); // GitHub's limit for a PR comment
  });

  it('escapes item text: no live HTML, image, mention or table break', () => {
    const md = renderMarkdown(hand.report);
    expect(md).not.toMatch(/(?<!\\)<(script|img)/);
    expect(md).toContain('\\<script\\>');
    expect(md).not.toMatch(/(^|[^\\])@everyone/);
    expect(md).not.toMatch(/(^|[^\\])!\[x\]/);
    expect(md).not.toContain(ESC);
    const rows = md.split('\n').filter((line) => line.startsWith('| h17 |'));
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) expect(row.split(/(?<!\\)\|/).length).toBe(row.startsWith('| h17 | not') ? 8 : 7);
  });
});

describe('JSON', () => {
  it('is the report, parsable by the schema, with a final newline', () => {
    const json = renderJson(panel);
    expect(json.endsWith('}\n')).toBe(true);
    expect(ReportSchema.parse(JSON.parse(json))).toEqual(panel);
  });
});

describe('CSV', () => {
  it('has one row per item, slice columns, and neutralises spreadsheet formulas', () => {
    const csv = renderItemsCsv(buildItemRows(hand.golden, hand.run));
    const rows: Record<string, string>[] = parse(csv, { columns: true });
    expect(rows).toHaveLength(18);
    expect(Object.keys(rows[0] ?? {})).toEqual([
      'id', 'gold_label', 'predicted_label', 'score', 'correct', 'status', 'error_kind', 'error_message',
      'gray', 'category', 'predicted_category', 'slice.surface', 'excerpt',
    ]);
    expect(rows[0]).toMatchObject({ id: 'h01', gold_label: 'spam', predicted_label: 'spam', score: '0.95', correct: 'true', status: 'ok', 'slice.surface': 'pin' });
    expect(rows[16]?.['excerpt']?.startsWith("'=HYPERLINK")).toBe(true);
    expect(rows[17]?.['excerpt']?.startsWith("'+cmd")).toBe(true);
    expect(rows[2]).toMatchObject({ gray: 'true', correct: 'false' });
  });

  it('shows errors as such, with kind and message, and no predicted label', async () => {
    const { golden, run } = await fixtureReport('panel');
    const rows: Record<string, string>[] = parse(renderItemsCsv(buildItemRows(golden, run)), { columns: true });
    expect(rows.find((row) => row.id === 'i08')).toMatchObject({
      status: 'error', error_kind: 'timeout', error_message: 'no answer within 30000 ms', predicted_label: '', correct: '', score: '',
    });
  });

  it('exports confident disagreements with the full item text', () => {
    const texts = new Map(hand.golden.items.map((item) => [item.id, item.text]));
    const csv = renderDisagreementsCsv(hand.report.gray_area.confident_disagreements.items, (id) => texts.get(id));
    const rows: Record<string, string>[] = parse(csv, { columns: true });
    expect(rows.map((row) => [row.id, row.confidence])).toEqual([['h17', '1'], ['h18', '1'], ['h03', '0.9']]);
    // the full text, made one inert line: its ESC sequence and bidi override are gone (csvItemText)
    expect(rows[0]?.text).toBe(`'${safeText(texts.get('h17') ?? '', Number.MAX_SAFE_INTEGER)}`);
    expect(rows[0]?.text).not.toMatch(/[\u001b\u202e]/);
  });
});

describe('JUnit', () => {
  it('makes each gate a test case and each failed gate a failure with its reason', () => {
    const results = reportGates(hand.report, 'suite.yaml');
    const xml = renderJunit([{ name: 'spameval gates: scorer', classname: 'spameval.scorer', results, properties: { run_id: 'r<1>' } }]);
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="spameval" tests="3" failures="1"')).toBe(true);
    expect(xml).toContain('<testcase name="precision &gt;= 0.5" classname="spameval.scorer" time="0">');
    expect(xml).toContain('<failure message="recall = 0.75 &lt; 0.9" type="metric-gate">recall = 0.75 &lt; 0.9</failure>');
    expect(xml).toContain('<property name="run_id" value="r&lt;1&gt;"/>');
    expect((xml.match(/<testcase /g) ?? []).length).toBe(3);
  });

  it('escapes markup and drops characters XML cannot hold', () => {
    expect(escapeXml(`a<b>&"c'\u0000\u001b\uFFFE`)).toBe('a&lt;b&gt;&amp;&quot;c&apos;');
  });
});

describe('run summary', () => {
  it('prints the headline metrics, the confusion matrix, coverage, triage and the run folder', () => {
    const runs = [{ report: panel, dir: '/runs/labeler' }];
    const text = renderRunSummaryTable(runs, { color: false });
    expect(text.split('\n')[0]).toBe('labeler on report-panel@1.0.0');
    expect(text).toContain('Coverage: 13 of 14 items answered (92.9%); 1 errors (timeout 1).');
    expect(text).toMatch(/│ precision\s+│ 66\.7% │ .+ │\s+60\.0% │/);
    expect(text).toContain('Triage: Nothing can be automated');
    expect(text).toContain('Run folder: /runs/labeler\n');
    expect(renderRunSummaryMarkdown(runs)).toContain('| precision | 66.7% |');
    const json = JSON.parse(renderRunSummaryJson(runs));
    expect(json.runs[0]).toMatchObject({ run_dir: '/runs/labeler', answered: 13, errors: 1, metrics: { precision: 6 / 9, roc_auc: null } });
  });
});
