import { ItemChecker } from '../../domain/golden/check-items.js';
import { ItemSchema, type Manifest } from '../../domain/golden/schema.js';
import { itemAgreement } from '../../domain/metrics/agreement.js';
import { decodeLine, JsonBytes, Words } from '../formats/json-bytes.js';
import { LineBytes, ShapeRecorder, ShapeTree } from '../formats/line-shapes.js';
import { hashBytes, NameTable } from '../formats/name-table.js';
import { ObjectKeyScanner } from '../formats/object-keys.js';
import type { GoldenColumns } from './golden-columns.js';

/** ItemSchema's keys; key k has bit 1 << k, to catch a key given twice (JSON.parse keeps the last). */
const KEYS = new Words(['id', 'text', 'fields', 'label', 'category', 'gray_area', 'gray_reason', 'reviews', 'slices', 'stratum', 'weight', 'notes']);
const ID = 1;
const TEXT = 2;
const FIELDS = 4;
const LABEL = 8;
const CATEGORY = 16;
const GRAY_AREA = 32;
const GRAY_REASON = 64;
const REVIEWS = 128;
const SLICES = 256;
const STRATUM = 512;
const WEIGHT = 1024;
const NOTES = 2048;
const MAX_SLICES = 32;
/** A shape slot holding a slice value (its key is in the shape); the other slots hold a key's value. */
const SLICE_VALUE = 1 << 30;

/**
 * Reads a golden items file line by line into columns: a line of a known shape by its values
 * alone, another key by key, and one neither is sure of with JSON.parse + ItemSchema +
 * ItemChecker, exactly as the object loader. `scan()` is false as soon as a line is invalid.
 */
export class GoldenScanner extends ObjectKeyScanner {
  private readonly json: JsonBytes;
  private readonly labels: NameTable;
  private readonly labelWords: Words;
  private readonly categories: NameTable | undefined;
  private readonly categoryWords: Words;
  private readonly declaredStrata: number;
  private readonly agreement: { labels: string[]; positive: string };
  /** Checks the taxonomy of the lines read by JSON.parse (its duplicate check is redundant). */
  private readonly checker: ItemChecker;

  private readonly decodedIds = new Map<number, string>();
  /**
   * Whether every id so far is plain and sorts after the one before (shorter first, then by
   * bytes), as generated ids (i1, i2 … i10) do: then none repeats, without sorting hashes.
   */
  idsAscend = true;
  private readonly strata: NameTable;
  private readonly strataWords: Words;
  private readonly sliceKeys = new NameTable();
  private readonly sliceValues: NameTable[] = [];
  private plainStart: Int32Array;
  private plainEnd: Int32Array;
  private lineStart: Int32Array;
  private lineEnd: Int32Array;
  private label: Int32Array;
  private category: Int32Array;
  private gray: Uint8Array;
  private reviewed: Uint8Array;
  private weight: Float64Array;
  private stratum: Int32Array;
  private sliceFrom: Int32Array;
  private sliceKey: Int32Array = new Int32Array(1024);
  private sliceValue: Int32Array = new Int32Array(1024);
  private slices = 0;
  private count = 0;
  /** Where the next line starts. */
  private position = 0;
  private slowLines = 0;

  // the item being read
  private idStart = 0;
  private idEnd = 0;
  private idText: string | undefined;
  private itemLabel = -1;
  private itemCategory = -1;
  private grayArea = false;
  private itemReviewed = false;
  private itemWeight = NaN;
  private itemStratum = -1;
  private readonly shapes = new ShapeTree();
  private readonly to = { p: 0 };
  private readonly line: LineBytes;
  private readonly recorder = new ShapeRecorder();
  private readonly pairKey = new Int32Array(MAX_SLICES);
  private readonly pairValue = new Int32Array(MAX_SLICES);
  private pairs = 0;

