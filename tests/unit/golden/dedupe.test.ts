import { describe, expect, it } from 'vitest';
import { findDuplicates } from '../../../src/domain/golden/dedupe.js';
import { createMinHasher, jaccard, shingleHashes } from '../../../src/domain/golden/min-hash.js';
import { normalizeText } from '../../../src/domain/golden/normalize-text.js';
import { reference } from './golden-reference.js';

const { dedupe } = reference;

describe('findDuplicates', () => {
  const result = findDuplicates(dedupe.texts, { threshold: dedupe.threshold, shingleSize: dedupe.shingle });

  it('finds exactly the connected components of the exact-Jaccard graph (all pairs, in Python)', () => {
    const clusters = result.clusters.map((c) => [c.representative, ...c.members.map((m) => m.index)].sort((a, b) => a - b));
    clusters.sort((a, b) => (a[0] ?? 0) - (b[0] ?? 0));
    expect(clusters).toEqual(dedupe.clusters);
    expect(result.exactDuplicates).toBe(dedupe.exactDuplicates);
    expect(result.redundant).toBe(dedupe.clusters.reduce((sum, c) => sum + c.length - 1, 0));
    expect(result.nearDuplicates).toBe(result.redundant - result.exactDuplicates);
  });

  it('keeps the earliest item of each cluster and reports each member\'s exact Jaccard to it', () => {
    for (const cluster of result.clusters) {
      for (const member of cluster.members) {
        expect(member.index).toBeGreaterThan(cluster.representative);
        const expected = jaccard(
          shingleHashes(normalizeText(dedupe.texts[cluster.representative] ?? ''), 5),
          shingleHashes(normalizeText(dedupe.texts[member.index] ?? ''), 5),
        );
        expect(member.jaccard).toBe(expected);
        expect(member.exact).toBe(normalizeText(dedupe.texts[member.index] ?? '') === normalizeText(dedupe.texts[cluster.representative] ?? ''));
      }
      expect(cluster.kind).toBe(cluster.members.every((m) => m.exact) ? 'exact' : 'near');
    }
  });

  it('computes the same Jaccard as Python on shingle strings (32-bit shingle hashes do not collide here)', () => {
    for (const [i, j, expected] of dedupe.pairs) {
      const a = shingleHashes(normalizeText(dedupe.texts[i] ?? ''), 5);
      const b = shingleHashes(normalizeText(dedupe.texts[j] ?? ''), 5);
      expect(jaccard(a, b)).toBeCloseTo(expected, 12);
    }
  });

  it('a higher threshold splits clusters, never merges them', () => {
    const strict = findDuplicates(dedupe.texts, { threshold: 0.95 });
    const clusterOf = new Map<number, number>();
    result.clusters.forEach((c, k) => [c.representative, ...c.members.map((m) => m.index)].forEach((i) => clusterOf.set(i, k)));
    for (const cluster of strict.clusters) {
      const owners = new Set([cluster.representative, ...cluster.members.map((m) => m.index)].map((i) => clusterOf.get(i)));
      expect(owners.size).toBe(1);
    }
    expect(strict.redundant).toBeLessThan(result.redundant);
  });

  it('does not depend on the LSH seed for well-separated clusters', () => {
    const other = findDuplicates(dedupe.texts, { threshold: dedupe.threshold, seed: 99 });
    expect(other.redundant).toBe(result.redundant);
  });

  it('treats case, whitespace, full-width forms and zero-width spaces as the same text', () => {
    const exact = findDuplicates(['Win a FREE  prize', 'win a free prize', 'ｗｉｎ a\u200b free prize', 'something else entirely']);
    expect(exact.clusters).toHaveLength(1);
    expect(exact.clusters[0]).toMatchObject({ kind: 'exact', representative: 0 });
    expect(exact.exactDuplicates).toBe(2);
  });

  it('handles an empty list and empty texts', () => {
    expect(findDuplicates([]).clusters).toEqual([]);
    const empties = findDuplicates(['', '  ', 'x']);
    expect(empties.clusters).toHaveLength(1);
    expect(empties.exactDuplicates).toBe(1);
  });
});

describe('createMinHasher (one-permutation MinHash with densification)', () => {
  it('agrees on a signature position with probability ≈ Jaccard (mean error over many pairs < 0.02)', () => {
    const hasher = createMinHasher(256, 7);
    let bias = 0;
    let absolute = 0;
    for (const [i, j, expected] of dedupe.pairs) {
      const a = hasher.sign(shingleHashes(normalizeText(dedupe.texts[i] ?? ''), 5));
      const b = hasher.sign(shingleHashes(normalizeText(dedupe.texts[j] ?? ''), 5));
      let equal = 0;
      for (let k = 0; k < 256; k += 1) if (a[k] === b[k]) equal += 1;
      bias += equal / 256 - expected;
      absolute += Math.abs(equal / 256 - expected);
    }
    expect(Math.abs(bias / dedupe.pairs.length)).toBeLessThan(0.02);
    // per pair the estimate's sd is about sqrt(J(1-J)/256) ≤ 0.031
    expect(absolute / dedupe.pairs.length).toBeLessThan(0.04);
  });

  it('is deterministic for a seed and differs between seeds', () => {
    const shingles = shingleHashes('a text long enough to fill several bins of the signature', 5);
    expect(createMinHasher(32, 1).sign(shingles)).toEqual(createMinHasher(32, 1).sign(shingles));
    expect(createMinHasher(32, 1).sign(shingles)).not.toEqual(createMinHasher(32, 2).sign(shingles));
  });

  it('fills every bin of a short text (densification)', () => {
    const signature = createMinHasher(80, 3).sign(shingleHashes('tiny text', 5));
    expect([...signature].every((value) => value !== 0xffffffff)).toBe(true);
  });
});
