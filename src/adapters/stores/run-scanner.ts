import { ERROR_KINDS, PredictionRecordSchema } from '../../domain/run/prediction.js';
import { decodeLine, JsonBytes, Words } from '../formats/json-bytes.js';
import { LineBytes, ShapeRecorder, ShapeTree } from '../formats/line-shapes.js';
import { hashBytes, hashString, NameTable } from '../formats/name-table.js';
import { ObjectKeyScanner } from '../formats/object-keys.js';
import type { GoldenColumns } from './golden-columns.js';
import { GoldenIdIndex } from './golden-id-index.js';
import type { RunColumns } from './run-columns.js';

/** The record's keys (both branches); key k has bit 1 << k. */
const KEYS = new Words(['id', 'status', 'prediction', 'error', 'attempts', 'latencyMs', 'cached', 'usage', 'costUsd']);
const PREDICTION_KEYS = new Words(['label', 'score', 'category', 'rationale']);
const ERROR_FIELDS = new Words(['kind', 'message']);
const USAGE_KEYS = new Words(['inputTokens', 'outputTokens']);
const STATUSES = new Words(['ok', 'error']);
const KINDS = new Words(ERROR_KINDS);
const ID = 1;
const STATUS = 2;
const PREDICTION = 4;
const ERROR = 8;
const ATTEMPTS = 16;
const LATENCY = 32;
const CACHED = 64;
const USAGE = 128;
const COST = 256;
const OK_KEYS = ID | STATUS | PREDICTION | ATTEMPTS | LATENCY;
const ERROR_KEYS = ID | STATUS | ERROR | ATTEMPTS | LATENCY;
// shape slots inside the prediction, error and usage objects (the others hold a key's value)
const PREDICTION_FIELD = 1 << 20;
const ERROR_FIELD = 1 << 21;
const USAGE_FIELD = 1 << 22;
const STATUS_OK = 1;
/** How far from the last item matched a record is looked for before the id index. */
const NEARBY = 16;
const STATUS_ERROR = 2;

/**
 * Reads a predictions file line by line into columns and matches each record to its golden item:
 * a line of a known shape by its values alone, another key by key, and one neither is sure of
 * with JSON.parse + PredictionRecordSchema, exactly as `loadRun`. `scan()` is false as soon as
 * `loadRun` would refuse the file or drop its last line.
 */
export class RunScanner extends ObjectKeyScanner {
  private readonly json: JsonBytes;
  private readonly recordOf: Int32Array;
  /** Ids of records that match no golden item, to catch one recorded twice. */
  private readonly unknown = new NameTable();
  private readonly labels: NameTable;
  private readonly labelWords: Words;
  private readonly categories = new NameTable();
  private lineStart: Int32Array;
  private lineEnd: Int32Array;
  private status: Uint8Array;
  private label: Int32Array;
  private score: Float64Array;
  private category: Int32Array;
  private errorKind: Int8Array;
  private count = 0;
  private slowLines = 0;
  private readonly shapes = new ShapeTree();
  private readonly to = { p: 0 };
  private readonly line: LineBytes;
  private readonly recorder = new ShapeRecorder();
  /** Whether the last record was found near the one before it (by `nearbyItem`). */
  private inOrder = true;
  /** The golden item the last record matched: records mostly come in golden order. */
  private lastItem = -1;

  // the record being read
  private idStart = 0;
  private idEnd = 0;
  private idText: string | undefined;
  private recordStatus = 0;
  private recordLabel = -1;
  private recordScore = NaN;
  private recordCategory = -1;
  private recordKind = -1;

  /** Golden ids by hash, built the first time a record is not where `nearbyItem` looks. */
  private ids: GoldenIdIndex | undefined;

  constructor(
    private readonly bytes: Buffer,
    private readonly golden: GoldenColumns,
    labels: readonly string[],
  ) {
    super();
    this.json = new JsonBytes(bytes);
    this.line = new LineBytes(bytes);
    this.recordOf = new Int32Array(golden.count).fill(-1);
    this.labels = new NameTable(16, labels);
    this.labelWords = new Words(labels);
    const capacity = Math.min(Math.ceil(bytes.length / 3) + 1, golden.count + 16);
    this.lineStart = new Int32Array(capacity);
    this.lineEnd = new Int32Array(capacity);
    this.status = new Uint8Array(capacity);
    this.label = new Int32Array(capacity);
    this.score = new Float64Array(capacity);
    this.category = new Int32Array(capacity);
    this.errorKind = new Int8Array(capacity);
  }

