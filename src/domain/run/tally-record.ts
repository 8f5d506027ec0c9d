import type { PredictionRecord } from './prediction.js';
import type { RunMeta } from './run-meta.js';

/** Counters of a run with nothing recorded yet (the item count is the run's to say). */
export function emptyTally(items: number): Pick<RunMeta, 'counts' | 'usage'> {
  return {
    counts: { items, done: 0, ok: 0, errors: 0, cached: 0, errors_by_kind: {} },
    usage: { input_tokens: 0, output_tokens: 0, cost_usd: 0 },
  };
}

/** Add one record to a run's counters (kept in run.json so a reader need not scan the file). */
export function tallyRecord(meta: Pick<RunMeta, 'counts' | 'usage'>, record: PredictionRecord): void {
  meta.counts.done += 1;
  if (record.status === 'ok') {
    meta.counts.ok += 1;
    if (record.cached) meta.counts.cached += 1;
  } else {
    meta.counts.errors += 1;
    const kind = record.error.kind;
    meta.counts.errors_by_kind[kind] = (meta.counts.errors_by_kind[kind] ?? 0) + 1;
  }
  if (record.usage) {
    meta.usage.input_tokens += record.usage.inputTokens;
    meta.usage.output_tokens += record.usage.outputTokens;
  }
  meta.usage.cost_usd += record.costUsd ?? 0;
}
