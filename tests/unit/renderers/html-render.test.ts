/**
 * The HTML renderer without a browser: escaping rules, and that the charts draw the numbers the
 * report states — the PR step path encloses exactly scikit-learn's average precision, the ROC
 * polyline exactly its ROC AUC, and the reliability points sit at sklearn's calibration_curve
 * (fixtures/html-adversarial/sklearn-reference.json, made by sklearn_reference.py beside it).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, test } from 'vitest';
import { escapeHtml, html, joinHtml, trustedHtml } from '../../../src/adapters/renderers/html/escape-html.js';
import { revealInvisible } from '../../../src/adapters/renderers/html/html-blocks.js';
import { renderHtml } from '../../../src/adapters/renderers/html/render-html.js';
import { curvePoints } from '../../../src/adapters/renderers/html/scores-section.js';
import { loadGoldenSet } from '../../../src/adapters/stores/golden-store.js';
import { loadRun } from '../../../src/adapters/stores/run-store.js';
import { buildReport } from '../../../src/domain/report/build-report.js';
import type { Report } from '../../../src/domain/report/report-schema.js';

const fixture = fileURLToPath(new URL('../../../fixtures/html-adversarial', import.meta.url));

interface SklearnReference {
  average_precision: number;
  roc_auc: number;
  calibration: { prob_true: number[]; prob_pred: number[] };
}
const reference: SklearnReference = JSON.parse(readFileSync(join(fixture, 'sklearn-reference.json'), 'utf8'));

describe('escaping', () => {
  test('escapeHtml escapes the five HTML-significant characters and NUL', () => {
    expect(escapeHtml(`<a href="x" title='y'>&amp;</a>\0`)).toBe('&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;amp;&lt;/a&gt;\uFFFD');
    expect(escapeHtml('plain text, ünïcödé 🙂')).toBe('plain text, ünïcödé 🙂');
  });

  test('html escapes every interpolation and keeps its own fragments', () => {
    const payload = `"><script>alert(1)</script>`;
    const inner = html`<b>${payload}</b>`;
    expect(html`<p title="${payload}">${inner}${[payload, 1, null, undefined, false]}</p>`.markup).toBe(
      '<p title="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"><b>&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;</b>&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;1</p>',
    );
    expect(html`${0}`.markup).toBe('0');
    expect(joinHtml(['<', trustedHtml('<br>')], trustedHtml('|').markup).markup).toBe('&lt;|<br>');
  });

  test('untyped data shaped like SafeHtml is not trusted', () => {
    // JSON.parse is untyped: a forged { markup } must not pass as markup
    const forged = JSON.parse('{"markup":"<script>alert(1)</script>"}');
    expect(html`${forged}`.markup).toBe('[object Object]');
  });

  test('invisible and direction-changing characters become visible markers', () => {
    expect(revealInvisible('invoice\u202Efdp.exe\u200B<b>').markup).toBe(
      'invoice<span class="cp" title="invisible character U+202E">U+202E</span>fdp.exe<span class="cp" title="invisible character U+200B">U+200B</span>&lt;b&gt;',
    );
    // emoji sequences joined by ZWJ are left intact
    expect(revealInvisible('👩\u200D💻').markup).toBe('👩\u200D💻');
  });
});

describe('curves', () => {
  test('points are ordered by threshold with a null threshold (above every score) as +∞', () => {
    const curve = { x: 'recall' as const, y: 'precision' as const, xs: [0, 1, 0.5], ys: [1, 0.4, 0.8], thresholds: [null, 0.1, 0.6], points_total: 3 };
    expect(curvePoints(curve, 'ascending')).toEqual([{ x: 1, y: 0.4 }, { x: 0.5, y: 0.8 }, { x: 0, y: 1 }]);
    expect(curvePoints(curve, 'descending')).toEqual([{ x: 0, y: 1 }, { x: 0.5, y: 0.8 }, { x: 1, y: 0.4 }]);
  });
});

/** The SVG of one chart, its plot frame, and a helper to map SVG coordinates back to data. */
function chart(page: string, id: string): { svg: string; toData: (x: number, y: number) => [number, number] } {
  const svg = new RegExp(`<svg class="chart" id="${id}"[\\s\\S]*?</svg>`).exec(page)?.[0];
  if (!svg) throw new Error(`no chart ${id}`);
  const frame = /<rect class="frame" x="([\d.]+)" y="([\d.]+)" width="([\d.]+)" height="([\d.]+)"/.exec(svg);
  if (!frame) throw new Error(`no frame in ${id}`);
  const [left, top, width, height] = frame.slice(1, 5).map(Number) as [number, number, number, number];
  return { svg, toData: (x, y) => [(x - left) / width, (top + height - y) / height] };
}

function pathPoints(d: string): [number, number][] {
  return [...d.matchAll(/[ML]([\d.]+) ([\d.]+)/g)].map((m) => [Number(m[1]), Number(m[2])]);
}

/** Area between a polyline and y = 0 over x (trapezoids; exact for steps and straight segments). */
function areaUnder(points: readonly [number, number][]): number {
  let area = 0;
  for (let i = 1; i < points.length; i++) {
    const [x0, y0] = points[i - 1] ?? [0, 0];
    const [x1, y1] = points[i] ?? [0, 0];
    area += Math.abs(x1 - x0) * ((y0 + y1) / 2);
  }
  return area;
}

describe('charts draw the report’s numbers (checked against scikit-learn)', () => {
  let report: Report;
  let page: string;
  beforeAll(async () => {
    const golden = await loadGoldenSet(join(fixture, 'golden', 'adversarial', '1.0.0'), []);
    const run = await loadRun(join(fixture, 'run'));
    report = buildReport(golden, run, { toolVersion: '0.0.0-test', generatedAt: null });
    page = renderHtml(report);
  });

  function primaryCurve(id: string): [number, number][] {
    const { svg, toData } = chart(page, id);
    const d = /<path class="series primary" d="([^"]+)"/.exec(svg)?.[1] ?? '';
    return pathPoints(d).map(([x, y]) => toData(x, y));
  }

  test('the PR step curve encloses exactly the average precision', () => {
    expect(report.scores.average_precision.value).toBeCloseTo(reference.average_precision, 12);
    // coordinates are written to 0.01 SVG units on a ~350-unit plot: area error well under 1e-3
    expect(areaUnder(primaryCurve('chart-pr'))).toBeCloseTo(reference.average_precision, 3);
  });

  test('the ROC polyline encloses exactly the ROC AUC', () => {
    expect(areaUnder(primaryCurve('chart-roc'))).toBeCloseTo(reference.roc_auc, 3);
  });

  test('reliability points sit at sklearn calibration_curve (prob_pred, prob_true)', () => {
    const { svg, toData } = chart(page, 'chart-reliability');
    const points = [...svg.matchAll(/<circle class="bin-point" cx="([\d.]+)" cy="([\d.]+)"/g)].map((m) => toData(Number(m[1]), Number(m[2])));
    expect(points).toHaveLength(reference.calibration.prob_pred.length);
    points.forEach(([x, y], i) => {
      expect(x).toBeCloseTo(reference.calibration.prob_pred[i] ?? Number.NaN, 3);
      expect(y).toBeCloseTo(reference.calibration.prob_true[i] ?? Number.NaN, 3);
    });
  });

  test('the page is the same bytes for the same report (no clock, no randomness in rendering)', () => {
    expect(renderHtml(report)).toBe(page);
  });
});