  scan(): boolean {
    const b = this.bytes;
    const size = b.length;
    if (size >= 2 ** 31 - 1) return false;
    let p = 0;
    while (p < size) {
      const newline = b.indexOf(0x0a, p);
      if (newline === -1) {
        // loadRun drops a last line without its newline (the run was killed mid-write) and
        // measures it: rare enough to leave to it; a blank tail is nothing to either
        return decodeLine(b, p, size).trim() === '';
      }
      if (!this.shapedLine(p, newline) && !this.fastLine(p, newline) && !this.slowLine(p, newline)) return false;
      p = newline + 1;
    }
    return true;
  }

  columns(): RunColumns {
    const n = this.count;
    return {
      bytes: this.bytes,
      count: n,
      recordOf: this.recordOf,
      lineStart: this.lineStart.subarray(0, n),
      lineEnd: this.lineEnd.subarray(0, n),
      status: this.status.subarray(0, n),
      label: this.label.subarray(0, n),
      labels: this.labels,
      score: this.score.subarray(0, n),
      category: this.category.subarray(0, n),
      categories: this.categories,
      errorKind: this.errorKind.subarray(0, n),
      slowLines: this.slowLines,
    };
  }

  /** Read a line with the shape of one read before, if it has one. */
  private shapedLine(start: number, end: number): boolean {
    this.startRecord(end);
    const to = this.to;
    const line = this.line;
    line.end = end;
    let node = this.shapes.root;
    let p = start;
    for (;;) {
      const seen = node.ending(line, p);
      if (seen >= 0) return this.finishRecord(seen, start, end);
      const next = node.child(line, p, to);
      if (next === undefined) return false;
      node = next;
      p = to.p;
      const kind = node.kind;
      if (kind === PREDICTION_FIELD) p = this.predictionField(node.aux, p);
      else if (kind === ERROR_FIELD) p = this.errorField(node.aux, p);
      else if (kind === USAGE_FIELD) p = this.nonNegative(p);
      else p = this.value(kind, p);
      if (p < 0) return false;
    }
  }

  private startRecord(end: number): void {
    this.json.end = end;
    this.idText = undefined;
    this.recordStatus = 0;
    this.recordLabel = -1;
    this.recordScore = NaN;
    this.recordCategory = -1;
    this.recordKind = -1;
  }

  /** Read a line key by key; false when unsure (nothing is recorded then). */
  private fastLine(start: number, end: number): boolean {
    this.startRecord(end);
    this.recorder.reset();
    const seen = this.objectKeys(this.json, KEYS, PREDICTION | ERROR | USAGE, this.recorder, start, end);
    if (seen < 0 || !this.finishRecord(seen, start, end)) return false;
    this.shapes.add(this.recorder, this.bytes, start, end, seen);
    return true;
  }

  /** The discriminated union's branch has exactly its keys (cached is ok-only); then match the id. */
  private finishRecord(seen: number, start: number, end: number): boolean {
    const required = this.recordStatus === STATUS_OK ? OK_KEYS : ERROR_KEYS;
    if ((seen & required) !== required) return false;
    if (this.recordStatus === STATUS_OK ? (seen & ERROR) !== 0 : (seen & (PREDICTION | CACHED)) !== 0) return false;
    return this.match(start, end);
  }

  /** Match the record just read to its golden item; false on a second record of an id. */
  private match(start: number, end: number): boolean {
    const text = this.idText;
    let hash = 0;
    let item = text === undefined ? this.nearbyItem() : -1;
    this.inOrder = item !== -1;
    if (item === -1) {
      hash = text === undefined ? hashBytes(this.bytes, this.idStart, this.idEnd) : hashString(text);
      this.ids ??= new GoldenIdIndex(this.golden);
      item = text === undefined ? this.ids.findBytes(this.bytes, this.idStart, this.idEnd, hash) : this.ids.find(text, hash);
    }
    if (item !== -1) {
      this.lastItem = item;
      if (this.recordOf[item] !== -1) return false;
      this.recordOf[item] = this.count;
    } else {
      const name = text ?? this.bytes.toString('latin1', this.idStart, this.idEnd);
      if (this.unknown.find(name) !== -1) return false;
      this.unknown.add(name, hash);
    }
    this.commit(start, end);
    return true;
  }

