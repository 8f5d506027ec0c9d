import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { renderDiffHtml } from '../../../src/adapters/renderers/diff/render-diff-html.js';
import { renderDiffJson } from '../../../src/adapters/renderers/diff/render-diff-json.js';
import { renderDiffMarkdown } from '../../../src/adapters/renderers/diff/render-diff-md.js';
import { renderDiffTable } from '../../../src/adapters/renderers/diff/render-diff-table.js';
import { direction } from '../../../src/adapters/renderers/diff/diff-wording.js';
import { loadGoldenSet } from '../../../src/adapters/stores/golden-store.js';
import { loadRun } from '../../../src/adapters/stores/run-store.js';
import { buildDiff } from '../../../src/domain/diff/build-diff.js';
import { DiffSchema, diffJsonSchemaText, type Diff, type MetricDelta } from '../../../src/domain/diff/diff-schema.js';
import { evaluateGates } from '../../../src/domain/gates/evaluate-gates.js';
import { parseGates } from '../../../src/domain/gates/parse-gate.js';
import { diffGateDeltas } from '../../../src/app/release-check.js';

const root = join(import.meta.dirname, '../../..');
const fixture = join(root, 'fixtures/diff-basic');
// item s05 (a new false negative of B) carries markup, a pipe, a backtick, a mention, an RLO and an ESC
const S05 = 's05';

let diff: Diff;
beforeAll(async () => {
  const golden = await loadGoldenSet(join(fixture, 'golden-sets/diff-basic/1.0.0'), []);
  diff = buildDiff(golden, await loadRun(join(fixture, 'runs/a-baseline')), await loadRun(join(fixture, 'runs/b-candidate')), {
    toolVersion: 'test',
    bootstrap: { replicates: 300 },
  });
});

const gates = () => {
  const { gates: parsed } = parseGates(['recall_delta >= -0.005', 'f1_delta >= 0'].map((text) => ({ text, source: { kind: 'flag' as const } })));
  return evaluateGates(parsed, { metrics: {}, deltas: diffGateDeltas(diff) });
};

describe('diff renderers', () => {
  it('the hostile item is in the diff as data, unescaped (escaping is each renderer\'s job)', () => {
    const flip = diff.flips.new_false_negatives.items[0];
    expect(flip?.id).toBe(S05);
    expect(flip?.excerpt).toContain('<script>alert("phish")</script>');
    expect(flip?.excerpt).toContain('\u202e');
  });

  it('table: plain, no colour, control and bidi characters never reach the terminal', () => {
    const text = renderDiffTable(diff, { color: false, gates: gates() });
    expect(text).not.toMatch(/\u001b/);
    expect(text).not.toContain('\u202e');
    expect(text).toContain('New false negatives (spam B would miss): 1');
    expect(text).toMatch(/│ s05\s+│ phishing/);
    expect(text).toContain('Gates: 1 of 2 FAILED');
    expect(text).toMatch(/FAIL\s+│ recall_delta >= -0\.005/);
    expect(text).toContain('2 │      9 │   0.065 │ 0.039'); // McNemar worse/better, exact and mid-p
    expect(renderDiffTable(diff, { color: true })).toMatch(/\u001b\[1m/);
  });

  it('markdown: no live HTML, image, mention or table break from item text', () => {
    const md = renderDiffMarkdown(diff, { gates: gates() });
    const line = md.split('\n').find((row) => row.startsWith('| s05'));
    expect(line).toBeDefined();
    // every < is backslash-escaped: GitHub shows it as text, no tag opens
    expect(line).not.toMatch(/(?<!\\)</);
    expect(line).toContain('\\<script\\>');
    expect(line).toContain('\\@everyone');
    expect(md).not.toContain('![x](');
    // the row has exactly the table's 5 cells: the pipe in the text is escaped
    expect(line?.replace(/\\\|/g, '').split('|').length).toBe(7);
    expect(md).toMatch(/^## ⚪ spameval diff: model-v2 vs rules-v1/);
    expect(md).toContain('<details><summary>Fixed false positives: 5</summary>');
  });

  it('json: the diff schema, gates included, round-trips', () => {
    const parsed: unknown = JSON.parse(renderDiffJson(diff, { gates: gates() }));
    const back = DiffSchema.parse(parsed);
    expect(back.gates?.map((gate) => [gate.gate, gate.passed, gate.kind])).toEqual([
      ['recall_delta >= -0.005', false, 'delta'],
      ['f1_delta >= 0', true, 'delta'],
    ]);
    expect({ ...back, gates: undefined }).toEqual({ ...diff, gates: undefined });
  });

  it('html: one self-contained page, the hostile text escaped and its invisible characters shown', () => {
    const page = renderDiffHtml(diff, { gates: gates() });
    expect(page).toMatch(/<meta http-equiv="Content-Security-Policy" content="default-src &#39;none&#39;/);
    expect(page).not.toMatch(/<script|<img|onerror=alert\(1\)>|<a href="http:\/\/x/);
    expect(page).toContain('&lt;script&gt;alert(&quot;phish&quot;)&lt;/script&gt;');
    expect(page).toContain('U+202E');
    expect(page).not.toContain('\u202e');
    expect(page).not.toMatch(/\s(src|href)="http/);
    expect(page).toContain('<svg class="chart" id="delta-chart"');
    expect(page).toContain('Gates: 1 of 2 FAILED');
  });
});

describe('direction: better or worse only when the interval excludes 0', () => {
  const entry = (value: number | null, low: number, high: number, higherIsBetter = true): MetricDelta => ({
    metric: 'precision',
    n: 10,
    a: { value: 0.5 },
    b: { value: 0.5 },
    delta: { value, ci: { low, high, confidence: 0.95, method: 'percentile' } },
    higher_is_better: higherIsBetter,
  });
  it.each([
    [entry(0.1, 0.01, 0.2), 'better'],
    [entry(0.1, 0, 0.2), 'unclear'],
    [entry(-0.1, -0.2, -0.01), 'worse'],
    [entry(0.1, 0.01, 0.2, false), 'worse'],
    [entry(0, 0, 0), 'unchanged'],
    [entry(0, -0.1, 0.1), 'unclear'],
    [entry(null, 0, 0), 'undefined'],
  ] as const)('%#', (input, expected) => {
    expect(direction(input)).toBe(expected);
  });
});

describe('diff schema document', () => {
  it('docs/diff-schema.json is generated from the zod schema (npx tsx scripts/write-diff-schema.ts)', () => {
    expect(readFileSync(join(root, 'docs/diff-schema.json'), 'utf8')).toBe(diffJsonSchemaText());
  });
});
