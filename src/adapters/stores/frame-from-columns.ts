import type { Item, Manifest } from '../../domain/golden/schema.js';
import { ROW_ERROR, ROW_MISSING, ROW_OK, type ReportFrame } from '../../domain/report/report-frame.js';
import type { PredictionRecord } from '../../domain/run/prediction.js';
import type { RunMeta } from '../../domain/run/run-meta.js';
import { goldenId, goldenIdHashes, goldenItem, type GoldenColumns } from './golden-columns.js';
import { runRecord, type RunColumns } from './run-columns.js';

/**
 * The report frame of a scanned golden file and predictions file: `joinRun`'s rows (the items in
 * the run's shard, or all, in golden-set order), with every name table renumbered in
 * first-appearance order over those rows, as `frameFromObjects` numbers them.
 */
export function frameFromColumns(manifest: Manifest, meta: RunMeta, golden: GoldenColumns, run: RunColumns): ReportFrame {
  const rowItem = scopeOf(golden, meta.shard);
  const n = rowItem.length;
  const goldLabel = new Int32Array(n);
  const goldPositive = new Uint8Array(n);
  const category = new Int32Array(n);
  const gray = new Uint8Array(n);
  const weight = new Float64Array(n);
  let weighted = false;
  const stratum = new Int32Array(n);
  const stratumOrder = new Renumbering(golden.strata.size);
  const reviewed: number[] = [];
  const status = new Uint8Array(n);
  const predictedLabel = new Int32Array(n).fill(-1);
  const predictedPositive = new Uint8Array(n);
  const score = new Float64Array(n).fill(Number.NaN);
  const predictedCategory = new Int32Array(n).fill(-1);
  const labelCount = manifest.labels.length;
  // the manifest's labels keep their numbers; other predicted labels are renumbered after them
  const labelOrder = new Renumbering(run.labels.size, labelCount);
  const categoryOrder = new Renumbering(run.categories.size);
  const positiveGold = manifest.labels.indexOf(manifest.positive);
  const positivePredicted = run.labels.find(manifest.positive);
  const recordRow = new Int32Array(n);
  const errorKind = new Int8Array(n).fill(-1);
  // the columns in locals: a loop of a million rows should not reload them from their objects
  const { label: labelOf, category: categoryOf, gray: grayOf, reviewed: reviewedOf, weight: weightOf, stratum: stratumOf } = golden;
  const { recordOf, status: statusOf, label: predictedOf, score: scoreOf, category: predictedCategoryOf, errorKind: errorKindOf } = run;
  let matched = 0;
  for (let i = 0; i < n; i += 1) {
    const k = rowItem[i] ?? 0;
    const label = labelOf[k] ?? -1;
    goldLabel[i] = label;
    goldPositive[i] = label === positiveGold ? 1 : 0;
    category[i] = categoryOf[k] ?? -1;
    gray[i] = grayOf[k] ?? 0;
    if (reviewedOf[k] === 1) reviewed.push(i);
    const w = weightOf[k] ?? Number.NaN;
    weight[i] = w;
    if (!Number.isNaN(w)) weighted = true;
    const s = stratumOf[k] ?? -1;
    stratum[i] = s === -1 ? -1 : stratumOrder.of(s);
    const r = recordOf[k] ?? -1;
    recordRow[i] = r;
    if (r === -1) {
      status[i] = ROW_MISSING;
      continue;
    }
    matched += 1;
    if (statusOf[r] === 2) {
      status[i] = ROW_ERROR;
      errorKind[i] = errorKindOf[r] ?? -1;
      continue;
    }
    status[i] = ROW_OK;
    const predicted = predictedOf[r] ?? -1;
    predictedLabel[i] = predicted < labelCount ? predicted : labelOrder.of(predicted);
    predictedPositive[i] = predicted === positivePredicted ? 1 : 0;
    score[i] = scoreOf[r] ?? Number.NaN;
    const c = predictedCategoryOf[r] ?? -1;
    if (c !== -1) predictedCategory[i] = categoryOrder.of(c);
  }
  const strataNames = stratumOrder.names(golden.strata.names);
  return {
    manifest,
    meta,
    goldenCount: golden.count,
    rows: n,
    // decoded when asked: a report reads few ids, and a million strings are most of the cost
    id: (row) => goldenId(golden, rowItem[row] ?? -1),
    goldLabel,
    goldPositive,
    category,
    categoryNames: Object.keys(manifest.categories ?? {}),
    gray,
    weight: weighted ? weight : null,
    stratum: strataNames.length > 0 ? stratum : null,
    stratumNames: strataNames,
    slices: slicesOf(golden, rowItem),
    reviewedRows: Int32Array.from(reviewed),
    item: (row: number): Item => goldenItem(golden, rowItem[checkedRow(row, n)] ?? 0),
    status,
    predictedLabel,
    predictedLabelNames: [...manifest.labels, ...labelOrder.names(run.labels.names)],
    predictedPositive,
    score,
    predictedCategory,
    predictedCategoryNames: categoryOrder.names(run.categories.names),
    errorKind,
    record: (row: number): PredictionRecord | undefined => {
      if (!(row >= 0 && row < n)) throw new RangeError(`no row ${row} (the frame has ${n})`);
      const r = recordRow[row] ?? -1;
      return r === -1 ? undefined : runRecord(run, r);
    },
    unknownRecords: run.count - matched,
  };
}

