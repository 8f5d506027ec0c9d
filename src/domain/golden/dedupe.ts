import { createMinHasher, fmix32, jaccard, rawShingleHashes, shingleHashes } from './min-hash.js';
import { normalizeText } from './normalize-text.js';

/**
 * Exact and near-duplicate texts (spam waves that inflate a golden set's metrics).
 *
 * - Exact: equal after `normalizeText`.
 * - Near: Jaccard similarity J(A, B) = |A ∩ B| / |A ∪ B| of the sets of character k-shingles of
 *   the normalised texts, at or above `threshold`. Candidate pairs come from MinHash signatures
 *   with LSH banding; every candidate pair is then checked with the exact Jaccard of the two
 *   shingle sets, so a reported link is never an estimate.
 *
 * The signatures are min-hash.ts's, K = bands·rows values per text.
 * Banding: the signature is cut into `bands` bands of `rows` values; two items sharing one band
 * exactly become a candidate pair, with probability 1 − (1 − J^rows)^bands. The defaults
 * (20 × 4) give 0.996 at J = 0.7, 0.9998 at J = 0.8, 0.15 at J = 0.3, so pairs at the default
 * threshold are found almost surely while dissimilar pairs rarely cost a check.
 * Clusters are connected components of the verified links (single linkage: a member may be
 * linked to the representative through another member, so its own Jaccard to the representative
 * can be below the threshold; it is reported). The representative is the earliest item.
 */

export interface DedupeOptions {
  /** Jaccard similarity at or above which two texts are near-duplicates (default 0.7). */
  threshold?: number;
  /** Characters per shingle (default 5). */
  shingleSize?: number;
  bands?: number;
  rows?: number;
  seed?: number;
}

export type DedupeParameters = Required<DedupeOptions>;

export const DEFAULT_DEDUPE: DedupeParameters = { threshold: 0.7, shingleSize: 5, bands: 20, rows: 4, seed: 1 };

export interface ClusterMember {
  /** Index of the item in the input. */
  index: number;
  /** Exact Jaccard similarity of its shingles with the representative's. */
  jaccard: number;
  /** Same normalised text as the representative. */
  exact: boolean;
}

export interface DuplicateCluster {
  /** `exact` when every member has the representative's normalised text. */
  kind: 'exact' | 'near';
  /** The earliest item: the one `dedupe --write` keeps. */
  representative: number;
  /** The other members, in input order. */
  members: ClusterMember[];
}

export interface DedupeResult {
  parameters: DedupeParameters;
  items: number;
  clusters: DuplicateCluster[];
  /** Items whose normalised text already appeared earlier. */
  exactDuplicates: number;
  /** Further items that are near- but not exact duplicates of an earlier item. */
  nearDuplicates: number;
  /** Items that `--write` would drop: all cluster members but the representatives. */
  redundant: number;
  /** Pairs that shared a band, and those that needed an exact Jaccard check. */
  candidatePairs: number;
  comparedPairs: number;
}

/** A band's `rows` signature values folded into a 32-bit bucket key. */
function bandKey(signature: Uint32Array, start: number, rows: number): number {
  let key = 0x9e3779b9;
  for (let row = start; row < start + rows; row += 1) key = fmix32((key ^ (signature[row] ?? 0)) >>> 0);
  return key;
}

class UnionFind {
  private readonly parent: Int32Array;
  constructor(size: number) {
    this.parent = Int32Array.from({ length: size }, (_, index) => index);
  }
  find(start: number): number {
    let root = start;
    while (this.parent[root] !== root) root = this.parent[root] ?? root;
    let node = start;
    while (node !== root) {
      const next = this.parent[node] ?? root;
      this.parent[node] = root;
      node = next;
    }
    return root;
  }
  /** Joins the two sets under the smaller index, so a root is always its set's earliest item. */
  union(a: number, b: number): void {
    const ra = this.find(a);
    const rb = this.find(b);
    if (ra < rb) this.parent[rb] = ra;
    else if (rb < ra) this.parent[ra] = rb;
  }
}

/** Members of one group of a bucket a new member is compared with before giving up on the group. */
const MAX_GROUP_TRIES = 32;
/** Shingle sets kept for exact checks; cleared when full, since waves are checked together. */
const SHINGLE_CACHE_SIZE = 8192;

