/**
 * Loads a report fixture (fixtures/report-*, written by scripts/write-report-fixtures.ts from the
 * metric reference datasets) through the real stores, and builds its report.
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { GoldenSet } from '../../../src/adapters/stores/golden-store.js';
import type { LoadedRun } from '../../../src/adapters/stores/run-store.js';
import { loadRunWithGolden } from '../../../src/app/load-run-with-golden.js';
import { buildReport, type BuildReportOptions } from '../../../src/domain/report/build-report.js';
import type { Report } from '../../../src/domain/report/report-schema.js';

export const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));

export const FIXTURE_RUNS = {
  hand: 'fixtures/report-hand/runs/scorer',
  panel: 'fixtures/report-panel/runs/labeler',
  triage: 'fixtures/report-triage/runs/triager',
  stratified: 'fixtures/report-stratified/runs/stratified-labeler',
} as const;

export interface FixtureReport {
  report: Report;
  golden: GoldenSet;
  run: LoadedRun;
}

export async function fixtureReport(
  name: keyof typeof FIXTURE_RUNS,
  options: Partial<BuildReportOptions> = {},
): Promise<FixtureReport> {
  const { golden, run } = await loadRunWithGolden(join(repoRoot, FIXTURE_RUNS[name]), []);
  return { golden, run, report: buildReport(golden, run, { toolVersion: '0.0.0-test', generatedAt: null, ...options }) };
}
