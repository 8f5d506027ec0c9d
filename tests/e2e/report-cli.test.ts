/**
 * `spameval report` and the summary `spameval run` prints, through the built CLI (NO_COLOR, no
 * TTY): every format, --out, the flag overrides, the disagreement export, and exit 2 with the
 * reason — and nothing written — when the golden set changed since the run or input is bad.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ReportSchema } from '../../src/domain/report/report-schema.js';
import { copyFixture, repoRoot, runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/golden-fixture.js';

const HAND = join(repoRoot, 'fixtures', 'report-hand', 'runs', 'scorer');
const TRIAGE = join(repoRoot, 'fixtures', 'report-triage', 'runs', 'triager');

describe('spameval report (built CLI)', () => {
  it('prints the terminal report by default', async () => {
    const result = await runCli(['report', HAND]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const lines = result.stdout.split('\n');
    expect(lines.slice(0, 5)).toEqual([
      'spameval report: scorer on report-hand@1.0.0',
      '',
      'Overview',
      'Candidate scorer (predictions) on report-hand@1.0.0, run 20261125T120000Z-scorer (complete).',
      'Coverage: 18 of 18 items answered (100.0%); 0 errors.',
    ]);
    // 14 items behind F1 (TP 6, FP 6, FN 2): under the 20 of value-format's bootstrap rule, so the
    // terminal prints no interval (the JSON keeps 0.285–0.842)
    expect(result.stdout).toContain('│ F1                  │ 0.600 │ — *         │');
    expect(result.stdout).toContain('too few items for a bootstrap interval');
    expect(result.stdout).not.toContain('\u001b');
  });

  it('--format json writes the versioned report: schema-valid, metrics flat', async () => {
    const result = await runCli(['report', HAND, '--format', 'json']);
    expect(result.code).toBe(0);
    const report = ReportSchema.parse(JSON.parse(result.stdout));
    expect(report.schema_version).toBe(1);
    expect(report.metrics).toMatchObject({ precision: 0.5, recall: 0.75, items: 18, error_rate: 0 });
    expect(Date.parse(report.generated_at ?? '')).not.toBeNaN();
  });

  it('--format md --out writes the file and nothing to stdout', async () => {
    const out = join(tempDir('spameval-report-md-'), 'report.md');
    const result = await runCli(['report', HAND, '--format', 'md', '--out', out]);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('');
    expect(readFileSync(out, 'utf8')).toMatch(/^## spameval: scorer on report-hand\\@1\.0\.0\n/);
  });

  it('--format csv: one row per item; --export-disagreements: the SME sheet', async () => {
    const sheet = join(tempDir('spameval-report-csv-'), 'sme.csv');
    const result = await runCli(['report', HAND, '--format', 'csv', '--export-disagreements', sheet]);
    expect(result.code).toBe(0);
    expect(result.stdout.trim().split('\n')).toHaveLength(19);
    expect(result.stdout.split('\n')[0]).toBe(
      'id,gold_label,predicted_label,score,correct,status,error_kind,error_message,gray,category,predicted_category,slice.surface,excerpt',
    );
    expect(result.stderr).toBe(`3 confidently disputed items written to ${sheet}\n`);
    expect(readFileSync(sheet, 'utf8').split('\n')[0]).toBe('id,gold_label,predicted_label,score,confidence,gray,category,text');
  });

  it('--format junit: the suite\'s gates as test cases', async () => {
    const result = await runCli(['report', HAND, '--format', 'junit']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('<testsuites name="spameval" tests="3" failures="1"');
    expect(result.stdout).toContain('<failure message="recall = 0.75 &lt; 0.9"');
  });

  it('--format html: one self-contained page', async () => {
    const out = join(tempDir('spameval-report-html-'), 'report.html');
    const result = await runCli(['report', HAND, '--format', 'html', '--out', out]);
    expect(result.code).toBe(0);
    expect(readFileSync(out, 'utf8').slice(0, 15).toLowerCase()).toBe('<!doctype html>');
  });

  it('flags override the run\'s settings and are recorded', async () => {
    const result = await runCli([
      'report', TRIAGE, '--format', 'json', '--prevalence', '2%', '--volume', '20000', '--aht', '30', '--cost-per-hour', '25', '--confidence', '0.9',
    ]);
    expect(result.code).toBe(0);
    const report = ReportSchema.parse(JSON.parse(result.stdout));
    expect(report.production).toMatchObject({ method: 'prevalence', prevalence: 0.02, volume_per_day: 20000 });
    expect(report.settings.overridden).toEqual(['--prevalence', '--volume', '--aht', '--cost-per-hour', '--confidence']);
    expect(report.triage.confidence).toBe(0.9);
    expect(report.triage.savings).toMatchObject({ volume_per_day: 20000, aht_seconds: 30, cost_per_hour: 25 });
  });

  it('exits 2 with the field when a flag is out of range, and 2 when it is not a number', async () => {
    const range = await runCli(['report', HAND, '--prevalence', '1.5']);
    expect(range.code).toBe(2);
    expect(range.stdout).toBe('');
    expect(range.stderr).toContain("field '--prevalence'");
    const word = await runCli(['report', HAND, '--volume', 'lots']);
    expect(word.code).toBe(2);
    expect(word.stderr).toContain('expected a number');
  });

  it('exits 2 on a folder that is not a run', async () => {
    const result = await runCli(['report', tempDir('spameval-not-a-run-')]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('not a run folder (no run.json)');
  });

  it('exits 2, writing nothing, when the golden set file changed since the run', async () => {
    const cwd = copyFixture('report-hand');
    const items = join(cwd, 'golden-sets', 'report-hand', '1.0.0', 'items.jsonl');
    writeFileSync(items, readFileSync(items, 'utf8').replace('see you at the meeting', 'see you at the party'));
    const out = join(cwd, 'report.md');
    const result = await runCli(['report', join(cwd, 'runs', 'scorer'), '--format', 'md', '--out', out]);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('cannot use the golden set this run was made on (report-hand@1.0.0)');
    expect(result.stderr).toMatch(/sha256/);
    expect(existsSync(out)).toBe(false);
  });

  it('exits 2 when the golden set was re-hashed in place (manifest and items both changed)', async () => {
    const cwd = copyFixture('report-hand');
    const run = join(cwd, 'runs', 'scorer', 'run.json');
    const meta = JSON.parse(readFileSync(run, 'utf8'));
    meta.golden_set.sha256 = 'f'.repeat(64);
    writeFileSync(run, JSON.stringify(meta));
    const result = await runCli(['report', join(cwd, 'runs', 'scorer')]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("field 'golden_set.sha256': golden set report-hand@1.0.0 changed since the run");
  });
});

describe('spameval run prints each run\'s summary', () => {
  it('--format json: headline numbers and where the run folder is', async () => {
    const cwd = copyFixture('tiny-suite');
    const result = await runCli(['run', '--quiet', '--format', 'json'], { cwd });
    expect(result.code).toBe(0);
    const summary = JSON.parse(result.stdout);
    expect(summary.runs).toHaveLength(1);
    const [run] = summary.runs;
    expect(run).toMatchObject({ candidate: 'rules', golden_set: 'tiny@1.0.0', items: 6, status: 'complete' });
    expect(existsSync(join(run.run_dir, 'run.json'))).toBe(true);
    expect(Object.keys(run.metrics)).toEqual(expect.arrayContaining(['precision', 'precision_ci_low', 'recall', 'f1', 'f1_ci_high']));
  });

  it('--format table: metrics with intervals, confusion matrix, triage and the run folder', async () => {
    const cwd = copyFixture('tiny-suite');
    const result = await runCli(['run', '--quiet'], { cwd });
    expect(result.code).toBe(0);
    expect(result.stdout.split('\n')[0]).toBe('rules on tiny@1.0.0');
    expect(result.stdout).toMatch(/│ precision\s+│ .+%\s+│ .+%–.+% │/);
    expect(result.stdout).toContain('gold \\ predicted');
    expect(result.stdout).toContain('Triage: ');
    expect(result.stdout).toMatch(/Run folder: .+\.spameval\/runs\/.+-rules\n/);
  });
});
