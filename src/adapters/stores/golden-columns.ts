import { ItemSchema, type Item, type Manifest } from '../../domain/golden/schema.js';
import { ascii, decodeLine } from '../formats/json-bytes.js';
import { hashBytes, hashString, hasRepeats, type NameTable } from '../formats/name-table.js';
import type { GoldenScanner } from './golden-scanner.js';

/**
 * A golden items file read column by column (file order), for the columnar report loader. Only
 * what the report reads of every item is kept; the rest stays in `bytes` and is parsed per item
 * by `item(k)`. Names (strata, slice keys and values) are numbered in file order here; the
 * loader renumbers them over the rows in scope.
 */
export interface GoldenColumns {
  bytes: Buffer;
  count: number;
  /**
   * Ids that are not plain ASCII in the file (escaped, non-ASCII), decoded, by item number; a plain
   * one is made from its bytes when asked for (`goldenId`): a million strings cost more than the
   * rest of the scan, and a report needs few of them.
   */
  decodedIds: Map<number, string>;
  /** Each id's `fnv1a32` (the shard hash), made by `goldenIdHashes` when first needed. */
  idHash?: Int32Array;
  /** Where an id written as plain ASCII is in `bytes` (quotes excluded); −1 for other ids. */
  idStart: Int32Array;
  idEnd: Int32Array;
  lineStart: Int32Array;
  lineEnd: Int32Array;
  label: Int32Array;
  category: Int32Array;
  gray: Uint8Array;
  reviewed: Uint8Array;
  weight: Float64Array;
  stratum: Int32Array;
  strata: NameTable;
  /** Item k's slices are pairs `sliceFrom[k] … sliceFrom[k+1]−1` of `sliceKey`/`sliceValue`. */
  sliceFrom: Int32Array;
  sliceKey: Int32Array;
  sliceValue: Int32Array;
  sliceKeys: NameTable;
  /** Values by slice key number. */
  sliceValues: NameTable[];
  /** Lines that needed `JSON.parse` (unusual but valid). */
  slowLines: number;
}

/**
 * The columns of a `GoldenScanner` that read every line of a file, or undefined if an id
 * repeats. A scanner stops at the first line that is invalid (or that anything else the object
 * loader must report): the caller then runs the object loader, which says what is wrong exactly
 * as it always has. The count, sha256 and strata totals are the caller's (`goldenTotalsHold`).
 */
export function finishGoldenScan(scanner: GoldenScanner): GoldenColumns | undefined {
  const columns = scanner.columns();
  // a duplicate id is ItemChecker's to report
  if (scanner.idsAscend) return columns;
  return hasRepeats(goldenIdHashes(columns), (k) => goldenId(columns, k)) ? undefined : columns;
}

/** The set-level rules of `ItemChecker.finish`: whether none of them has a complaint. */
export function goldenTotalsHold(columns: GoldenColumns, manifest: Manifest, sha256: string): boolean {
  if (columns.count !== manifest.count || sha256 !== manifest.sha256) return false;
  const seen = new Map<string, number>();
  for (let k = 0; k < columns.count; k += 1) {
    const stratum = columns.stratum[k] ?? -1;
    if (stratum !== -1) {
      const name = columns.strata.names[stratum] ?? '';
      seen.set(name, (seen.get(name) ?? 0) + 1);
    }
  }
  for (const [name, stratum] of Object.entries(manifest.strata ?? {})) {
    const n = seen.get(name) ?? 0;
    if (stratum.sample !== undefined && stratum.sample !== n) return false;
    if (n > stratum.population) return false;
  }
  return true;
}

/** The id of item k. */
export function goldenId(columns: GoldenColumns, k: number): string {
  const start = columns.idStart[k] ?? -1;
  return start === -1 ? (columns.decodedIds.get(k) ?? '') : ascii(columns.bytes, start, columns.idEnd[k] ?? start);
}

/** Every id's `fnv1a32`, as a signed 32-bit integer (computed once). */
export function goldenIdHashes(columns: GoldenColumns): Int32Array {
  if (columns.idHash === undefined) {
    const hashes = new Int32Array(columns.count);
    for (let k = 0; k < columns.count; k += 1) {
      const start = columns.idStart[k] ?? -1;
      hashes[k] = start === -1 ? hashString(columns.decodedIds.get(k) ?? '') : hashBytes(columns.bytes, start, columns.idEnd[k] ?? start);
    }
    columns.idHash = hashes;
  }
  return columns.idHash;
}

/** Item k of a scanned file, parsed and checked as the object loader does. */
export function goldenItem(columns: GoldenColumns, k: number): Item {
  return ItemSchema.parse(JSON.parse(decodeLine(columns.bytes, columns.lineStart[k] ?? 0, columns.lineEnd[k] ?? 0)));
}
