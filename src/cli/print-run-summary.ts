import { toolVersion } from '../adapters/package-root.js';
import { renderRunSummaryJson, renderRunSummaryMarkdown, renderRunSummaryTable, type SummarizedRun } from '../adapters/renderers/render-run-summary.js';
import { wantsColor } from '../adapters/renderers/render-table.js';
import { loadRun } from '../adapters/stores/run-store.js';
import type { SuiteRunResult } from '../app/run-suite.js';
import { buildReport } from '../domain/report/build-report.js';

/**
 * What `spameval run` prints after the runs: each run's report summary (computed like `spameval
 * report`, from the golden set and the run folder just written) and where the folder is.
 */
export async function printRunSummaries(
  result: SuiteRunResult,
  format: 'table' | 'json' | 'md',
  out: NodeJS.WritableStream & { isTTY?: boolean },
  generatedAt: string | null = null,
): Promise<SummarizedRun[]> {
  const runs: SummarizedRun[] = [];
  for (const run of result.runs) {
    const { records } = await loadRun(run.dir);
    const report = buildReport(result.golden, { meta: run.meta, records }, { toolVersion: toolVersion(), generatedAt });
    runs.push({ report, dir: run.dir });
  }
  if (format === 'json') out.write(renderRunSummaryJson(runs));
  else if (format === 'md') out.write(renderRunSummaryMarkdown(runs));
  else out.write(renderRunSummaryTable(runs, { color: wantsColor(out, process.env) }));
  // handed on so that the gates are judged on the very report that was printed
  return runs;
}
