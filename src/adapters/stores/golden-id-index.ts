import { spread } from '../formats/name-table.js';
import { goldenIdHashes, type GoldenColumns } from './golden-columns.js';

/**
 * The golden items by id, for records that do not come in golden order: an open-addressing table
 * of 32-bit hashes whose entries point back into the golden file's bytes, so that it costs no
 * string per id. Ids compare as strings: plain ids by their bytes, decoded ones as decoded.
 */
export class GoldenIdIndex {
  /** Two integers per slot: the id's hash, then its item number + 1 (0 = empty). */
  private readonly slots: Int32Array;
  private readonly mask: number;

  constructor(private readonly golden: GoldenColumns) {
    const hashes = goldenIdHashes(golden);
    let size = 32;
    while (size < golden.count * 2) size *= 2;
    this.slots = new Int32Array(size * 2);
    this.mask = size - 1;
    for (let k = 0; k < golden.count; k += 1) {
      const hash = hashes[k] ?? 0;
      let slot = spread(hash) & this.mask;
      while ((this.slots[2 * slot + 1] ?? 0) !== 0) slot = (slot + 1) & this.mask;
      this.slots[2 * slot] = hash;
      this.slots[2 * slot + 1] = k + 1;
    }
  }

  /** The item whose id is spelled by the ASCII bytes `[start, end)` of `bytes` (hash `hash`), or −1. */
  findBytes(bytes: Uint8Array, start: number, end: number, hash: number): number {
    const golden = this.golden;
    const length = end - start;
    for (let slot = spread(hash) & this.mask; ; slot = (slot + 1) & this.mask) {
      const entry = this.slots[2 * slot + 1] ?? 0;
      if (entry === 0) return -1;
      if (this.slots[2 * slot] !== hash) continue;
      const item = entry - 1;
      const from = golden.idStart[item] ?? -1;
      if (from === -1) {
        const id = golden.decodedIds.get(item) ?? '';
        if (id.length === length && sameText(id, bytes, start)) return item;
      } else if ((golden.idEnd[item] ?? 0) - from === length && sameBytes(golden.bytes, from, bytes, start, length)) return item;
    }
  }

  /** The item whose id is `id` (hash `hash`), or −1. */
  find(id: string, hash: number): number {
    const golden = this.golden;
    for (let slot = spread(hash) & this.mask; ; slot = (slot + 1) & this.mask) {
      const entry = this.slots[2 * slot + 1] ?? 0;
      if (entry === 0) return -1;
      if (this.slots[2 * slot] !== hash) continue;
      const item = entry - 1;
      const from = golden.idStart[item] ?? -1;
      if (from === -1) {
        if (golden.decodedIds.get(item) === id) return item;
      } else if ((golden.idEnd[item] ?? 0) - from === id.length && sameText(id, golden.bytes, from)) return item;
    }
  }
}

/** Whether ASCII bytes from `start` spell `text` (whose length the caller has checked). */
function sameText(text: string, bytes: Uint8Array, start: number): boolean {
  for (let k = 0; k < text.length; k += 1) if (text.charCodeAt(k) !== bytes[start + k]) return false;
  return true;
}

function sameBytes(a: Uint8Array, from: number, b: Uint8Array, start: number, length: number): boolean {
  for (let k = 0; k < length; k += 1) if (a[from + k] !== b[start + k]) return false;
  return true;
}
