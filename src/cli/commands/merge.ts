import { mergeRuns } from '../../app/merge-runs.js';
import { EXIT, type ExitCode } from '../exit-codes.js';

export async function mergeCommand(runs: readonly string[], options: { out?: string }): Promise<ExitCode> {
  const merged = await mergeRuns({ dirs: runs, ...(options.out === undefined ? {} : { out: options.out }) });
  let incomplete = false;
  for (const run of merged) {
    const { counts } = run.meta;
    process.stdout.write(
      `${run.meta.candidate.id}: merged ${run.sources.length} shard${run.sources.length === 1 ? '' : 's'}, ` +
        `${counts.done}/${counts.items} items, ${counts.ok} answered, ${counts.errors} errors\n  run folder: ${run.dir}\n`,
    );
    if (run.meta.status !== 'complete') {
      incomplete = true;
      const missing = run.missingShards.length > 0 ? ` (shard${run.missingShards.length === 1 ? '' : 's'} ${run.missingShards.join(', ')} missing)` : '';
      process.stderr.write(
        `spameval: ${run.meta.run_id} is incomplete${missing}; ${counts.items - counts.done} items left.\n` +
          `  finish with: spameval run --resume ${JSON.stringify(run.dir)}\n`,
      );
    }
  }
  return incomplete ? EXIT.runIncomplete : EXIT.ok;
}
