import { PredictionRecordSchema, type PredictionRecord } from '../../domain/run/prediction.js';
import { decodeLine } from '../formats/json-bytes.js';
import type { NameTable } from '../formats/name-table.js';
import type { GoldenColumns } from './golden-columns.js';
import { RunScanner } from './run-scanner.js';

/**
 * A predictions file read column by column and matched to the golden items by id, for the
 * columnar report loader. Records are numbered in file order; `recordOf[k]` is the record of
 * golden item k (−1 = none). Only what the report reads of every record is kept; `record(r)`
 * parses the rest from the bytes.
 */
export interface RunColumns {
  bytes: Buffer;
  count: number;
  recordOf: Int32Array;
  lineStart: Int32Array;
  lineEnd: Int32Array;
  /** 1 = ok, 2 = error. */
  status: Uint8Array;
  /** Ok records: number in `labels` (the manifest's labels first), −1 otherwise. */
  label: Int32Array;
  labels: NameTable;
  score: Float64Array;
  /** Ok records: number in `categories`, −1 = none. */
  category: Int32Array;
  categories: NameTable;
  /** Error records: index into ERROR_KINDS, −1 otherwise. */
  errorKind: Int8Array;
  /** Lines that needed `JSON.parse` (unusual but valid). */
  slowLines: number;
}

/**
 * Scan a predictions file as `loadRun` would and match each record to the golden item with its
 * id, or return undefined when `loadRun` would refuse the
 * file (an invalid line, an id recorded twice) or drop a torn last line: the caller then runs
 * the object loader.
 */
export function scanRunColumns(bytes: Buffer, golden: GoldenColumns, labels: readonly string[]): RunColumns | undefined {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return undefined;
  const scanner = new RunScanner(bytes, golden, labels);
  return scanner.scan() ? scanner.columns() : undefined;
}

/** Record r of a scanned file, parsed and checked as the object loader does. */
export function runRecord(columns: RunColumns, r: number): PredictionRecord {
  return PredictionRecordSchema.parse(JSON.parse(decodeLine(columns.bytes, columns.lineStart[r] ?? 0, columns.lineEnd[r] ?? 0)));
}
