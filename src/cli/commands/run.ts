import { chooseProgressMode } from '../../adapters/progress/create-progress.js';
import { resumeRun, runSuite, type SuiteRunResult } from '../../app/run-suite.js';
import type { Shard } from '../../domain/run/run-meta.js';
import { EXIT, type ExitCode } from '../exit-codes.js';
import { printRunSummaries } from '../print-run-summary.js';
import { finishRunChecks, prepareRunChecks, type RunCheckOptions } from './run-checks.js';

export interface RunCommandOptions extends RunCheckOptions {
  config?: string;
  candidate?: string[];
  shard?: Shard;
  out?: string;
  resume?: string;
  cache: boolean;
  quiet?: boolean;
  format: 'table' | 'json' | 'md';
}

/**
 * First Ctrl-C: start nothing new, let calls in flight finish and be recorded. Second: cancel
 * them too. Either way the run folder is flushed and the exact resume command printed.
 */
function interruptSignals(): { stop: AbortController; abort: AbortController; dispose: () => void } {
  const stop = new AbortController();
  const abort = new AbortController();
  const onSignal = (): void => {
    if (!stop.signal.aborted) {
      process.stderr.write('\nstopping: letting calls in flight finish (Ctrl-C again to cancel them)\n');
      stop.abort();
    } else abort.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return {
    stop,
    abort,
    dispose: () => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    },
  };
}

export async function runCommand(options: RunCommandOptions): Promise<ExitCode> {
  // gates and baseline are checked before the first call: a typo must not cost a paid run
  const checks = await prepareRunChecks(options, process.env);
  const signals = interruptSignals();
  const common = {
    cache: options.cache,
    progress: chooseProgressMode({ quiet: options.quiet ?? false, stream: process.stderr }),
    progressStream: process.stderr,
    stopSignal: signals.stop.signal,
    abortSignal: signals.abort.signal,
  };
  let result: SuiteRunResult;
  try {
    result = options.resume
      ? await resumeRun({ ...common, runDir: options.resume })
      : await runSuite({
          ...common,
          ...(options.config === undefined ? {} : { config: options.config }),
          ...(options.candidate === undefined ? {} : { candidates: options.candidate }),
          ...(options.shard === undefined ? {} : { shard: options.shard }),
          ...(options.out === undefined ? {} : { runsDir: options.out }),
          ...(checks.golden === undefined ? {} : { golden: checks.golden }),
        });
  } finally {
    signals.dispose();
  }
  const generatedAt = new Date().toISOString();
  const summaries = await printRunSummaries(result, options.format, process.stdout, generatedAt);
  const unfinished = result.runs.filter((run) => run.outcome !== 'complete');
  for (const run of unfinished) {
    const why =
      run.outcome === 'interrupted'
        ? 'was interrupted'
        : `stopped: errors exceeded the error budget (${run.meta.counts.errors} of ${run.meta.counts.items})`;
    process.stderr.write(
      `spameval: run ${run.meta.run_id} ${why}; ${run.meta.counts.items - run.meta.counts.done} items left.\n` +
        `  resume with: spameval run --resume ${JSON.stringify(run.dir)}\n`,
    );
  }
  // gates say nothing about a run that could not finish: exit 3 wins
  if (unfinished.length > 0) return EXIT.runIncomplete;
  const reports = new Map(summaries.map((summary) => [summary.dir, summary.report]));
  return finishRunChecks(checks, result, options, process.stdout, process.env, { generatedAt, reports });
}
