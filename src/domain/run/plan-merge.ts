import type { Problem } from '../problems.js';
import type { PredictionRecord } from './prediction.js';
import { RUN_SCHEMA_VERSION, type RunMeta } from './run-meta.js';
import { inShard } from './shard.js';
import { emptyTally, tallyRecord } from './tally-record.js';

/** A shard run as read from its folder. */
export interface ShardRun {
  dir: string;
  meta: RunMeta;
  records: readonly PredictionRecord[];
}

/** One merged run: its run.json and its records, ready to be written. */
export interface MergedRun {
  meta: RunMeta;
  records: PredictionRecord[];
  /** The shard folders it was made from, in shard order. */
  sources: string[];
  /** Shard indexes of 1..n that were not given (their items are left for a resume). */
  missingShards: number[];
}

export type MergePlan = { ok: true; runs: MergedRun[] } | { ok: false; problems: Problem[] };

/**
 * Join shard runs into one run per candidate. Refused, with every reason at once: runs of
 * different golden sets (name, version or content), of a candidate whose configuration differs
 * between shards (fingerprint), of different suite settings, unsharded runs, shards of different
 * splits (i/n with different n), the same shard twice, and any item recorded in a shard it does
 * not belong to or in two shards. Missing shards are allowed: the merged run is then incomplete
 * and `run --resume` finishes it.
 */
export function planMerge(shards: readonly ShardRun[], runId: (candidateId: string) => string): MergePlan {
  const problems: Problem[] = [];
  const first = shards[0];
  if (first === undefined) return { ok: false, problems: [{ message: 'no runs to merge' }] };
  const goldenKey = (meta: RunMeta): string => `${meta.golden_set.name}@${meta.golden_set.version} (sha256 ${meta.golden_set.sha256.slice(0, 12)})`;
  const settingsKey = (meta: RunMeta): string => JSON.stringify([meta.suite.name, meta.settings]);

  const groups = new Map<string, ShardRun[]>();
  for (const shard of shards) {
    const where = { file: shard.dir };
    if (goldenKey(shard.meta) !== goldenKey(first.meta)) {
      problems.push({ ...where, message: `golden set ${goldenKey(shard.meta)} differs from ${goldenKey(first.meta)} in ${first.dir}` });
      continue;
    }
    if (settingsKey(shard.meta) !== settingsKey(first.meta)) {
      problems.push({ ...where, message: `suite settings (name, gates, operating, triage, bootstrap) differ from ${first.dir}` });
    }
    if (shard.meta.shard === null) {
      problems.push({ ...where, message: 'not a shard run (it was run without --shard, so it overlaps every shard)' });
      continue;
    }
    const group = groups.get(shard.meta.candidate.id) ?? [];
    group.push(shard);
    groups.set(shard.meta.candidate.id, group);
  }

  const runs: MergedRun[] = [];
  for (const [candidateId, group] of groups) {
    const merged = mergeGroup(candidateId, group, runId(candidateId), problems);
    if (merged) runs.push(merged);
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, runs };
}

function mergeGroup(candidateId: string, group: ShardRun[], runId: string, problems: Problem[]): MergedRun | undefined {
  const sorted = [...group].sort((a, b) => (a.meta.shard?.index ?? 0) - (b.meta.shard?.index ?? 0));
  const lead = sorted[0];
  if (lead === undefined || lead.meta.shard === null) return undefined;
  const count = lead.meta.shard.count;
  const before = problems.length;
  const byIndex = new Map<number, string>();
  const recordedIn = new Map<string, string>();
  for (const run of sorted) {
    const shard = run.meta.shard;
    if (shard === null) continue;
    const where = { file: run.dir };
    if (run.meta.candidate.fingerprint !== lead.meta.candidate.fingerprint) {
      problems.push({ ...where, message: `candidate '${candidateId}' is configured differently than in ${lead.dir} (model, prompt or parameters changed between shards)` });
    }
    if (shard.count !== count) {
      problems.push({ ...where, message: `shard ${shard.index}/${shard.count} is from another split than ${lead.dir} (${lead.meta.shard.index}/${count})` });
      continue;
    }
    const twice = byIndex.get(shard.index);
    if (twice !== undefined) {
      problems.push({ ...where, message: `shard ${shard.index}/${count} of '${candidateId}' is given twice (also ${twice})`, hint: 'pass each shard once' });
      continue;
    }
    byIndex.set(shard.index, run.dir);
    for (const record of run.records) {
      if (!inShard(record.id, shard)) {
        problems.push({ ...where, message: `item '${record.id}' does not belong to shard ${shard.index}/${count}` });
      }
      const other = recordedIn.get(record.id);
      if (other !== undefined) problems.push({ ...where, message: `item '${record.id}' is also recorded in ${other}` });
      recordedIn.set(record.id, run.dir);
    }
  }
  if (problems.length > before) return undefined;

  const records = sorted.flatMap((run) => run.records);
  const missingShards = Array.from({ length: count }, (_, index) => index + 1).filter((index) => !byIndex.has(index));
  const tally = emptyTally(lead.meta.golden_set.count);
  for (const record of records) tallyRecord(tally, record);
  const allComplete = missingShards.length === 0 && sorted.every((run) => run.meta.status === 'complete');
  const finished = sorted.map((run) => run.meta.finished_at);
  const meta: RunMeta = {
    schema_version: RUN_SCHEMA_VERSION,
    run_id: runId,
    tool: lead.meta.tool,
    suite: lead.meta.suite,
    candidate: lead.meta.candidate,
    golden_set: lead.meta.golden_set,
    shard: null,
    status: allComplete && tally.counts.done === tally.counts.items ? 'complete' : 'incomplete',
    started_at: sorted.map((run) => run.meta.started_at).sort()[0] ?? lead.meta.started_at,
    finished_at: finished.every((at) => at !== null) ? (finished.sort().at(-1) ?? null) : null,
    // compute time, summed over the shards (the wall time of a CI matrix is its slowest job)
    elapsed_seconds: sorted.reduce((sum, run) => sum + run.meta.elapsed_seconds, 0),
    ...tally,
    settings: lead.meta.settings,
    resumes: sorted.reduce((sum, run) => sum + run.meta.resumes, 0),
  };
  return { meta, records, sources: sorted.map((run) => run.dir), missingShards };
}