  constructor(
    private readonly bytes: Buffer,
    manifest: Manifest,
  ) {
    super();
    this.json = new JsonBytes(bytes);
    this.line = new LineBytes(bytes);
    this.labels = new NameTable(manifest.labels.length, manifest.labels);
    this.labelWords = new Words(manifest.labels);
    const categories = Object.keys(manifest.categories ?? {});
    this.categories = manifest.categories ? new NameTable(16, categories) : undefined;
    this.categoryWords = new Words(categories);
    const strata = Object.keys(manifest.strata ?? {});
    this.strata = new NameTable(16, strata);
    this.strataWords = new Words(strata);
    this.declaredStrata = manifest.strata ? strata.length : -1;
    this.agreement = { labels: manifest.labels, positive: manifest.positive };
    this.checker = new ItemChecker(manifest, 'items.jsonl');
    // room for the lines the manifest announces (a line is at least `{}` and a newline); grown if more
    const most = Math.ceil(bytes.length / 3) + 1;
    const capacity = Math.min(most, Math.max(16, manifest.count + 16));
    this.plainStart = new Int32Array(capacity);
    this.plainEnd = new Int32Array(capacity);
    this.lineStart = new Int32Array(capacity);
    this.lineEnd = new Int32Array(capacity);
    this.label = new Int32Array(capacity);
    this.category = new Int32Array(capacity);
    this.gray = new Uint8Array(capacity);
    this.reviewed = new Uint8Array(capacity);
    this.weight = new Float64Array(capacity);
    this.stratum = new Int32Array(capacity);
    this.sliceFrom = new Int32Array(capacity + 1);
  }

  /**
   * Read the whole lines among the first `loaded` bytes not read yet (and, once `final`, the last
   * line even without its newline), so a file can be read while it is still being loaded.
   * False as soon as a line is invalid.
   */
  scan(loaded = this.bytes.length, final = true): boolean {
    if (this.bytes.length >= 2 ** 31 - 1) return false;
    // a BOM is dropped by the reader's TextDecoder on line 1 only: not worth a special case
    if (this.position === 0 && loaded >= 3 && this.bytes[0] === 0xef && this.bytes[1] === 0xbb && this.bytes[2] === 0xbf) return false;
    // bytes past `loaded` are not the file's yet: a newline found there is not one
    const b = this.bytes.subarray(0, loaded);
    let p = this.position;
    while (p < loaded) {
      const newline = b.indexOf(0x0a, p);
      if (newline === -1 && !final) break;
      const end = newline === -1 ? loaded : newline;
      if (!this.shapedLine(p, end) && !this.fastLine(p, end) && !this.slowLine(p, end)) return false;
      p = end + 1;
    }
    this.position = p;
    return true;
  }

  columns(): GoldenColumns {
    const n = this.count;
    return {
      bytes: this.bytes,
      count: n,
      decodedIds: this.decodedIds,
      idStart: this.plainStart.subarray(0, n),
      idEnd: this.plainEnd.subarray(0, n),
      lineStart: this.lineStart.subarray(0, n),
      lineEnd: this.lineEnd.subarray(0, n),
      label: this.label.subarray(0, n),
      category: this.category.subarray(0, n),
      gray: this.gray.subarray(0, n),
      reviewed: this.reviewed.subarray(0, n),
      weight: this.weight.subarray(0, n),
      stratum: this.stratum.subarray(0, n),
      strata: this.strata,
      sliceFrom: this.sliceFrom.subarray(0, n + 1),
      sliceKey: this.sliceKey.subarray(0, this.slices),
      sliceValue: this.sliceValue.subarray(0, this.slices),
      sliceKeys: this.sliceKeys,
      sliceValues: this.sliceValues,
      slowLines: this.slowLines,
    };
  }

