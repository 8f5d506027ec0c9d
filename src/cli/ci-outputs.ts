import { appendFileSync, writeFileSync } from 'node:fs';
import { renderCheckMarkdown, type CheckedRunView } from '../adapters/renderers/diff/render-check.js';
import { renderJunit, type JunitSuite } from '../adapters/renderers/render-junit.js';
import type { CheckedRun } from '../app/release-check.js';

export interface CiOutputOptions {
  /** JUnit XML: one test suite per checked run, one test case per gate. */
  junit?: string;
  /** The Markdown summary, written to this file. */
  summaryMd?: string;
}

export interface CiCheck extends CheckedRunView {
  candidate: string;
  golden: string;
  properties: Record<string, string>;
}

/** A checked run as CI outputs show it. */
export function ciCheckOf(checked: CheckedRun, baselineRunId: string | null): CiCheck {
  const { run, golden } = checked.target;
  return {
    title: `${run.meta.candidate.id} (${run.dir})`,
    candidate: run.meta.candidate.id,
    golden: golden.ref,
    properties: {
      run_id: run.meta.run_id,
      golden_set: golden.ref,
      golden_sha256: golden.manifest.sha256,
      ...(baselineRunId === null ? {} : { baseline_run_id: baselineRunId }),
    },
    report: checked.report,
    diff: checked.diff,
    results: checked.results,
  };
}

/** Everything rendered first, then written: a rendering failure leaves no half-written file. */
export function writeCiOutputs(checks: readonly CiCheck[], options: CiOutputOptions, env: NodeJS.ProcessEnv, timestamp: string): string[] {
  const written: string[] = [];
  const junit =
    options.junit === undefined
      ? undefined
      : renderJunit(
          checks.map(
            (check): JunitSuite => ({
              name: `spameval gates: ${check.candidate} on ${check.golden}`,
              classname: `spameval.${check.candidate}`,
              results: check.results,
              timestamp,
              properties: check.properties,
            }),
          ),
        );
  const markdown = checks.map(renderCheckMarkdown).join('\n');
  if (options.junit !== undefined && junit !== undefined) {
    writeFileSync(options.junit, junit);
    written.push(options.junit);
  }
  if (options.summaryMd !== undefined) {
    writeFileSync(options.summaryMd, markdown);
    written.push(options.summaryMd);
  }
  // GitHub Actions shows this file on the run's summary page; other CIs leave it unset
  const stepSummary = env['GITHUB_STEP_SUMMARY'];
  if (stepSummary !== undefined && stepSummary !== '') {
    appendFileSync(stepSummary, `${markdown}\n`);
    written.push(stepSummary);
  }
  return written;
}
