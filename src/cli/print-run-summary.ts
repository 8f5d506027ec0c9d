import type { SuiteRunResult } from '../app/run-suite.js';

/**
 * What `spameval run` prints after the runs: where each run folder is and what came of it.
 * (The metrics summary is rendered by the report renderers once the report is built.)
 */
export async function printRunSummaries(
  result: SuiteRunResult,
  _format: 'table' | 'json' | 'md',
  out: NodeJS.WritableStream,
): Promise<void> {
  for (const run of result.runs) {
    const { counts } = run.meta;
    out.write(
      `${run.meta.candidate.id} on ${result.golden.ref}: ${counts.done}/${counts.items} items, ${counts.ok} answered, ${counts.errors} errors` +
        `${counts.cached > 0 ? `, ${counts.cached} from cache` : ''}\n  run folder: ${run.dir}\n`,
    );
  }
}
