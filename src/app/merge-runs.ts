import { dirname } from 'node:path';
import { createRunDir, loadRun, newRunId, PredictionsFileSink, writeRunMeta } from '../adapters/stores/run-store.js';
import { InputError } from '../domain/problems.js';
import { planMerge, type MergedRun } from '../domain/run/plan-merge.js';

export interface MergeRunsOptions {
  /** Shard run folders (any order; several candidates at once is fine). */
  dirs: readonly string[];
  /** Folder for the merged run folders (default: the folder holding the first shard). */
  out?: string;
}

export interface MergedRunFolder extends MergedRun {
  dir: string;
}

/**
 * Read shard runs, check that they belong together (pure `planMerge`), then write one merged
 * run folder per candidate. Nothing is written unless every check passes.
 */
export async function mergeRuns(options: MergeRunsOptions): Promise<MergedRunFolder[]> {
  const shards = [];
  for (const dir of options.dirs) shards.push(await loadRun(dir));
  const plan = planMerge(shards, (candidateId) => `${newRunId(candidateId)}-merged`);
  if (!plan.ok) throw new InputError(plan.problems);
  const out = options.out ?? dirname(shards[0]?.dir ?? '.');
  return plan.runs.map((run) => {
    const dir = createRunDir(out, run.meta.run_id);
    const sink = new PredictionsFileSink(dir);
    try {
      for (const record of run.records) sink.append(record);
    } finally {
      sink.close();
    }
    writeRunMeta(dir, run.meta);
    return { ...run, dir };
  });
}