/** Item numbers of the rows: all items, or those of the run's shard (`inShard` on the id hash). */
function scopeOf(golden: GoldenColumns, shard: RunMeta['shard']): Int32Array {
  if (shard === null) {
    const all = new Int32Array(golden.count);
    for (let k = 0; k < all.length; k += 1) all[k] = k;
    return all;
  }
  const hashes = goldenIdHashes(golden);
  const rows: number[] = [];
  for (let k = 0; k < golden.count; k += 1) {
    if (((hashes[k] ?? 0) >>> 0) % shard.count === shard.index - 1) rows.push(k);
  }
  return Int32Array.from(rows);
}

/** Slice keys, and each key's values, renumbered in first-appearance order over the rows. */
function slicesOf(golden: GoldenColumns, rowItem: Int32Array): ReportFrame['slices'] {
  const n = rowItem.length;
  const keyOrder = new Renumbering(golden.sliceKeys.size);
  const slices: { key: number; values: Renumbering; index: Int32Array }[] = [];
  const { sliceFrom, sliceKey, sliceValue } = golden;
  for (let i = 0; i < n; i += 1) {
    const k = rowItem[i] ?? 0;
    const to = sliceFrom[k + 1] ?? 0;
    for (let j = sliceFrom[k] ?? 0; j < to; j += 1) {
      const key = sliceKey[j] ?? 0;
      const number = keyOrder.of(key);
      let slice = slices[number];
      if (slice === undefined) {
        slice = { key, values: new Renumbering(golden.sliceValues[key]?.size ?? 0), index: new Int32Array(n).fill(-1) };
        slices.push(slice);
      }
      slice.index[i] = slice.values.of(sliceValue[j] ?? 0);
    }
  }
  return slices.map(({ key, values, index }) => ({
    key: golden.sliceKeys.names[key] ?? '',
    values: values.names(golden.sliceValues[key]?.names ?? []),
    index,
  }));
}

/** `row` if the frame has it; the same RangeError as `frameFromObjects` otherwise. */
function checkedRow(row: number, n: number): number {
  if (!(Number.isInteger(row) && row >= 0 && row < n)) throw new RangeError(`no row ${row} (the frame has ${n})`);
  return row;
}

/** New numbers (from `base`) for old ones, handed out in the order they are first asked for. */
class Renumbering {
  private readonly next: Int32Array;
  private readonly order: number[] = [];

  constructor(
    size: number,
    private readonly base = 0,
  ) {
    this.next = new Int32Array(size).fill(-1);
  }

  of(old: number): number {
    let number = this.next[old] ?? -1;
    if (number === -1) {
      number = this.base + this.order.length;
      this.next[old] = number;
      this.order.push(old);
    }
    return number;
  }

  /** The names in their new order. */
  names(byOld: readonly string[]): string[] {
    return this.order.map((old) => byOld[old] ?? '');
  }
}