  /** Read a line with the shape of one read before, if it has one. */
  private shapedLine(start: number, end: number): boolean {
    this.startItem(end);
    const json = this.json;
    const to = this.to;
    const line = this.line;
    line.end = end;
    let node = this.shapes.root;
    let p = start;
    for (;;) {
      const seen = node.ending(line, p);
      if (seen >= 0) return this.finishItem(seen, start, end);
      const next = node.child(line, p, to);
      if (next === undefined) return false;
      node = next;
      p = to.p;
      if (node.kind === SLICE_VALUE) {
        const key = node.aux;
        const values = this.valuesOf(key);
        let value = values.matchLiteral(json, p);
        if (value >= 0) p = json.stop;
        else {
          const valueStart = p;
          p = json.string(p);
          if (p < 0) return false;
          value = this.name(values, valueStart, p, true);
        }
        this.pairKey[this.pairs] = key;
        this.pairValue[this.pairs] = value;
        this.pairs += 1;
      } else {
        p = this.value(node.kind, p);
        if (p < 0) return false;
      }
    }
  }

  private startItem(end: number): void {
    this.json.end = end;
    this.idText = undefined;
    this.itemLabel = -1;
    this.itemCategory = -1;
    this.grayArea = false;
    this.itemReviewed = false;
    this.itemWeight = NaN;
    this.itemStratum = -1;
    this.pairs = 0;
  }

  /** Read a line key by key; false when unsure (nothing is recorded then). */
  private fastLine(start: number, end: number): boolean {
    this.startItem(end);
    this.recorder.reset();
    const seen = this.objectKeys(this.json, KEYS, SLICES, this.recorder, start, end);
    if (seen < 0 || !this.finishItem(seen, start, end)) return false;
    this.shapes.add(this.recorder, this.bytes, start, end, seen);
    return true;
  }

  /** The checks of a whole item (ItemSchema's required keys, ItemChecker's rules), then record it. */
  private finishItem(seen: number, start: number, end: number): boolean {
    if ((seen & (ID | TEXT | LABEL)) !== (ID | TEXT | LABEL)) return false;
    // a broken rule is left to the object loader to report
    if ((seen & GRAY_REASON) !== 0 && !this.grayArea) return false;
    if (this.idText === undefined) {
      if (this.idsAscend && this.count > 0) this.idsAscend = this.ascends(this.idStart, this.idEnd);
      this.commit(undefined, start, end, this.idStart, this.idEnd);
    } else this.commit(this.idText, start, end, -1, -1);
    return true;
  }

  /** The value of key `key` at `p`, checked against ItemSchema and read if the report needs it. */
  protected override value(key: number, p: number): number {
    const json = this.json;
    switch (key) {
      case ID: {
        const end = json.string(p);
        if (end < 0 || end - p < 3) return -1; // min(1)
        if (json.escaped || json.nonAscii) this.idText = json.text(p, end);
        else {
          this.idStart = p + 1;
          this.idEnd = end - 1;
        }
        return end;
      }
      case LABEL: {
        this.itemLabel = this.labelWords.match(json, p);
        if (this.itemLabel >= 0) return json.stop;
        const end = json.string(p);
        if (end < 0) return -1;
        this.itemLabel = json.escaped || json.nonAscii ? this.labels.find(json.text(p, end)) : -1;
        // an empty or unknown label: the object loader reports it
        return this.itemLabel < 0 ? -1 : end;
      }
      case CATEGORY: {
        if (this.categories === undefined) return -1;
        this.itemCategory = this.categoryWords.match(json, p);
        if (this.itemCategory >= 0) return json.stop;
        const end = json.string(p);
        if (end < 0) return -1;
        this.itemCategory = json.escaped || json.nonAscii ? this.categories.find(json.text(p, end)) : -1;
        return this.itemCategory < 0 ? -1 : end;
      }
      case STRATUM: {
        this.itemStratum = this.declaredStrata === -1 ? this.strata.matchLiteral(json, p) : this.strataWords.match(json, p);
        if (this.itemStratum >= 0) return json.stop;
        const end = json.string(p);
        if (end < 0) return -1;
        this.itemStratum = this.name(this.strata, p, end, this.declaredStrata === -1);
        if (this.itemStratum < 0 || (this.declaredStrata !== -1 && this.itemStratum >= this.declaredStrata)) return -1;
        return end;
      }
      case TEXT:
      case NOTES:
      case GRAY_REASON:
        return json.skipString(p);
      case GRAY_AREA: {
        const end = json.boolean(p);
        this.grayArea = json.value === 1;
        return end;
      }
      case WEIGHT: {
        const end = json.number(p);
        // z.number().positive(): finite and > 0
        if (end < 0 || !(json.value > 0) || !Number.isFinite(json.value)) return -1;
        this.itemWeight = json.value;
        return end;
      }
      case FIELDS:
        return json.at(p) === 0x7b ? json.skipObject(p, 1) : -1;
      case REVIEWS: {
        // an empty list is read here; reviews make the line a JSON.parse one (itemAgreement)
        if (json.at(p) !== 0x5b) return -1;
        const close = json.space(p + 1);
        return json.at(close) === 0x5d ? close + 1 : -1;
      }
      case SLICES:
        return this.slicesValue(p);
      default:
        return -1;
    }
  }

