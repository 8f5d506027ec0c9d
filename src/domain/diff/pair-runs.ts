import type { Item } from '../golden/schema.js';
import { InputError } from '../problems.js';
import { joinRun, type JoinedItem, type ReportGolden, type ReportRun } from '../report/join-run.js';
import type { Prediction } from '../run/prediction.js';
import type { RunMeta } from '../run/run-meta.js';

/** A golden set version as loaded (the store's `GoldenSet` fits). */
export type DiffGolden = ReportGolden;

/** A run as loaded (the store's `LoadedRun` fits). */
export type DiffRunInput = ReportRun;

export type Side = { status: 'ok'; prediction: Prediction } | { status: 'error' | 'missing' };

export interface PairedRow {
  item: Item;
  /** Gold label from B's golden-set version. */
  gold: string;
  goldPositive: boolean;
  gray: boolean;
  a: Side;
  b: Side;
}

export interface Pairing {
  /** Every compared item, in B's golden-set order. */
  rows: PairedRow[];
  onlyInA: number;
  onlyInB: number;
  relabeled: number;
  sameVersion: boolean;
  warnings: string[];
}

function side(joined: JoinedItem): Side {
  const { outcome } = joined;
  return outcome.status === 'ok' ? { status: 'ok', prediction: outcome.record.prediction } : { status: outcome.status };
}

const refOf = (meta: RunMeta): string => `${meta.golden_set.name}@${meta.golden_set.version}`;

/**
 * Pair two runs' outcomes item by item. Gold labels come from B's version (`golden`); when A ran
 * on another version of the same set, pass it as `goldenA`: items are compared on the ids both
 * versions share, with B's labels, and the warnings say so. Runs on different golden sets
 * cannot be compared (InputError). A sharded run restricts the comparison to its shard.
 */
export function pairRuns(golden: DiffGolden, runA: DiffRunInput, runB: DiffRunInput, goldenA?: DiffGolden): Pairing {
  const warnings: string[] = [];
  const a = runA.meta;
  const b = runB.meta;
  if (a.golden_set.name !== b.golden_set.name) {
    throw new InputError({
      message: `the runs are on different golden sets (A: ${refOf(a)}, B: ${refOf(b)}); a diff pairs items of one set`,
    });
  }
  if (golden.manifest.name !== b.golden_set.name || golden.manifest.version !== b.golden_set.version) {
    throw new InputError({ message: `golden set ${golden.manifest.name}@${golden.manifest.version} is not run B's (${refOf(b)})` });
  }
  const sameVersion = a.golden_set.version === b.golden_set.version;
  const aGolden = sameVersion ? golden : goldenA;
  if (aGolden === undefined) {
    throw new InputError({ message: `run A is on ${refOf(a)} and run B on ${refOf(b)}: load both versions to compare them` });
  }
  if (sameVersion && a.golden_set.sha256 !== b.golden_set.sha256) {
    warnings.push(
      `DIFFERENT GOLDEN SET CONTENT: both runs name ${refOf(b)} but their items files differ (sha256 ${a.golden_set.sha256.slice(0, 12)}… vs ${b.golden_set.sha256.slice(0, 12)}…): the set was edited in place; B's items are used.`,
    );
  }

  const aIds = new Map(aGolden.items.map((item) => [item.id, item]));
  const bIds = new Set(golden.items.map((item) => item.id));
  // each run joined to its own version, in its own shard; the pair keeps B's view of the item
  const aJoined = new Map(joinRun(aGolden, runA).items.map((joined) => [joined.item.id, joined]));
  const rows: PairedRow[] = [];
  let relabeled = 0;
  for (const item of golden.items) {
    const itemInA = aIds.get(item.id);
    if (itemInA !== undefined && itemInA.label !== item.label) relabeled += 1;
  }
  for (const joined of joinRun(golden, runB).items) {
    const inA = aJoined.get(joined.item.id);
    if (inA === undefined) continue;
    rows.push({ item: joined.item, gold: joined.item.label, goldPositive: joined.goldPositive, gray: joined.gray, a: side(inA), b: side(joined) });
  }
  const onlyInA = [...aIds.keys()].filter((id) => !bIds.has(id)).length;
  const onlyInB = golden.items.length - (aIds.size - onlyInA);

  if (!sameVersion) {
    warnings.push(
      `DIFFERENT GOLDEN SET VERSIONS: A ran on ${refOf(a)}, B on ${refOf(b)}. Compared on the ${aIds.size - onlyInA} ids both versions share ` +
        `(${onlyInA} only in A's version, ${onlyInB} only in B's, ${relabeled} relabeled; B's gold labels used). ` +
        'Deltas mix the model change with the golden-set change.',
    );
  }
  for (const [name, meta] of [['A', a], ['B', b]] as const) {
    if (meta.shard) warnings.push(`Run ${name} is shard ${meta.shard.index}/${meta.shard.count}: only its items are compared.`);
    if (meta.status !== 'complete') warnings.push(`Run ${name} is ${meta.status}: items it has not answered are left out of paired metrics.`);
  }
  const unpaired = rows.filter((row) => row.a.status !== 'ok' || row.b.status !== 'ok').length;
  if (unpaired > 0) {
    warnings.push(
      `${unpaired} of ${rows.length} items lack an answer from one run or both (errors are never counted as negatives): paired metrics use the other ${rows.length - unpaired}.`,
    );
  }
  if (golden.manifest.strata !== undefined || golden.items.some((item) => item.weight !== undefined)) {
    warnings.push(
      'The golden set carries sampling weights; the diff compares the runs on the sample, unweighted. Recall and FPR deltas carry over to production; precision and accuracy deltas do not (see each run\'s report for production-weighted values).',
    );
  }
  if (a.candidate.fingerprint === b.candidate.fingerprint) {
    warnings.push(`A and B are the same candidate configuration (fingerprint ${a.candidate.fingerprint.slice(0, 12)}…): differences are run-to-run noise.`);
  }
  return { rows, onlyInA, onlyInB, relabeled, sameVersion, warnings };
}
