/**
 * The report's contract: every built report validates against the zod schema (strict: no key
 * outside it) and survives JSON, the committed docs/report-schema.json is the one generated from
 * the schema, and the flat metric map only holds documented names with a reason for every null.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { reportJsonSchemaText } from '../../../src/domain/report/report-json-schema.js';
import { lookupMetric, metricValues, REPORT_METRIC_NAMES } from '../../../src/domain/report/report-metrics.js';
import { ReportSchema } from '../../../src/domain/report/report-schema.js';
import { FIXTURE_RUNS, fixtureReport, repoRoot } from './load-fixture-report.js';

const NAMES = Object.keys(FIXTURE_RUNS) as (keyof typeof FIXTURE_RUNS)[];

/** A documented name or pattern as a regular expression: `<x>` stands for any non-empty text. */
function patternOf(name: string): RegExp {
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/<[a-z]+>/g, '.+');
  return new RegExp(`^${escaped}$`);
}
const DOCUMENTED = REPORT_METRIC_NAMES.map((d) => patternOf(d.name));

describe('report schema and metric map', () => {
  it('docs/report-schema.json is the JSON Schema generated from the zod schema (run scripts/write-report-schema.ts)', () => {
    const committed = readFileSync(join(repoRoot, 'docs', 'report-schema.json'), 'utf8');
    expect(committed).toBe(reportJsonSchemaText());
    const schema = JSON.parse(committed);
    expect(schema.properties.schema_version).toEqual({ type: 'number', const: 1 });
    expect(Object.keys(schema.$defs)).toContain('Estimate');
  });

  it.each(NAMES)('the %s report validates strictly and round-trips through JSON unchanged', async (name) => {
    const { report } = await fixtureReport(name);
    const parsed = ReportSchema.safeParse(JSON.parse(JSON.stringify(report)));
    if (!parsed.success) throw new Error(parsed.error.message);
    expect(parsed.data).toEqual(report);
  });

  it.each(NAMES)('every metric of the %s report is documented, and every null has its reason', async (name) => {
    const { report } = await fixtureReport(name);
    const names = Object.keys(report.metrics);
    expect(names.length).toBeGreaterThan(100);
    const undocumented = names.filter((metric) => !DOCUMENTED.some((pattern) => pattern.test(metric)));
    expect(undocumented).toEqual([]);
    for (const [metric, value] of Object.entries(report.metrics)) {
      if (value === null) expect(report.metric_reasons[metric], metric).toMatch(/\S/);
      else expect(Number.isFinite(value), metric).toBe(true);
    }
    expect(Object.keys(report.metric_reasons).every((metric) => report.metrics[metric] === null)).toBe(true);
  });

  it('docs/reports.md has a row for every documented metric name', () => {
    const docs = readFileSync(join(repoRoot, 'docs', 'reports.md'), 'utf8');
    const missing = REPORT_METRIC_NAMES.map((d) => d.name)
      .filter((name) => !/_ci_(low|high)$/.test(name))
      .filter((name) => !docs.includes(`| \`${name}\``));
    expect(missing).toEqual([]);
  });

  it('lookupMetric distinguishes an unknown name from an undefined value', async () => {
    const { report } = await fixtureReport('panel');
    expect(lookupMetric(report, 'precison')).toBeUndefined();
    expect(lookupMetric(report, 'precision')).toEqual({ value: 6 / 9 });
    expect(lookupMetric(report, 'average_precision')).toEqual({ value: null, reason: expect.stringContaining('labels only') });
    expect(metricValues(report)['coverage']).toEqual({ value: 13 / 14 });
  });

  it('states its seed, replicates and confidence levels, and no time unless asked', async () => {
    const { report } = await fixtureReport('hand');
    expect(report.generated_at).toBeNull();
    expect(report.settings).toMatchObject({ confidence: 0.95, bootstrap: { replicates: 2000, seed: 12345 }, overridden: [] });
    expect(report.settings.triage).toMatchObject({ precision_target: 0.9, false_clear_target: 0.1, confidence: 0.95 });
    expect(report.settings.triage.enforce_grid).toHaveLength(50);
    const again = await fixtureReport('hand');
    expect(JSON.stringify(again.report)).toBe(JSON.stringify(report));
  });

  it('a different seed moves only the bootstrap interval', async () => {
    const { report } = await fixtureReport('hand');
    const other = (await fixtureReport('hand', { overrides: { bootstrapSeed: 7 } })).report;
    expect(other.settings.bootstrap.seed).toBe(7);
    expect(other.classification.answered.f1.value).toBe(report.classification.answered.f1.value);
    expect(other.classification.answered.f1.ci?.seed).toBe(7);
    expect(other.classification.answered.f1.ci).not.toEqual(report.classification.answered.f1.ci);
  });

  it('refuses out-of-range settings as input errors that name the flag', async () => {
    await expect(fixtureReport('hand', { overrides: { prevalence: 1.5, confidence: 0.3 } })).rejects.toMatchObject({
      name: 'InputError',
      problems: [expect.objectContaining({ field: '--prevalence' }), expect.objectContaining({ field: '--confidence' })],
    });
  });
});