  /** `{"key": "value", …}` with plain, distinct keys that JSON.parse keeps in written order. */
  private slicesValue(p: number): number {
    const json = this.json;
    if (json.at(p) !== 0x7b) return -1;
    p = json.space(p + 1);
    if (json.at(p) === 0x7d) return p + 1;
    for (;;) {
      const keyStart = p;
      p = json.string(p);
      if (p < 0 || json.escaped || json.nonAscii) return -1;
      // an integer-like key is moved first by JSON.parse, __proto__ is dropped by zod: unusual
      const first = this.bytes[keyStart + 1] ?? 0;
      if ((first >= 0x30 && first <= 0x39) || json.spells(keyStart + 1, p - 1, '__proto__')) return -1;
      const key = this.sliceKeys.internBytes(this.bytes, keyStart + 1, p - 1);
      for (let k = 0; k < this.pairs; k += 1) if (this.pairKey[k] === key) return -1;
      if (this.pairs === MAX_SLICES) return -1;
      p = json.space(p);
      if (json.at(p) !== 0x3a) return -1;
      const valueStart = json.space(p + 1);
      p = json.string(valueStart);
      if (p < 0) return -1;
      const values = this.valuesOf(key);
      this.pairKey[this.pairs] = key;
      this.pairValue[this.pairs] = this.name(values, valueStart, p, true);
      this.pairs += 1;
      this.recorder.slot(SLICE_VALUE, key, valueStart, p);
      p = json.space(p);
      const c = json.at(p);
      if (c === 0x7d) return p + 1;
      if (c !== 0x2c) return -1;
      p = json.space(p + 1);
    }
  }

  /** The number in `table` of the string literal `json.string` just read at `[start, end)`. */
  private name(table: NameTable, start: number, end: number, add: boolean): number {
    const json = this.json;
    if (json.escaped || json.nonAscii) {
      const text = json.text(start, end);
      return add ? table.intern(text) : table.find(text);
    }
    if (add) return table.internBytes(this.bytes, start + 1, end - 1);
    return table.findBytes(this.bytes, start + 1, end - 1, hashBytes(this.bytes, start + 1, end - 1));
  }

  private valuesOf(key: number): NameTable {
    let values = this.sliceValues[key];
    if (values === undefined) {
      values = new NameTable();
      this.sliceValues[key] = values;
    }
    return values;
  }

