import { describe, expect, it } from 'vitest';
import { allocate, checkStratifyKey, planSample, stratumKey, weightSample } from '../../../src/domain/golden/sample.js';
import type { Item } from '../../../src/domain/golden/schema.js';

// 60 spam (20 scam, 40 none) and 140 ham
const items: Item[] = Array.from({ length: 200 }, (_, i) => ({
  id: `i${i}`,
  text: `text ${i}`,
  label: i < 60 ? 'spam' : 'not_spam',
  ...(i < 20 ? { category: 'scam' } : {}),
  slices: { locale: i % 3 === 0 ? 'de' : 'en' },
}));

describe('allocate (Hamilton largest remainder, capped)', () => {
  it('splits proportionally: 10 over 60/140 is 3/7; 7 over 20/40/140 is 0.7/1.4/4.9 → 1/1/5', () => {
    expect(allocate(10, [60, 140], [60, 140])).toEqual([3, 7]);
    expect(allocate(7, [20, 40, 140], [20, 40, 140])).toEqual([1, 1, 5]);
  });

  it('breaks equal remainders towards the earlier stratum and never exceeds a stratum', () => {
    expect(allocate(3, [5, 5], [1, 1])).toEqual([2, 1]);
    // equal allocation of 30 over strata of 2, 50, 50: the small one gives its surplus away
    expect(allocate(30, [2, 50, 50], [1, 1, 1])).toEqual([2, 14, 14]);
    expect(allocate(500, [2, 3], [2, 3])).toEqual([2, 3]);
  });
});

describe('planSample', () => {
  it('stratifies by label and category, reproducibly, in file order', () => {
    const plan = planSample(items, { n: 20, stratify: ['label', 'category'], seed: 42 });
    expect(plan.strata).toEqual([
      { key: 'label=not_spam|category=(none)', available: 140, population: 140, sampled: 14 },
      { key: 'label=spam|category=(none)', available: 40, population: 40, sampled: 4 },
      { key: 'label=spam|category=scam', available: 20, population: 20, sampled: 2 },
    ]);
    expect(plan.selected).toHaveLength(20);
    expect([...plan.selected].sort((a, b) => a - b)).toEqual(plan.selected);
    expect(new Set(plan.selected).size).toBe(20);
    expect(planSample(items, { n: 20, stratify: ['label', 'category'], seed: 42 }).selected).toEqual(plan.selected);
    expect(planSample(items, { n: 20, stratify: ['label', 'category'], seed: 43 }).selected).not.toEqual(plan.selected);
  });

  it('every item of a stratum is equally likely: inclusion frequency ≈ n_h/N_h over many seeds', () => {
    const hits = new Array<number>(items.length).fill(0);
    const runs = 2000;
    for (let seed = 0; seed < runs; seed += 1) for (const i of planSample(items, { n: 20, stratify: ['label'], seed }).selected) hits[i] = (hits[i] ?? 0) + 1;
    // spam: 6 of 60 → 0.1; ham: 14 of 140 → 0.1; binomial sd over 2000 runs ≈ 0.0067, allow 5 sd
    for (const count of hits) expect(Math.abs(count / runs - 0.1)).toBeLessThan(0.034);
  });

  it('writes weights N_h/n_h that sum back to each stratum\'s population', () => {
    const plan = planSample(items, { n: 20, stratify: ['slices.locale'], seed: 1, allocation: 'equal' });
    const { items: sampled, strata } = weightSample(items, plan, ['slices.locale']);
    expect(plan.strata.map((s) => s.sampled)).toEqual([10, 10]);
    const sums = new Map<string, number>();
    for (const item of sampled) sums.set(item.stratum ?? '', (sums.get(item.stratum ?? '') ?? 0) + (item.weight ?? 0));
    expect(sums.get('slices.locale=de')).toBeCloseTo(67, 10);
    expect(sums.get('slices.locale=en')).toBeCloseTo(133, 10);
    expect(strata['slices.locale=de']).toMatchObject({ population: 67, sample: 10 });
  });

  it('composes with the source\'s own weights', () => {
    const weighted = items.map((item) => ({ ...item, weight: item.label === 'spam' ? 1 : 10 }));
    const plan = planSample(weighted, { n: 20, stratify: ['label'], seed: 3 });
    const { items: sampled, strata } = weightSample(weighted, plan, ['label']);
    const ham = sampled.filter((item) => item.label === 'not_spam');
    expect(ham.every((item) => item.weight === 100)).toBe(true);
    expect(strata['label=not_spam']).toMatchObject({ population: 1400, sample: 14 });
  });

  it('names the keys it can stratify by', () => {
    expect(checkStratifyKey('label')).toBeUndefined();
    expect(checkStratifyKey('slices.surface')).toBeUndefined();
    expect(checkStratifyKey('colour')).toMatch(/cannot stratify by 'colour'/);
    expect(stratumKey(items[0] ?? items[1] ?? { id: '', text: '', label: '' }, [])).toBe('all');
  });
});
