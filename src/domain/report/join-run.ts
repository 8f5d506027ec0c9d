import type { Item, Manifest } from '../golden/schema.js';
import { itemAgreement, type ItemAgreement } from '../metrics/agreement.js';
import { excerpt } from '../run/candidate.js';
import type { ErrorRecord, OkRecord, PredictionRecord } from '../run/prediction.js';
import type { RunMeta } from '../run/run-meta.js';
import { inShard } from '../run/shard.js';
import type { ItemRow } from './report-schema.js';

/** What a report is built from: the golden set and the run, as loaded (no I/O here). */
export interface ReportGolden {
  manifest: Manifest;
  items: readonly Item[];
}
export interface ReportRun {
  meta: RunMeta;
  records: readonly PredictionRecord[];
}

/** One golden item in the run's scope with its outcome. */
export interface JoinedItem {
  item: Item;
  goldPositive: boolean;
  /** Curator flag or reviewer split (METHODS §6.6). */
  gray: boolean;
  agreement: ItemAgreement;
  outcome:
    | { status: 'ok'; record: OkRecord; predictedPositive: boolean; score: number | null; inLabels: boolean }
    | { status: 'error'; record: ErrorRecord }
    | { status: 'missing' };
}

export interface JoinedRun {
  items: JoinedItem[];
  /** Records whose id is not a golden item in the run's scope: ignored. */
  unknownRecords: number;
}

/**
 * Pair every golden item in the run's scope (its shard, or all) with its record, one object per
 * item: what `spameval diff` and the per-item exports read. The report reads the same join column
 * by column (`frameFromObjects`, report-frame.ts). The gold label comes from the golden set only;
 * a record contributes nothing but the candidate's answer.
 */
export function joinRun(golden: ReportGolden, run: ReportRun): JoinedRun {
  const { manifest } = golden;
  const { scope, byId } = joinScope(golden, run);
  const labels = new Set(manifest.labels);
  const options = { labels: manifest.labels, positive: manifest.positive };
  let matched = 0;
  const items = scope.map((item): JoinedItem => {
    const record = byId.get(item.id);
    const agreement = itemAgreement(item, options);
    let outcome: JoinedItem['outcome'];
    if (record === undefined) outcome = { status: 'missing' };
    else if (record.status === 'error') outcome = { status: 'error', record };
    else {
      const { label, score } = record.prediction;
      outcome = { status: 'ok', record, predictedPositive: label === manifest.positive, score: score ?? null, inLabels: labels.has(label) };
    }
    if (record !== undefined) matched += 1;
    return { item, goldPositive: item.label === manifest.positive, gray: agreement.status === 'gray', agreement, outcome };
  });
  return { items, unknownRecords: run.records.length - matched };
}

/**
 * What both joins pair: the golden items in the run's scope (its shard, or all), in golden-set
 * order, and the run's records by item id (the last one when an id repeats).
 */
export function joinScope(golden: ReportGolden, run: ReportRun): { scope: readonly Item[]; byId: Map<string, PredictionRecord> } {
  const shard = run.meta.shard;
  const scope = shard ? golden.items.filter((item) => inShard(item.id, shard)) : golden.items;
  const byId = new Map<string, PredictionRecord>();
  for (const record of run.records) byId.set(record.id, record);
  return { scope, byId };
}

/** Length of the item text excerpts in reports and exports. */
export const EXCERPT_CHARS = 200;

/** One row per item in scope, in golden-set order: the CSV export. */
export function buildItemRows(golden: ReportGolden, run: ReportRun): ItemRow[] {
  return joinRun(golden, run).items.map(({ item, gray, outcome }) => {
    const ok = outcome.status === 'ok' ? outcome : undefined;
    const failed = outcome.status === 'error' ? outcome.record.error : undefined;
    return {
      id: item.id,
      gold_label: item.label,
      status: outcome.status,
      predicted_label: ok?.record.prediction.label ?? null,
      score: ok?.score ?? null,
      correct: ok ? ok.record.prediction.label === item.label : null,
      error_kind: failed?.kind ?? null,
      error_message: failed?.message ?? null,
      gray,
      category: item.category ?? null,
      predicted_category: ok?.record.prediction.category ?? null,
      slices: item.slices ?? {},
      excerpt: excerpt(item.text, EXCERPT_CHARS),
    };
  });
}