  /**
   * A line the fast reader was unsure of, read exactly as the object loader reads it: decoded,
   * a trailing CR dropped, skipped if blank, JSON.parse, ItemSchema, ItemChecker. False when the
   * object loader would report a problem.
   */
  private slowLine(start: number, end: number): boolean {
    const text = decodeLine(this.bytes, start, end).replace(/\r$/, '');
    if (text.trim() === '') return true;
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      return false;
    }
    const result = ItemSchema.safeParse(parsed);
    if (!result.success) return false;
    const item = result.data;
    if (this.checker.check(item, this.count + 1).length > 0) return false;
    this.slowLines += 1;
    this.itemLabel = this.labels.find(item.label);
    this.itemCategory = item.category === undefined || this.categories === undefined ? -1 : this.categories.find(item.category);
    this.grayArea = itemAgreement(item, this.agreement).status === 'gray';
    this.itemReviewed = (item.reviews?.length ?? 0) > 0;
    this.itemWeight = item.weight ?? NaN;
    this.itemStratum = item.stratum === undefined ? -1 : this.strata.intern(item.stratum);
    this.pairs = 0;
    for (const [key, value] of Object.entries(item.slices ?? {})) {
      if (this.pairs === MAX_SLICES) return false;
      const keyNumber = this.sliceKeys.intern(key);
      this.pairKey[this.pairs] = keyNumber;
      this.pairValue[this.pairs] = this.valuesOf(keyNumber).intern(value);
      this.pairs += 1;
    }
    this.commit(item.id, start, end, -1, -1);
    return true;
  }

  /** Whether the plain id `[start, end)` sorts after the previous item's (which must be plain). */
  private ascends(start: number, end: number): boolean {
    const k = this.count - 1;
    const before = this.plainStart[k] ?? -1;
    if (before === -1) return false;
    const length = end - start;
    const beforeLength = (this.plainEnd[k] ?? 0) - before;
    if (length !== beforeLength) return length > beforeLength;
    const b = this.bytes;
    for (let j = 0; j < length; j += 1) {
      const x = b[start + j] ?? 0;
      const y = b[before + j] ?? 0;
      if (x !== y) return x > y;
    }
    return false;
  }

  /** Record the item read; `id` is given when it is not plain in the file. */
  private commit(id: string | undefined, start: number, end: number, idStart: number, idEnd: number): void {
    const k = this.count;
    if (k >= this.lineStart.length) this.grow();
    if (id !== undefined) {
      this.decodedIds.set(k, id);
      this.idsAscend = false;
    }
    this.plainStart[k] = idStart;
    this.plainEnd[k] = idEnd;
    this.lineStart[k] = start;
    this.lineEnd[k] = end;
    this.label[k] = this.itemLabel;
    this.category[k] = this.itemCategory;
    this.gray[k] = this.grayArea ? 1 : 0;
    this.reviewed[k] = this.itemReviewed ? 1 : 0;
    this.weight[k] = this.itemWeight;
    this.stratum[k] = this.itemStratum;
    this.sliceFrom[k] = this.slices;
    if (this.slices + this.pairs > this.sliceKey.length) {
      this.sliceKey = grownInt32(this.sliceKey, this.slices + this.pairs);
      this.sliceValue = grownInt32(this.sliceValue, this.slices + this.pairs);
    }
    for (let j = 0; j < this.pairs; j += 1) {
      this.sliceKey[this.slices] = this.pairKey[j] ?? 0;
      this.sliceValue[this.slices] = this.pairValue[j] ?? 0;
      this.slices += 1;
    }
    this.count = k + 1;
    this.sliceFrom[k + 1] = this.slices;
  }

  private grow(): void {
    const size = this.lineStart.length * 2;
    this.plainStart = grownInt32(this.plainStart, size);
    this.plainEnd = grownInt32(this.plainEnd, size);
    this.lineStart = grownInt32(this.lineStart, size);
    this.lineEnd = grownInt32(this.lineEnd, size);
    this.label = grownInt32(this.label, size);
    this.category = grownInt32(this.category, size);
    this.stratum = grownInt32(this.stratum, size);
    this.sliceFrom = grownInt32(this.sliceFrom, size + 1);
    const gray = new Uint8Array(size);
    gray.set(this.gray);
    this.gray = gray;
    const reviewed = new Uint8Array(size);
    reviewed.set(this.reviewed);
    this.reviewed = reviewed;
    const weight = new Float64Array(size);
    weight.set(this.weight);
    this.weight = weight;
  }
}

function grownInt32(array: Int32Array, atLeast: number): Int32Array {
  let size = Math.max(16, array.length);
  while (size < atLeast) size *= 2;
  const grown = new Int32Array(size);
  grown.set(array);
  return grown;
}