  /**
   * The golden item whose id is the (plain) id just read, if it is the one after the last item
   * matched or a few items around it: records come in golden order, give or take the calls a
   * run had in flight at once. −1 otherwise.
   */
  private nearbyItem(): number {
    const last = this.lastItem;
    if (this.isItem(last + 1)) return last + 1;
    // records in no particular order (a merged or resumed run): looking around costs more than
    // it finds, so only a record found near the one before is a reason to look near again
    if (!this.inOrder) return -1;
    for (let distance = 2; distance <= NEARBY; distance += 1) {
      if (this.isItem(last + distance)) return last + distance;
      if (this.isItem(last + 1 - distance)) return last + 1 - distance;
    }
    return -1;
  }

  private isItem(item: number): boolean {
    const golden = this.golden;
    if (item < 0 || item >= golden.count) return false;
    const from = golden.idStart[item] ?? -1;
    const length = this.idEnd - this.idStart;
    if (from === -1 || (golden.idEnd[item] ?? -1) - from !== length) return false;
    const a = golden.bytes;
    const b = this.bytes;
    for (let k = 0; k < length; k += 1) if (a[from + k] !== b[this.idStart + k]) return false;
    return true;
  }

  protected override value(key: number, p: number): number {
    const json = this.json;
    switch (key) {
      case ID: {
        // z.string(): empty is allowed
        const end = json.string(p);
        if (end < 0) return -1;
        if (json.escaped || json.nonAscii) this.idText = json.text(p, end);
        else {
          this.idStart = p + 1;
          this.idEnd = end - 1;
        }
        return end;
      }
      case STATUS: {
        const status = STATUSES.match(json, p);
        if (status < 0) return -1;
        this.recordStatus = status === 0 ? STATUS_OK : STATUS_ERROR;
        return json.stop;
      }
      case PREDICTION:
        return this.prediction(p);
      case ERROR:
        return this.error(p);
      case ATTEMPTS: {
        // z.number().int().positive(): zod's int is a safe integer
        const end = json.number(p);
        return end < 0 || !Number.isSafeInteger(json.value) || json.value <= 0 ? -1 : end;
      }
      case LATENCY:
      case COST:
        return this.nonNegative(p);
      case CACHED:
        return json.boolean(p);
      case USAGE:
        return this.usage(p);
      default:
        return -1;
    }
  }

  private nonNegative(p: number): number {
    const end = this.json.number(p);
    const value = this.json.value;
    return end < 0 || !(value >= 0) || !Number.isFinite(value) ? -1 : end;
  }

  /** PredictionSchema: {label, score?, category?, rationale?}. */
  private prediction(p: number): number {
    const seen = this.object(p, PREDICTION_KEYS, PREDICTION_FIELD);
    return seen < 0 || (seen & 1) === 0 ? -1 : this.json.stop;
  }

  private predictionField(field: number, p: number): number {
    const json = this.json;
    switch (field) {
      case 0: {
        const known = this.labelWords.match(json, p);
        if (known >= 0) {
          this.recordLabel = known;
          return json.stop;
        }
        const end = json.string(p);
        if (end < 0 || end - p < 3) return -1; // min(1)
        this.recordLabel = this.name(this.labels, p, end);
        return end;
      }
      case 1: {
        const end = json.number(p);
        if (end < 0 || !(json.value >= 0 && json.value <= 1)) return -1;
        this.recordScore = json.value;
        return end;
      }
      case 2: {
        const known = this.categories.matchLiteral(json, p);
        if (known >= 0) {
          this.recordCategory = known;
          return json.stop;
        }
        const end = json.string(p);
        if (end < 0) return -1;
        this.recordCategory = this.name(this.categories, p, end);
        return end;
      }
      default:
        return json.skipString(p);
    }
  }

