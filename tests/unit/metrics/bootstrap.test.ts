import { describe, expect, it } from 'vitest';
import {
  bootstrapDistribution,
  bootstrapInterval,
  cellSumsDistribution,
  createIndexSampler,
  mulberry32,
  quantileLinear,
} from '../../../src/domain/metrics/bootstrap.js';
import { confusionCells } from '../../../src/domain/metrics/confusion.js';
import { binaryInputs, loadReference, type BootstrapRef } from './metrics-reference.js';

const ref = loadReference();

describe('mulberry32', () => {
  it('matches the C reference and the numpy port (seeds 42 and 12345)', () => {
    for (const seed of [42, 12345]) {
      const stream = ref.mulberry32[String(seed)];
      if (!stream || Array.isArray(stream)) throw new Error('missing stream');
      const random = mulberry32(seed);
      const got = stream.uniform.map(() => random());
      expect(got).toEqual(stream.uniform);
      expect(got.map((u) => u * 2 ** 32)).toEqual(stream.uint32);
    }
  });

  it('stays on the 32-bit recurrence 5 million draws in (a float-state port drifts there)', () => {
    const expected = ref.mulberry32['12345_from_5000000'];
    if (!Array.isArray(expected)) throw new Error('missing stream');
    const random = mulberry32(12345);
    for (let i = 0; i < 5_000_000; i++) random();
    expect([random(), random(), random()].map((u) => u * 2 ** 32)).toEqual(expected);
  });
});

describe('quantileLinear', () => {
  it('is numpy type 7', () => {
    const sorted = [1, 2, 3, 4, 10];
    expect(quantileLinear(sorted, 0)).toBe(1);
    expect(quantileLinear(sorted, 1)).toBe(10);
    expect(quantileLinear(sorted, 0.5)).toBe(3);
    expect(quantileLinear(sorted, 0.9)).toBeCloseTo(7.6, 14); // h = 3.6 → 4 + 0.6·6
    expect(quantileLinear(sorted, 0.1)).toBeCloseTo(1.4, 14);
    expect(quantileLinear([5], 0.3)).toBe(5);
    expect(() => quantileLinear([], 0.5)).toThrow(RangeError);
  });
});

/** F1 or precision over an index vector from per-item contribution arrays (the fast path). */
function statisticFor(c: BootstrapRef, gold: boolean[], predicted: boolean[], weights: number[] | undefined) {
  const n = gold.length;
  const tp = new Float64Array(n);
  const fp = new Float64Array(n);
  const fn = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const w = weights?.[i] ?? 1;
    if (gold[i] && predicted[i]) tp[i] = w;
    else if (!gold[i] && predicted[i]) fp[i] = w;
    else if (gold[i]) fn[i] = w;
  }
  return (indices: Uint32Array): number | null => {
    let t = 0;
    let f = 0;
    let m = 0;
    for (let k = 0; k < indices.length; k++) {
      const i = indices[k] ?? 0;
      t += tp[i] ?? 0;
      f += fp[i] ?? 0;
      m += fn[i] ?? 0;
    }
    if (c.statistic === 'f1') {
      const den = 2 * t + m + f;
      return den === 0 ? null : (2 * t) / den;
    }
    return t + f === 0 ? null : t / (t + f);
  };
}

function datasetFor(name: string): { key: string; threshold: number } {
  if (name.startsWith('hand')) return { key: 'hand', threshold: name.includes('0.9') ? 0.9 : 0.5 };
  if (name.startsWith('synthetic')) return { key: 'synthetic', threshold: 0.5 };
  return { key: 'weighted', threshold: 0.5 };
}

