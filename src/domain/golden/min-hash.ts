import { mulberry32 } from '../metrics/bootstrap.js';

/**
 * The building blocks of near-duplicate detection: character shingles of a normalised text,
 * the exact Jaccard similarity of two shingle sets, and MinHash signatures that estimate it.
 *
 * MinHash: one-permutation MinHash (Li, Owen & Zhang 2012) with optimal densification
 * (Shrivastava 2017), which costs one hash per shingle instead of one per shingle and hash
 * function (80× faster than 80 independent hash functions, which is what makes 100 000 items a
 * matter of seconds). Each shingle is hashed to 32 bits (a rolling polynomial hash), then
 * permuted by h(x) = fmix32(x XOR s) with s drawn from mulberry32(seed) (fmix32, MurmurHash3's
 * finaliser, is a bijection); the high bits of h(x) pick one of K bins and each bin keeps its
 * minimum. An empty bin borrows the value of the first non-empty bin along a seeded probe
 * sequence that is the same for every text, so two texts agree on a signature position with
 * probability J, as with K independent hash functions.
 */

/**
 * A 32-bit hash of each k-character shingle of a normalised text, in text order and with
 * repeats (a text shorter than k is one shingle; an empty text has none): a polynomial rolling
 * hash, Σ c_j·B^(k−1−j) mod 2³², updated in O(1) per position, so shingling costs one pass over
 * the text whatever k is. (MinHash permutes these values with fmix32 before using them.)
 */
export function rawShingleHashes(normalized: string, k: number): Uint32Array {
  if (normalized.length === 0) return new Uint32Array(0);
  const width = Math.min(k, normalized.length);
  const count = normalized.length - width + 1;
  const hashes = new Uint32Array(count);
  let top = 1; // B^(width−1) mod 2³²
  for (let j = 1; j < width; j += 1) top = Math.imul(top, ROLLING_BASE);
  let hash = 0;
  for (let j = 0; j < width; j += 1) hash = (Math.imul(hash, ROLLING_BASE) + normalized.charCodeAt(j)) | 0;
  hashes[0] = hash >>> 0;
  for (let start = 1; start < count; start += 1) {
    hash = (hash - Math.imul(normalized.charCodeAt(start - 1), top)) | 0;
    hash = (Math.imul(hash, ROLLING_BASE) + normalized.charCodeAt(start + width - 1)) | 0;
    hashes[start] = hash >>> 0;
  }
  return hashes;
}

const ROLLING_BASE = 0x01000193;

/** Sorted, distinct 32-bit hashes of the k-character shingles of a normalised text. */
export function shingleHashes(normalized: string, k: number): Uint32Array {
  const hashes = rawShingleHashes(normalized, k).sort();
  let distinct = 0;
  for (let index = 0; index < hashes.length; index += 1) {
    const value = hashes[index] ?? 0;
    if (index === 0 || value !== hashes[distinct - 1]) hashes[distinct++] = value;
  }
  return hashes.subarray(0, distinct);
}

/** |A ∩ B| / |A ∪ B| of two sorted distinct arrays; two empty sets are identical (1). */
export function jaccard(a: Uint32Array, b: Uint32Array): number {
  if (a.length === 0 && b.length === 0) return 1;
  let i = 0;
  let j = 0;
  let common = 0;
  while (i < a.length && j < b.length) {
    const x = a[i] ?? 0;
    const y = b[j] ?? 0;
    if (x === y) {
      common += 1;
      i += 1;
      j += 1;
    } else if (x < y) i += 1;
    else j += 1;
  }
  return common / (a.length + b.length - common);
}

export function fmix32(input: number): number {
  let h = input;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

export interface MinHasher {
  bins: number;
  /** The signature of a shingle set (repeats allowed) into `out` (length `bins`); all-max when empty. */
  sign(shingles: Uint32Array, out?: Uint32Array): Uint32Array;
}

const EMPTY_BIN = 0xffffffff;

/** A seeded one-permutation MinHash with optimal densification over `bins` bins. */
export function createMinHasher(bins: number, seed: number): MinHasher {
  const random = mulberry32(seed);
  const permutation = Math.floor(random() * 4294967296);
  const probeSeed = Math.floor(random() * 4294967296);
  // the probe sequence of each bin, drawn once: bin i tries probes[i][0], probes[i][1], ...
  const probeLength = 4 * bins;
  const probes = new Uint16Array(bins * probeLength);
  for (let bin = 0; bin < bins; bin += 1) {
    for (let attempt = 0; attempt < probeLength; attempt += 1) {
      const h = fmix32((probeSeed ^ Math.imul(bin + 1, 0x9e3779b1) ^ Math.imul(attempt + 1, 0x85ebca6b)) >>> 0);
      probes[bin * probeLength + attempt] = Math.floor((h / 4294967296) * bins);
    }
  }
  return {
    bins,
    sign(shingles, out = new Uint32Array(bins)) {
      out.fill(EMPTY_BIN);
      let filled = 0;
      for (let s = 0; s < shingles.length; s += 1) {
        const value = fmix32(((shingles[s] ?? 0) ^ permutation) >>> 0);
        const bin = Math.floor((value / 4294967296) * bins);
        if (value < (out[bin] ?? 0)) {
          if (out[bin] === EMPTY_BIN) filled += 1;
          out[bin] = value;
        }
      }
      if (filled === 0 || filled === bins) return out;
      const full = out.slice();
      for (let bin = 0; bin < bins; bin += 1) {
        if (full[bin] !== EMPTY_BIN) continue;
        let borrowed = EMPTY_BIN;
        for (let attempt = 0; attempt < probeLength && borrowed === EMPTY_BIN; attempt += 1) {
          borrowed = full[probes[bin * probeLength + attempt] ?? 0] ?? EMPTY_BIN;
        }
        // the probe sequence missed every filled bin (chance < e^-4 per bin even with one
        // filled bin): fall back to the next filled bin to the right, also the same for all texts
        for (let step = 1; borrowed === EMPTY_BIN; step += 1) borrowed = full[(bin + step) % bins] ?? EMPTY_BIN;
        out[bin] = borrowed;
      }
      return out;
    },
  };
}
