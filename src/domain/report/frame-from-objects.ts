import type { Item } from '../golden/schema.js';
import { itemAgreement } from '../metrics/agreement.js';
import { ERROR_KINDS, type PredictionRecord } from '../run/prediction.js';
import { joinScope, type ReportGolden, type ReportRun } from './join-run.js';
import { ROW_ERROR, ROW_MISSING, ROW_OK, type ReportFrame } from './report-frame.js';

/** Index of each name in a table that grows in first-appearance order. */
class NameTable {
  readonly names: string[] = [];
  private readonly index = new Map<string, number>();

  constructor(initial: readonly string[] = []) {
    for (const name of initial) this.of(name);
  }

  of(name: string): number {
    let k = this.index.get(name);
    if (k === undefined) {
      k = this.names.length;
      this.index.set(name, k);
      this.names.push(name);
    }
    return k;
  }

  /** The index of a name already in the table, −1 otherwise. */
  find(name: string): number {
    return this.index.get(name) ?? -1;
  }
}

/**
 * The report frame of loaded objects: the rows and scope of `joinRun` (the run's shard, or all,
 * in golden-set order; each item paired with the record of its id, the last one when an id
 * repeats), column by column. Items and records are kept as they are, for `item(i)` and
 * `record(i)`.
 */
export function frameFromObjects(golden: ReportGolden, run: ReportRun): ReportFrame {
  const { manifest } = golden;
  const { scope, byId } = joinScope(golden, run);
  const n = scope.length;
  const labels = new NameTable();
  manifest.labels.forEach((label) => labels.of(label));
  const categoryNames = Object.keys(manifest.categories ?? {});
  const categories = new NameTable(categoryNames);
  const agreementOptions = { labels: manifest.labels, positive: manifest.positive };
  const ids = new Array<string>(n);
  const goldLabel = new Int32Array(n);
  const goldPositive = new Uint8Array(n);
  const category = new Int32Array(n);
  const gray = new Uint8Array(n);
  const weight = new Float64Array(n);
  let weighted = false;
  const stratum = new Int32Array(n);
  const strata = new NameTable();
  const sliceKeys = new NameTable();
  const slices: { key: string; values: NameTable; index: Int32Array }[] = [];
  const reviewed: number[] = [];
  const status = new Uint8Array(n);
  const predictedLabel = new Int32Array(n).fill(-1);
  const predictedPositive = new Uint8Array(n);
  const score = new Float64Array(n).fill(Number.NaN);
  const predictedCategory = new Int32Array(n).fill(-1);
  const predictedCategories = new NameTable();
  const errorKind = new Int8Array(n).fill(-1);
  const records = new Array<PredictionRecord | undefined>(n);
  let matched = 0;
  for (let i = 0; i < n; i++) {
    const item = scope[i] as Item;
    ids[i] = item.id;
    const gold = labels.find(item.label);
    // a label outside the manifest's labels has no index (the table's later names are predictions)
    goldLabel[i] = gold < manifest.labels.length ? gold : -1;
    goldPositive[i] = item.label === manifest.positive ? 1 : 0;
    category[i] = item.category === undefined ? -1 : categories.find(item.category);
    if (item.reviews !== undefined && item.reviews.length > 0) {
      reviewed.push(i);
      // reviews decide grayness (and a review label outside the taxonomy is an error, as in joinRun)
      gray[i] = itemAgreement(item, agreementOptions).status === 'gray' ? 1 : 0;
    } else gray[i] = item.gray_area === true ? 1 : 0;
    if (item.weight !== undefined) weighted = true;
    weight[i] = item.weight ?? Number.NaN;
    stratum[i] = item.stratum === undefined ? -1 : strata.of(item.stratum);
    const itemSlices = item.slices;
    if (itemSlices !== undefined) {
      for (const key of Object.keys(itemSlices)) {
        const value = itemSlices[key];
        if (value === undefined) continue;
        const k = sliceKeys.of(key);
        let slice = slices[k];
        if (slice === undefined) slices.push((slice = { key, values: new NameTable(), index: new Int32Array(n).fill(-1) }));
        slice.index[i] = slice.values.of(value);
      }
    }
    const record = byId.get(item.id);
    records[i] = record;
    if (record === undefined) {
      status[i] = ROW_MISSING;
      continue;
    }
    matched += 1;
    if (record.status === 'error') {
      status[i] = ROW_ERROR;
      errorKind[i] = ERROR_KINDS.indexOf(record.error.kind);
      continue;
    }
    status[i] = ROW_OK;
    const { prediction } = record;
    predictedLabel[i] = labels.of(prediction.label);
    predictedPositive[i] = prediction.label === manifest.positive ? 1 : 0;
    if (prediction.score !== undefined) score[i] = prediction.score;
    if (prediction.category !== undefined) predictedCategory[i] = predictedCategories.of(prediction.category);
  }
  return {
    manifest,
    meta: run.meta,
    goldenCount: golden.items.length,
    rows: n,
    id: (row) => ids[row] ?? '',
    goldLabel,
    goldPositive,
    category,
    categoryNames,
    gray,
    weight: weighted ? weight : null,
    stratum: strata.names.length > 0 ? stratum : null,
    stratumNames: strata.names,
    slices: slices.map(({ key, values, index }) => ({ key, values: values.names, index })),
    reviewedRows: Int32Array.from(reviewed),
    item: (row) => {
      const item = scope[row];
      if (item === undefined) throw new RangeError(`no row ${row} (the frame has ${n})`);
      return item;
    },
    status,
    predictedLabel,
    predictedLabelNames: labels.names,
    predictedPositive,
    score,
    predictedCategory,
    predictedCategoryNames: predictedCategories.names,
    errorKind,
    record: (row) => {
      if (!(row >= 0 && row < n)) throw new RangeError(`no row ${row} (the frame has ${n})`);
      return records[row];
    },
    unknownRecords: run.records.length - matched,
  };
}
