import { Words, type JsonBytes } from './json-bytes.js';

/**
 * Strings numbered in insertion order, looked up either by a string or by the bytes of a plain
 * JSON string literal (ASCII, no escape) without decoding it first. A million ids cost one hash
 * table of 32-bit integers instead of a `Map` of a million freshly allocated keys.
 *
 * The hash is FNV-1a over UTF-16 code units (`fnv1a32`, the shard hash): for ASCII bytes the
 * bytes are the code units, so a literal and its decoded string hash alike.
 */
export class NameTable {
  readonly names: string[] = [];
  /** `fnv1a32` of each name, by number. */
  hashes: Int32Array;
  /**
   * Open addressing, two integers per slot: the name's hash, then its number + 1 (0 = empty), so
   * a probe reads one cache line instead of the slot and then the hash beside the name.
   */
  private slots: Int32Array;
  private mask: number;
  /** The first names again, for `matchLiteral`: a few slice values or labels, read a million times. */
  private readonly words = new Words();

  constructor(expected = 16, initial: readonly string[] = []) {
    const capacity = Math.max(16, expected);
    this.hashes = new Int32Array(capacity);
    let size = 32;
    while (size < capacity * 2) size *= 2;
    this.slots = new Int32Array(size * 2);
    this.mask = size - 1;
    for (const name of initial) if (this.find(name) === -1) this.add(name, hashString(name));
  }

  get size(): number {
    return this.names.length;
  }

  /** The number of `name`, or −1. */
  find(name: string): number {
    const hash = hashString(name);
    const slots = this.slots;
    for (let slot = spread(hash) & this.mask; ; slot = (slot + 1) & this.mask) {
      const entry = slots[2 * slot + 1] ?? 0;
      if (entry === 0) return -1;
      if (slots[2 * slot] === hash && this.names[entry - 1] === name) return entry - 1;
    }
  }

  /** The number of the name spelled by the ASCII bytes `[start, end)` (hash `hash`), or −1. */
  findBytes(bytes: Buffer, start: number, end: number, hash: number): number {
    const length = end - start;
    const slots = this.slots;
    for (let slot = spread(hash) & this.mask; ; slot = (slot + 1) & this.mask) {
      const entry = slots[2 * slot + 1] ?? 0;
      if (entry === 0) return -1;
      if (slots[2 * slot] === hash) {
        const name = this.names[entry - 1] ?? '';
        if (name.length === length) {
          let k = 0;
          while (k < length && name.charCodeAt(k) === bytes[start + k]) k += 1;
          if (k === length) return entry - 1;
        }
      }
    }
  }

  /** Number a name not yet in the table (the caller has checked with `find`/`findBytes`). */
  add(name: string, hash: number): number {
    const index = this.names.length;
    if (index >= this.hashes.length) {
      const grown = new Int32Array(this.hashes.length * 2);
      grown.set(this.hashes);
      this.hashes = grown;
    }
    if ((index + 1) * 2 > this.mask + 1) this.rehash((this.mask + 1) * 2);
    this.names.push(name);
    this.hashes[index] = hash;
    if (index < WORDS) this.words.add(name, index);
    this.place(index, hash);
    return index;
  }

  /**
   * The number of the name a plain string literal at `p` spells, if it is one of the first few
   * names (its end in `json.stop`); −1 says only "read the literal and look it up another way".
   */
  matchLiteral(json: JsonBytes, p: number): number {
    return this.words.size === 0 ? -1 : this.words.match(json, p);
  }

  /** `find`, then `add` if absent. */
  intern(name: string): number {
    const found = this.find(name);
    return found === -1 ? this.add(name, hashString(name)) : found;
  }

  /** `findBytes`, then `add` (decoding the ASCII bytes) if absent. */
  internBytes(bytes: Buffer, start: number, end: number): number {
    const hash = hashBytes(bytes, start, end);
    const found = this.findBytes(bytes, start, end, hash);
    return found === -1 ? this.add(bytes.toString('latin1', start, end), hash) : found;
  }

  private place(index: number, hash: number): void {
    const slots = this.slots;
    let slot = spread(hash) & this.mask;
    while ((slots[2 * slot + 1] ?? 0) !== 0) slot = (slot + 1) & this.mask;
    slots[2 * slot] = hash;
    slots[2 * slot + 1] = index + 1;
  }

  private rehash(size: number): void {
    this.slots = new Int32Array(size * 2);
    this.mask = size - 1;
    for (let index = 0; index < this.names.length; index += 1) this.place(index, this.hashes[index] ?? 0);
  }
}

/**
 * Whether a name occurs twice, given every name's hash. Sorting the hashes reads memory in order,
 * where a million inserts into a hash table would each miss the cache; only names whose hash
 * occurs twice (about a hundred in a million, by chance) are then compared as strings.
 */
export function hasRepeats(hashes: Int32Array, name: (index: number) => string): boolean {
  const n = hashes.length;
  const sorted = radixSorted(hashes);
  const shared = new Set<number>();
  for (let k = 1; k < n; k += 1) if (sorted[k] === sorted[k - 1]) shared.add(sorted[k] ?? 0);
  if (shared.size === 0) return false;
  const seen = new Set<string>();
  for (let k = 0; k < n; k += 1) {
    if (!shared.has(hashes[k] ?? 0)) continue;
    const text = name(k);
    if (seen.has(text)) return true;
    seen.add(text);
  }
  return false;
}

/** A sorted copy (as unsigned), four counting passes of a byte each. */
function radixSorted(values: Int32Array): Int32Array {
  const n = values.length;
  let from = Int32Array.from(values);
  let to = new Int32Array(n);
  const counts = new Int32Array(256);
  for (let shift = 0; shift < 32; shift += 8) {
    counts.fill(0);
    for (let k = 0; k < n; k += 1) {
      const digit = ((from[k] ?? 0) >>> shift) & 255;
      counts[digit] = (counts[digit] ?? 0) + 1;
    }
    let sum = 0;
    for (let digit = 0; digit < 256; digit += 1) {
      const count = counts[digit] ?? 0;
      counts[digit] = sum;
      sum += count;
    }
    for (let k = 0; k < n; k += 1) {
      const value = from[k] ?? 0;
      const digit = (value >>> shift) & 255;
      to[counts[digit] ?? 0] = value;
      counts[digit] = (counts[digit] ?? 0) + 1;
    }
    [from, to] = [to, from];
  }
  return from;
}

/** The slot of a hash: FNV-1a's low bits cluster on ids like i1, i2 …, so mix them (murmur3's finaliser). */
export function spread(hash: number): number {
  let h = hash ^ (hash >>> 16);
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}

const WORDS = 16;

/** `fnv1a32` of a string, as a signed 32-bit integer. */
export function hashString(text: string): number {
  let hash = 0x811c9dc5;
  for (let k = 0; k < text.length; k += 1) {
    hash ^= text.charCodeAt(k);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash | 0;
}

/** `fnv1a32` of the string the ASCII bytes `[start, end)` spell, as a signed 32-bit integer. */
export function hashBytes(bytes: Buffer, start: number, end: number): number {
  let hash = 0x811c9dc5;
  for (let k = start; k < end; k += 1) {
    hash ^= bytes[k] ?? 0;
    hash = Math.imul(hash, 0x01000193);
  }
  return hash | 0;
}
