import { describe, expect, it } from 'vitest';
import { goldenStats } from '../../../src/domain/golden/golden-stats.js';
import { reviewerAgreement } from '../../../src/domain/metrics/agreement.js';
import { reference } from './golden-reference.js';
import { testManifest } from './test-manifest.js';

const manifest = testManifest({
  name: 'fixture',
  categories: { scam: { description: 'scams' }, seo: { description: 'link spam' } },
});
const { items, expected } = reference.stats;
const stats = goldenStats(manifest, items);

describe('goldenStats against golden_reference.py (numpy, sklearn, statsmodels)', () => {
  it('counts labels and categories, declared categories first even when empty', () => {
    expect(Object.fromEntries(stats.labels.map((l) => [l.label, l.count]))).toEqual(expected.labels);
    expect(stats.labels.map((l) => l.positive)).toEqual([true, false]);
    expect(stats.categories.map((c) => [c.category, c.count])).toEqual([
      ['scam', expected.categories.scam],
      ['seo', 0],
    ]);
    expect(stats.uncategorized.count).toBe(items.length - (expected.categories.scam ?? 0));
  });

  it('gives numpy\'s linear quantiles of the text lengths', () => {
    const { textLength } = stats;
    expect(textLength).not.toBeNull();
    expect(textLength?.min).toBe(expected.textLength.min);
    expect(textLength?.max).toBe(expected.textLength.max);
    expect(textLength?.mean).toBeCloseTo(expected.textLength.mean, 12);
    for (const q of ['p10', 'p50', 'p90', 'p99'] as const) expect(textLength?.[q]).toBeCloseTo(expected.textLength[q], 12);
  });

  it('counts exact duplicates of the normalised text (NFKC, zero-width, case, whitespace)', () => {
    expect(stats.duplicates.distinctTexts).toBe(expected.distinctTexts);
    expect(stats.duplicates.exactDuplicates.count).toBe(expected.exactDuplicates);
  });

  it('gray flags and gray status by METHODS §6.6', () => {
    expect(stats.gray.flagged.count).toBe(expected.flagged);
    expect(stats.gray.status).toEqual(expected.status);
  });

  it('reviewer agreement equals sklearn / statsmodels / the coincidence-matrix alpha', () => {
    const { agreement } = stats;
    expect(agreement.percentAgreement.meanItem.value).toBeCloseTo(expected.percentAgreement.meanItem, 12);
    expect(agreement.percentAgreement.pooledPairwise.value).toBeCloseTo(expected.percentAgreement.pooledPairwise, 12);
    expect(agreement.percentAgreement.items).toBe(expected.percentAgreement.items);
    expect(agreement.fleiss.kappa.value).toBeCloseTo(expected.fleiss.kappa, 12);
    expect(agreement.fleiss.items).toBe(expected.fleiss.items);
    expect(agreement.fleiss.ratersPerItem).toBe(expected.fleiss.ratersPerItem);
    expect(agreement.krippendorff.alpha.value).toBeCloseTo(expected.krippendorff.alpha, 12);
    expect(agreement.krippendorff.units).toBe(expected.krippendorff.units);
    expect(agreement.cohenPairs.map((p) => ({ a: p.a, b: p.b, n: p.n }))).toEqual(expected.cohenPairs.map(({ a, b, n }) => ({ a, b, n })));
    agreement.cohenPairs.forEach((pair, k) => {
      expect(pair.kappa.value).toBeCloseTo(expected.cohenPairs[k]?.kappa ?? Number.NaN, 12);
      expect(pair.percentAgreement.value).toBeCloseTo(expected.cohenPairs[k]?.agreement ?? Number.NaN, 12);
    });
  });

  it('the streaming statistics equal the in-memory reviewerAgreement on the same items', () => {
    const whole = reviewerAgreement(items, { labels: manifest.labels, positive: manifest.positive });
    expect(stats.agreement.percentAgreement).toEqual(whole.percentAgreement);
    expect(stats.agreement.fleiss).toEqual(whole.fleiss);
    expect(stats.agreement.krippendorff).toEqual(whole.krippendorff);
    expect(stats.agreement.cohenPairs).toEqual(whole.cohenPairs);
  });

  it('counts slices with the values present and the items missing the key', () => {
    const surface = stats.slices.find((s) => s.key === 'surface');
    expect(surface?.missing).toBe(0);
    expect(surface?.values.reduce((sum, v) => sum + v.count, 0)).toBe(items.length);
    const locale = stats.slices.find((s) => s.key === 'locale');
    const withLocale = items.filter((item) => item.slices?.locale !== undefined).length;
    expect(locale?.missing).toBe(items.length - withLocale);
  });

  it('says why agreement is undefined for a set without reviews, and handles an empty set', () => {
    const plain = goldenStats(manifest, [{ id: 'a', text: 'x', label: 'spam' }]);
    expect(plain.agreement.krippendorff.alpha).toEqual({ value: null, reason: 'no item has two or more reviews' });
    expect(plain.reviews.itemsWithReviews).toBe(0);
    const empty = goldenStats(manifest, []);
    expect(empty.items).toBe(0);
    expect(empty.textLength).toBeNull();
    expect(empty.labels[0]?.share).toBeNull();
  });

  it('sums weights by stratum', () => {
    const weighted = goldenStats({ ...manifest, strata: { a: { population: 100 } } }, [
      { id: '1', text: 'x', label: 'spam', stratum: 'a', weight: 50 },
      { id: '2', text: 'y', label: 'spam', stratum: 'a', weight: 50 },
      { id: '3', text: 'z', label: 'not_spam' },
    ]);
    expect(weighted.strata).toEqual([{ stratum: 'a', count: 2, weightSum: 100, population: 100 }]);
    expect(weighted.weights).toEqual({ items: 2, sum: 100 });
  });
});