  /** {kind: one of ERROR_KINDS, message: string}. */
  private error(p: number): number {
    return this.object(p, ERROR_FIELDS, ERROR_FIELD) === 3 ? this.json.stop : -1;
  }

  private errorField(field: number, p: number): number {
    const json = this.json;
    if (field === 1) return json.skipString(p);
    this.recordKind = KINDS.match(json, p);
    return this.recordKind < 0 ? -1 : json.stop;
  }

  /** UsageSchema: {inputTokens, outputTokens}, both ≥ 0. */
  private usage(p: number): number {
    return this.object(p, USAGE_KEYS, USAGE_FIELD) === 3 ? this.json.stop : -1;
  }

  /**
   * A small strict object at `p` with keys from `keys`, each read by the reader of `kind`: the
   * keys seen as bits (−1 if invalid or unsure), the index after it in `json.stop`.
   */
  private object(p: number, keys: Words, kind: number): number {
    const json = this.json;
    if (json.at(p) !== 0x7b) return -1;
    p = json.space(p + 1);
    let seen = 0;
    if (json.at(p) !== 0x7d) {
      for (;;) {
        const key = keys.match(json, p);
        if (key < 0 || (seen & (1 << key)) !== 0) return -1;
        seen |= 1 << key;
        p = json.space(json.stop);
        if (json.at(p) !== 0x3a) return -1;
        const valueStart = json.space(p + 1);
        p = kind === PREDICTION_FIELD ? this.predictionField(key, valueStart) : kind === ERROR_FIELD ? this.errorField(key, valueStart) : this.nonNegative(valueStart);
        if (p < 0) return -1;
        this.recorder.slot(kind, key, valueStart, p);
        p = json.space(p);
        const c = json.at(p);
        if (c === 0x7d) break;
        if (c !== 0x2c) return -1;
        p = json.space(p + 1);
      }
    }
    json.stop = p + 1;
    return seen;
  }

  private name(table: NameTable, start: number, end: number): number {
    const json = this.json;
    return json.escaped || json.nonAscii ? table.intern(json.text(start, end)) : table.internBytes(this.bytes, start + 1, end - 1);
  }

  /** A line the fast reader was unsure of, read exactly as `loadRun` reads it. */
  private slowLine(start: number, end: number): boolean {
    const text = decodeLine(this.bytes, start, end).replace(/\r$/, '');
    if (text.trim() === '') return true;
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      return false;
    }
    const result = PredictionRecordSchema.safeParse(parsed);
    if (!result.success) return false;
    const record = result.data;
    this.slowLines += 1;
    this.idText = record.id;
    this.recordScore = NaN;
    this.recordLabel = -1;
    this.recordCategory = -1;
    this.recordKind = -1;
    if (record.status === 'ok') {
      this.recordStatus = STATUS_OK;
      this.recordLabel = this.labels.intern(record.prediction.label);
      this.recordScore = record.prediction.score ?? NaN;
      this.recordCategory = record.prediction.category === undefined ? -1 : this.categories.intern(record.prediction.category);
    } else {
      this.recordStatus = STATUS_ERROR;
      this.recordKind = ERROR_KINDS.indexOf(record.error.kind);
    }
    return this.match(start, end);
  }

  private commit(start: number, end: number): void {
    const r = this.count;
    if (r >= this.lineStart.length) this.grow();
    this.lineStart[r] = start;
    this.lineEnd[r] = end;
    this.status[r] = this.recordStatus;
    this.label[r] = this.recordLabel;
    this.score[r] = this.recordScore;
    this.category[r] = this.recordCategory;
    this.errorKind[r] = this.recordKind;
    this.count = r + 1;
  }

  private grow(): void {
    const size = this.lineStart.length * 2;
    const int32 = (array: Int32Array): Int32Array => {
      const grown = new Int32Array(size);
      grown.set(array);
      return grown;
    };
    this.lineStart = int32(this.lineStart);
    this.lineEnd = int32(this.lineEnd);
    this.label = int32(this.label);
    this.category = int32(this.category);
    const status = new Uint8Array(size);
    status.set(this.status);
    this.status = status;
    const score = new Float64Array(size);
    score.set(this.score);
    this.score = score;
    const errorKind = new Int8Array(size);
    errorKind.set(this.errorKind);
    this.errorKind = errorKind;
  }
}