export function findDuplicates(texts: readonly string[], options: DedupeOptions = {}): DedupeResult {
  const parameters: DedupeParameters = { ...DEFAULT_DEDUPE, ...options };
  const { threshold, shingleSize, bands, rows } = parameters;
  const n = texts.length;
  const normalized = texts.map(normalizeText);
  const sets = new UnionFind(n);

  const firstByText = new Map<string, number>();
  const distinct: number[] = [];
  normalized.forEach((text, index) => {
    const first = firstByText.get(text);
    if (first === undefined) {
      firstByText.set(text, index);
      distinct.push(index);
    } else sets.union(first, index);
  });
  firstByText.clear();

  const cache = new Map<number, Uint32Array>();
  const shinglesOf = (index: number): Uint32Array => {
    let found = cache.get(index);
    if (found === undefined) {
      if (cache.size >= SHINGLE_CACHE_SIZE) cache.clear();
      found = shingleHashes(normalized[index] ?? '', shingleSize);
      cache.set(index, found);
    }
    return found;
  };

  const hasher = createMinHasher(bands * rows, parameters.seed);
  const signature = new Uint32Array(bands * rows);
  const signed: number[] = [];
  const bandKeys = new Uint32Array(distinct.length * bands);
  for (const index of distinct) {
    // repeated shingles do not change a minimum, so the signature skips the sort shingleHashes does
    const shingles = rawShingleHashes(normalized[index] ?? '', shingleSize);
    if (shingles.length === 0) continue;
    hasher.sign(shingles, signature);
    for (let band = 0; band < bands; band += 1) bandKeys[signed.length * bands + band] = bandKey(signature, band * rows, rows);
    signed.push(index);
  }

  // Buckets by sorting: each band's (key, item) pairs packed into one float and sorted, so that
  // equal keys are adjacent; much faster than a Map of a million keys.
  const indexBits = Math.max(1, Math.ceil(Math.log2(n + 1)));
  const keyMask = 2 ** Math.min(30, 52 - indexBits) - 1;
  const packed = new Float64Array(signed.length);
  let candidatePairs = 0;
  let comparedPairs = 0;
  const bucket: number[] = [];
  // Within a bucket, members are grouped by the component they are already in; a new member is
  // compared with members of every other group (latest first, at most MAX_GROUP_TRIES each) and
  // joins each group it is similar to. Comparing with one head per group would miss a member that
  // resembles only a non-head member (single linkage goes through any member).
  const checkBucket = (): void => {
    if (bucket.length < 2) return;
    candidatePairs += (bucket.length * (bucket.length - 1)) / 2;
    const groups = new Map<number, number[]>();
    for (const member of bucket) {
      const root = sets.find(member);
      const similar: number[] = [];
      for (const [groupRoot, list] of groups) {
        if (groupRoot === root) continue;
        const stop = Math.max(0, list.length - MAX_GROUP_TRIES);
        for (let k = list.length - 1; k >= stop; k -= 1) {
          comparedPairs += 1;
          if (jaccard(shinglesOf(list[k] ?? member), shinglesOf(member)) >= threshold) {
            similar.push(groupRoot);
            break;
          }
        }
      }
      const merged = groups.get(root) ?? [];
      groups.delete(root);
      for (const groupRoot of similar) {
        sets.union(member, groupRoot);
        merged.push(...(groups.get(groupRoot) ?? []));
        groups.delete(groupRoot);
      }
      merged.push(member);
      groups.set(sets.find(member), merged);
    }
  };
  for (let band = 0; band < bands; band += 1) {
    for (let t = 0; t < signed.length; t += 1) {
      packed[t] = ((bandKeys[t * bands + band] ?? 0) & keyMask) * 2 ** indexBits + (signed[t] ?? 0);
    }
    packed.sort();
    let currentKey = -1;
    for (const value of packed) {
      const key = Math.floor(value / 2 ** indexBits);
      if (key !== currentKey) {
        checkBucket();
        bucket.length = 0;
        currentKey = key;
      }
      bucket.push(value - key * 2 ** indexBits);
    }
    checkBucket();
    bucket.length = 0;
  }

  const membersByRoot = new Map<number, number[]>();
  for (let index = 0; index < n; index += 1) {
    const root = sets.find(index);
    if (root === index) continue;
    const list = membersByRoot.get(root);
    if (list === undefined) membersByRoot.set(root, [index]);
    else list.push(index);
  }
  const clusters: DuplicateCluster[] = [];
  let redundant = 0;
  for (const [representative, indices] of membersByRoot) {
    const repText = normalized[representative] ?? '';
    const repShingles = shinglesOf(representative);
    const members = indices.map((index): ClusterMember => {
      const exact = normalized[index] === repText;
      return { index, exact, jaccard: exact ? 1 : jaccard(repShingles, shingleHashes(normalized[index] ?? '', shingleSize)) };
    });
    redundant += members.length;
    clusters.push({ kind: members.every((m) => m.exact) ? 'exact' : 'near', representative, members });
  }
  clusters.sort((a, b) => b.members.length - a.members.length || a.representative - b.representative);
  const exactDuplicates = n - distinct.length;
  return {
    parameters,
    items: n,
    clusters,
    exactDuplicates,
    nearDuplicates: redundant - exactDuplicates,
    redundant,
    candidatePairs,
    comparedPairs,
  };
}
