import type { Item, Manifest } from '../golden/schema.js';
import type { ErrorKind, PredictionRecord } from '../run/prediction.js';
import type { RunMeta } from '../run/run-meta.js';

/**
 * A run joined with its golden set, column by column: what a report is computed from.
 *
 * Row i is the i-th golden item in the run's scope (its shard, or all), in golden-set order —
 * the same rows, in the same order, as `joinRun(...).items`. The columns hold only what the
 * statistics read for every item; anything a report shows for a handful of items (text, reviews,
 * rationale, error message) is fetched by row with `item(i)` / `record(i)`, so a loader may keep
 * the raw lines and parse those rows alone.
 *
 * Two producers must agree exactly: `frameFromObjects` (from loaded `Item`s and
 * `PredictionRecord`s: the library API and the tests) and the columnar file loader (the report
 * command on large runs). Name tables are in first-appearance order unless said otherwise.
 */
export interface ReportFrame {
  manifest: Manifest;
  meta: RunMeta;
  /** Items in the whole golden set (not only the scope). */
  goldenCount: number;
  /** Rows: golden items in scope. */
  rows: number;

  // --- golden side -------------------------------------------------------------------------
  /** The item id of a row (a loader may decode it from the file's bytes only when asked). */
  id(row: number): string;
  /** Gold label of each row: index into `manifest.labels`. */
  goldLabel: Int32Array;
  /** 1 when the gold label is `manifest.positive`. */
  goldPositive: Uint8Array;
  /** Gold category: index into `categoryNames` (`Object.keys(manifest.categories ?? {})`), −1 = none. */
  category: Int32Array;
  categoryNames: readonly string[];
  /** 1 when the row is gray (curator flag or reviewer split: `itemAgreement(...).status === 'gray'`). */
  gray: Uint8Array;
  /** Item weight (`item.weight`), NaN where absent; null when no row in scope has one. */
  weight: Float64Array | null;
  /** Stratum: index into `stratumNames`, −1 = none; null when no row in scope has one. */
  stratum: Int32Array | null;
  stratumNames: readonly string[];
  /**
   * One entry per slice key, keys in first-appearance order over the rows (and, within an item,
   * in the item's key order); `index[i]` is the row's value as an index into `values`
   * (first-appearance order), −1 when the row has no value for that key.
   */
  slices: readonly { key: string; values: readonly string[]; index: Int32Array }[];
  /** Rows whose item has at least one review (ascending): the only ones agreement statistics read. */
  reviewedRows: Int32Array;
  /** The full golden item of a row. */
  item(row: number): Item;

  // --- run side ----------------------------------------------------------------------------
  /** 0 = no record (missing), 1 = ok, 2 = error. */
  status: Uint8Array;
  /** Predicted label (ok rows): index into `predictedLabelNames`, −1 otherwise. */
  predictedLabel: Int32Array;
  /** `manifest.labels` first, then labels outside the taxonomy in first-appearance order over the rows. */
  predictedLabelNames: readonly string[];
  /** 1 when an ok row's predicted label is `manifest.positive`. */
  predictedPositive: Uint8Array;
  /** Score of an ok row, NaN when the record has none (and for other rows). */
  score: Float64Array;
  /** Predicted category (ok rows): index into `predictedCategoryNames`, −1 = none. */
  predictedCategory: Int32Array;
  predictedCategoryNames: readonly string[];
  /** Error kind (error rows): index into `ERROR_KINDS`, −1 otherwise. */
  errorKind: Int8Array;
  /** The record of a row; undefined for a missing row. */
  record(row: number): PredictionRecord | undefined;
  /** Records whose id is not a golden item in scope: ignored by the report, counted. */
  unknownRecords: number;
}

export const ROW_MISSING = 0;
export const ROW_OK = 1;
export const ROW_ERROR = 2;

export type { ErrorKind };
