/**
 * `spameval diff` through the built CLI on the diff-basic fixture: exit codes, every format,
 * JUnit, and the HTML page in a real browser with a hostile item among the flips. Expected
 * numbers come from tests/reference/diff-expected.json (statsmodels, sklearn, numpy).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { DiffSchema } from '../../src/domain/diff/diff-schema.js';
import { documentChecks, injectionTraces, launchChromium, openFile } from '../helpers/chromium.js';
import { repoRoot, runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/golden-fixture.js';
import reference from '../reference/diff-expected.json' with { type: 'json' };

const run = (id: string): string => join(repoRoot, 'fixtures/diff-basic/runs', id);
const A = run('a-baseline');
const B = run('b-candidate');
const C = run('c-regressed');
const D = run('d-new-version');

describe('spameval diff (built CLI)', () => {
  it('json: the documented schema, with the reference McNemar p-values and flips', async () => {
    const result = await runCli(['diff', A, B, '--format', 'json']);
    expect(result.code).toBe(0);
    const diff = DiffSchema.parse(JSON.parse(result.stdout));
    const expected = reference.cases.a_vs_b;
    expect(diff.mcnemar.overall).toMatchObject({ worse: 2, better: 9, exact_p: 134 / 2048 });
    expect(diff.mcnemar.overall.mid_p).toBeCloseTo(79 / 2048, 15);
    expect(diff.flips.new_false_positives.items.map((item) => item.id)).toEqual(expected.flips.new_false_positives);
    expect(diff.flips.new_false_negatives.items.map((item) => item.id)).toEqual(expected.flips.new_false_negatives);
    expect(diff.metrics['precision_delta']).toBeCloseTo(expected.deltas.precision.delta, 12);
    const precision = diff.deltas.find((entry) => entry.metric === 'precision');
    expect(precision?.delta.ci?.low).toBeCloseTo(expected.deltas.precision.low, 12);
    expect(precision?.delta.ci?.high).toBeCloseTo(expected.deltas.precision.high, 12);
    expect(diff.generated_at).toMatch(/^\d{4}-\d\d-\d\dT/);
  });

  it('table: plain text without a TTY, the same bytes twice', async () => {
    const [one, two] = await Promise.all([runCli(['diff', A, B]), runCli(['diff', A, B])]);
    expect(one.code).toBe(0);
    expect(one.stdout).toBe(two.stdout);
    expect(one.stdout).not.toMatch(/\u001b/);
    expect(one.stdout).toContain('No significant change in errors at α = 0.05 (McNemar exact, Holm over 3 tests). Flips: 1 new FP, 5 fixed FP, 1 new FN, 4 fixed FN.');
  });

  it('exit 1 when a delta gate fails on its bound, 0 when it holds; JUnit lists both', async () => {
    const dir = tempDir('spameval-diff-');
    const failing = await runCli(['diff', A, B, '--gate', 'recall_delta >= -0.005', '--gate', 'f1_delta >= 0', '--junit', join(dir, 'gates.xml')]);
    expect(failing.code).toBe(1);
    // recall rose 13 points, but its lower bound (−4.2 points) does not rule out a loss
    expect(failing.stderr).toMatch(/gate failed: recall_delta >= -0\.005: recall_delta = 0\.130435 \(95% CI \[-0\.041712, 0\.333333\]\): lower bound -0\.041712 < -0\.005/);
    const junit = readFileSync(join(dir, 'gates.xml'), 'utf8');
    expect(junit).toContain('<testcase name="recall_delta &gt;= -0.005" classname="spameval.model-v2" time="0">');
    expect(junit).toContain('<failure message="recall_delta = 0.130435');
    const holding = await runCli(['diff', A, B, '--gate', 'f1_delta >= 0', '--gate', 'recall >= 0.9']);
    expect(holding.code).toBe(0);
  });

  it('exit 1 by default for a significant regression (A → C, SPEC §6); --no-fail-on-regression opts out', async () => {
    const regressed = await runCli(['diff', A, C, '--format', 'md']);
    expect(regressed.code).toBe(1);
    expect(regressed.stdout).toMatch(/^## 🔴 spameval diff: model-v3 vs rules-v1/);
    expect(regressed.stderr).toContain('Regression: B has significantly more errors (14 new vs 0 fixed');
    const allowed = await runCli(['diff', A, C, '--format', 'md', '--no-fail-on-regression']);
    expect(allowed.code).toBe(0);
    expect(allowed.stderr).toBe('');
    // the old flag is still accepted (it is the default now)
    expect((await runCli(['diff', A, C, '--fail-on-regression'])).code).toBe(1);
    expect((await runCli(['diff', A, B])).code).toBe(0);
    const help = await runCli(['diff', '--help']);
    expect(help.stdout).toContain('--no-fail-on-regression');
    expect(help.stdout).toContain('1 a gate failed or B regressed');
  });

  it('with gates, the regression is a check of its own: a table row, a headline, a JUnit test case', async () => {
    const out = tempDir('spameval-diff-');
    const junit = join(out, 'gates.xml');
    const result = await runCli(['diff', A, C, '--gate', 'recall >= 0.5', '--junit', junit]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('Gates: all 1 hold; REGRESSED against the baseline (McNemar, Holm)');
    expect(result.stdout).toMatch(/│ FAIL\s+│ no significant regression \(McNemar, Holm\)\s+│ Regression: B has significantly more errors/);
    const xml = readFileSync(junit, 'utf8');
    expect(xml).toContain('failures="1"');
    expect(xml).toMatch(/<testcase name="no significant regression \(McNemar, Holm\)"[^>]*>\s*<failure message="Regression: B has significantly more errors/);
  });

  it('every gate problem at once: malformed, unknown metric, impossible threshold (exit 2)', async () => {
    const result = await runCli(['diff', A, B, '--gate', 'precision => 0.9', '--gate', 'precison >= 0.9', '--gate', 'recall >= 80', '--gate', 'fpr_delta <= 2']);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain("--gate 'precision => 0.9': unknown operator '=>'");
    expect(result.stderr).toContain("--gate 'precison >= 0.9': unknown metric 'precison' (did you mean 'precision'?)");
    expect(result.stderr).toContain("--gate 'recall >= 80': threshold 80 is outside [0, 1], the values recall can take (a proportion) (use a number between 0 and 1; for a percentage write '80%')");
    expect(result.stderr).toContain("--gate 'fpr_delta <= 2': threshold 2 is outside [-1, 1]");
  });

  it('triage deltas are gates too: judged on the point change, labelled; the unknown-delta list is complete', async () => {
    const gated = await runCli(['diff', A, B, '--gate', 'automation_rate_delta >= -1', '--format', 'json']);
    expect(gated.code).toBe(0);
    const diff = DiffSchema.parse(JSON.parse(gated.stdout));
    expect(diff.triage.weighting).toBe('paired_sample_unweighted');
    expect(diff.metrics).toHaveProperty('automation_rate_delta');
    const [gate] = diff.gates ?? [];
    expect(gate).toMatchObject({ gate: 'automation_rate_delta >= -1', kind: 'delta', passed: true });
    expect(gate?.reason).toContain('(point estimate, no interval; on the paired sample, unweighted)');
    const unknown = await runCli(['diff', A, B, '--gate', 'zzzzzzzzzz_delta >= 0']);
    expect(unknown.code).toBe(2);
    for (const name of ['precision_delta', 'category.pharma.recall_delta', 'clear.accuracy_delta', 'automation_rate_delta', 'auto_enforce_rate_delta', 'spam_leak_rate_delta']) {
      expect(unknown.stderr).toContain(name);
    }
    expect(unknown.stderr).not.toContain('in all;');
  });

  it('table: triage labelled unweighted, "more not listed" below its table, a significant improvement says "improved"', async () => {
    const result = await runCli(['diff', C, A, '--max-flips', '3']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("Triage: each run's certified automation on the paired sample, unweighted");
    // C → A fixes 12 false positives and adds none: significant in B's favour
    expect(result.stdout).toMatch(/│ gold negatives\s+│[^\n]*│ improved\s+│/);
    const fixed = result.stdout.slice(result.stdout.indexOf('Fixed false positives: 12'));
    const table = fixed.indexOf('│ Item');
    const more = fixed.indexOf('9 more not listed');
    expect(table).toBeGreaterThan(0);
    expect(more).toBeGreaterThan(table);
    const md = await runCli(['diff', A, B, '--format', 'md']);
    expect(md.stdout).toContain('on the paired sample, unweighted');
    const html = await runCli(['diff', A, B, '--format', 'html']);
    expect(html.stdout).toContain('on the paired sample, unweighted');
  });

  it('different golden-set versions: compared on shared ids, said loudly', async () => {
    const result = await runCli(['diff', B, D]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('WARNING: DIFFERENT GOLDEN SET VERSIONS: A ran on diff-basic@1.0.0, B on diff-basic@1.1.0.');
  });

  it('exit 2: a malformed gate, an unknown metric, a folder that is not a run; nothing on stdout', async () => {
    const malformed = await runCli(['diff', A, B, '--gate', 'precision => 0.9']);
    expect(malformed.code).toBe(2);
    expect(malformed.stderr).toContain("--gate 'precision => 0.9': unknown operator '=>' (use >=, >, <=, < or ==) (use '>=')");
    const unknown = await runCli(['diff', A, B, '--gate', 'precision_delat >= 0']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("unknown metric 'precision_delat'");
    const notRun = await runCli(['diff', A, join(repoRoot, 'fixtures/diff-ci')]);
    expect(notRun.code).toBe(2);
    expect(notRun.stderr).toMatch(/not a run folder \(no run\.json\)/);
    for (const result of [malformed, unknown, notRun]) expect(result.stdout).toBe('');
  });

  it('--summary-md and $GITHUB_STEP_SUMMARY get the Markdown diff', async () => {
    const dir = tempDir('spameval-diff-');
    const step = join(dir, 'step.md');
    writeFileSync(step, '');
    const result = await runCli(['diff', A, B, '--summary-md', join(dir, 'summary.md'), '--gate', 'f1_delta >= 0'], { env: { GITHUB_STEP_SUMMARY: step } });
    expect(result.code).toBe(0);
    const summary = readFileSync(join(dir, 'summary.md'), 'utf8');
    expect(summary).toContain('### Gates: all 1 hold');
    expect(summary).toContain('### ⚪ spameval diff: model-v2 vs rules-v1');
    expect(readFileSync(step, 'utf8')).toBe(`${summary}\n`);
  });
});

describe('spameval diff --format html in Chromium', () => {
  let browser: Browser;
  let file: string;
  beforeAll(async () => {
    file = join(tempDir('spameval-diff-html-'), 'diff.html');
    const result = await runCli(['diff', A, B, '--format', 'html', '--out', file, '--gate', 'recall_delta >= -0.005']);
    expect(result.code).toBe(1);
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });

  for (const bypassCSP of [false, true]) {
    it(`the hostile item is shown as text and runs nothing${bypassCSP ? ' (CSP bypassed: escaping alone)' : ''}`, async () => {
      const opened = await openFile(browser, file, { bypassCSP });
      try {
        const traces = await injectionTraces(opened.page);
        expect(traces).toMatchObject({ pwned: null, scripts: 0, images: 0, frames: 0, links: 0, srcAttributes: 0, onAttributes: [], nonAnchorHrefs: [] });
        expect(opened.watch.dialogs).toEqual([]);
        expect(opened.watch.requests).toEqual([opened.url]);
        const text = await opened.page.locator('#flips').innerText();
        expect(text).toContain('<script>alert("phish")</script><img src=x onerror=alert(1)>');
        expect(text).toContain('U+202E');
        const checks = await documentChecks(opened.page);
        expect(checks).toEqual({ duplicateIds: [], tablesWithoutHeaders: 0, tablesWithoutCaption: 0, unlabelledCharts: [] });
        expect(await opened.page.locator('#summary').innerText()).toContain('Gates: 1 of 1 FAILED');
      } finally {
        await opened.context.close();
      }
    });
  }
});