describe('bootstrapInterval against the numpy port', () => {
  it.each(ref.bootstrap)('$name', (c) => {
    const { key, threshold } = datasetFor(c.name);
    const dataset = ref.binary[key];
    if (!dataset) throw new Error(key);
    const { gold, scores, weights } = binaryInputs(dataset.inputs);
    const predicted = scores.map((s) => s >= threshold);
    const strata = c.name.includes('stratified') ? dataset.inputs.strata : undefined;

    const first = new Uint32Array(gold.length);
    createIndexSampler(gold.length, c.seed, strata).draw(first);
    expect([...first.slice(0, 10)]).toEqual(c.first_indices);

    const ci = bootstrapInterval(gold.length, statisticFor(c, gold, predicted, weights), {
      replicates: c.replicates,
      seed: c.seed,
      ...(strata ? { strata } : {}),
    });
    expect(ci).not.toBeNull();
    expect(ci?.dropped).toBe(c.dropped);
    expect(ci?.replicates).toBe(c.replicates);
    expect(ci?.seed).toBe(c.seed);
    expect(ci?.method).toBe('percentile');
    if (c.exact) {
      // integer counts: the same stream and index rule give the same interval bit for bit
      expect(ci?.low).toBe(c.low);
      expect(ci?.high).toBe(c.high);
    } else {
      expect(ci?.low).toBeCloseTo(c.low, 12);
      expect(ci?.high).toBeCloseTo(c.high, 12);
    }
    if (c.scipy_percentile) {
      // scipy.stats.bootstrap with numpy's RNG: a different stream, so only a sanity band
      expect(Math.abs((ci?.low ?? 0) - c.scipy_percentile[0])).toBeLessThan(0.05);
      expect(Math.abs((ci?.high ?? 0) - c.scipy_percentile[1])).toBeLessThan(0.05);
    }
  });

  it('cellSumsDistribution (draw and add fused) equals the index-vector bootstrap bit for bit', () => {
    const c = ref.bootstrap.find((b) => b.name === 'weighted_f1_stratified');
    const dataset = ref.binary['weighted'];
    if (!c || !dataset) throw new Error('missing case');
    const { gold, scores, weights } = binaryInputs(dataset.inputs);
    const predicted = scores.map((s) => s >= 0.5);
    const cells = confusionCells(gold, predicted, weights);
    const f1 = (v: Float64Array) => {
      const den = 2 * (v[0] ?? 0) + (v[1] ?? 0) + (v[2] ?? 0);
      return den === 0 ? null : (2 * (v[0] ?? 0)) / den;
    };
    for (const w of [cells.weight, null]) {
      for (const strata of [undefined, dataset.inputs.strata]) {
        const options = { replicates: 300, seed: 77, ...(strata ? { strata } : {}) };
        const fused = cellSumsDistribution(cells.cell, w, 4, f1, options);
        const indexed = bootstrapDistribution(gold.length, statisticFor(c, gold, predicted, w ? weights : undefined), options);
        expect(fused.values).toEqual(indexed.values);
        expect(fused.dropped).toBe(indexed.dropped);
        expect(fused.resampling).toBe('items');
      }
    }
  });

  it('2 000 replicates of a 2 000-item F1 take well under a second', () => {
    const c = ref.bootstrap.find((b) => b.name === 'synthetic_f1');
    const dataset = ref.binary['synthetic'];
    if (!c || !dataset) throw new Error('missing case');
    const { gold, scores } = binaryInputs(dataset.inputs);
    const statistic = statisticFor(c, gold, scores.map((s) => s >= 0.5), undefined);
    const start = performance.now();
    bootstrapInterval(gold.length, statistic, { replicates: 2000, seed: 1 });
    expect(performance.now() - start).toBeLessThan(500);
  });
});

describe('index sampling', () => {
  it('keeps every stratum at its size and inside its members', () => {
    const strata = ['a', 'b', 'a', 'c', 'b', 'a', 'c', 'c', 'c'];
    const sampler = createIndexSampler(strata.length, 99, strata);
    const out = new Uint32Array(strata.length);
    for (let r = 0; r < 50; r++) {
      sampler.draw(out);
      // filled stratum by stratum in order of first appearance: a a a | b b | c c c c
      expect([...out].map((i) => strata[i])).toEqual(['a', 'a', 'a', 'b', 'b', 'c', 'c', 'c', 'c']);
    }
  });

  it('is reproducible from the seed and draws with replacement over all items', () => {
    const a = new Uint32Array(1000);
    const b = new Uint32Array(1000);
    createIndexSampler(1000, 5).draw(a);
    createIndexSampler(1000, 5).draw(b);
    expect(a).toEqual(b);
    const distinct = new Set(a).size;
    // E[distinct] = 1000·(1 − (1 − 1/1000)^1000) ≈ 632
    expect(distinct).toBeGreaterThan(590);
    expect(distinct).toBeLessThan(675);
    expect(Math.max(...a)).toBeLessThan(1000);
  });

  it('drops and counts undefined replicates, and is null when all are', () => {
    let calls = 0;
    const dist = bootstrapDistribution(3, () => (calls++ % 4 === 0 ? null : Number.NaN), { replicates: 8 });
    expect(dist).toMatchObject({ dropped: 8, replicates: 8 });
    expect(bootstrapInterval(3, () => null, { replicates: 10 })).toBeNull();
    expect(() => createIndexSampler(3, -1)).toThrow(RangeError);
    expect(() => createIndexSampler(3, 1.5)).toThrow(RangeError);
    expect(() => createIndexSampler(3, 1, ['a'])).toThrow(RangeError);
  });
});
