import { describe, expect, it } from 'vitest';
import { curationCopy, golden, readVersion, versionsOf } from './golden-cli.js';

describe('spameval golden sample (built CLI)', () => {
  it('draws a seeded stratified sample with stratum weights into a set of its own', async () => {
    const cwd = curationCopy();
    const result = await golden(cwd, 'sample', 'reviews', '--n', '6', '--stratify', 'label,category', '--seed', '7', '--weights');
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    // proportional: 6 × (6, 1, 3, 2)/12 = 3, 0.5, 1.5, 1 → 3 + the two .5 remainders go to the
    // earlier key first: (none) spam gets 1, scam 1, seo 1
    expect(result.stdout.split('\n').slice(0, 5)).toEqual([
      'stratum                         available  sampled  weight',
      'label=not_spam|category=(none)          6        3   2.000',
      'label=spam|category=(none)              1        1   1.000',
      'label=spam|category=scam                3        1   3.000',
      'label=spam|category=seo                 2        1   2.000',
    ]);
    const sample = readVersion(cwd, 'reviews-sample', '1.0.0');
    expect(sample.manifest).toMatchObject({
      name: 'reviews-sample',
      version: '1.0.0',
      parent: 'reviews@1.0.0',
      strata: { 'label=spam|category=scam': { population: 3, sample: 1 } },
      source: { sampled_from: 'reviews@1.0.0', n: 6, stratify: ['label', 'category'], seed: 7, allocation: 'proportional', weights: true },
    });
    expect(sample.items).toHaveLength(6);
    expect(sample.items.reduce((sum, item) => sum + Number(item.weight), 0)).toBe(12);
    expect((await golden(cwd, 'validate', 'reviews-sample')).code).toBe(0);

    const again = await golden(cwd, 'sample', 'reviews', '--n', '6', '--stratify', 'label,category', '--seed', '7', '--weights', '--into', 'again');
    expect(again.code).toBe(0);
    expect(readVersion(cwd, 'again', '1.0.0').itemsText).toBe(sample.itemsText);
    await golden(cwd, 'sample', 'reviews', '--n', '6', '--stratify', 'label,category', '--seed', '8', '--weights', '--into', 'other-seed');
    expect(readVersion(cwd, 'other-seed', '1.0.0').itemsText).not.toBe(sample.itemsText);
  });

  it('exits 2 for an unknown stratify key or a weighted source without --weights', async () => {
    const cwd = curationCopy();
    const key = await golden(cwd, 'sample', 'reviews', '--n', '3', '--stratify', 'colour');
    expect(key.code).toBe(2);
    expect(key.stderr).toContain("field '--stratify': cannot stratify by 'colour'");
    await golden(cwd, 'sample', 'reviews', '--n', '6', '--weights');
    const weighted = await golden(cwd, 'sample', 'reviews-sample', '--n', '3');
    expect(weighted.code).toBe(2);
    expect(weighted.stderr).toContain('reviews-sample@1.0.0 has strata or item weights, which a sample would make wrong');
    expect(versionsOf(cwd, 'reviews-sample-sample')).toEqual([]);
  });
});

describe('spameval golden dedupe (built CLI)', () => {
  it('reports exact and near-duplicate clusters with their Jaccard similarity', async () => {
    const result = await golden(curationCopy(), 'dedupe', 'reviews');
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(
      'reviews@1.0.0: 12 items; 1 duplicate clusters; 2 redundant items (1 exact, 1 near) = 16.7% of the set\n' +
        'near-duplicate: Jaccard ≥ 0.7 on 5-character shingles of the normalised text; MinHash 20 bands × 4 rows, seed 1; 9 candidate pairs, 1 checked exactly\n' +
        '\n' +
        'cluster  kind  role  id   label  jaccard  text\n' +
        '      1  near  keep  r01  spam            WIN a free iPhone today, claim your prize at http://prize.example now\n' +
        '               drop  r06  spam     0.845  WIN a free iPhone today, claim your prize at http://prize2.example now!!\n' +
        '               drop  r09  spam   exact    win a FREE iphone today, claim your prize at http://prize.example now\n',
    );
  });

  it('--write keeps the first item of each cluster in a new version; JSON stays parseable', async () => {
    const cwd = curationCopy();
    const result = await golden(cwd, 'dedupe', 'reviews', '--write', '--format', 'json');
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report).toMatchObject({ kind: 'golden-dedupe', redundant: 2, exactDuplicates: 1, nearDuplicates: 1, mixed_label_clusters: 0 });
    expect(report.clusters[0]).toMatchObject({ kind: 'near', size: 3, keep: { id: 'r01' }, duplicates: [{ id: 'r06', exact: false }, { id: 'r09', exact: true, jaccard: 1 }] });
    expect(result.stderr).toContain('wrote reviews@1.1.0');
    const written = readVersion(cwd, 'reviews', '1.1.0');
    expect(written.items.map((item) => item.id)).toEqual(['r01', 'r02', 'r03', 'r04', 'r05', 'r07', 'r08', 'r10', 'r11', 'r12']);
    expect(written.manifest.changelog).toContainEqual(expect.objectContaining({ version: '1.1.0', message: expect.stringContaining('Dedupe: dropped 2 items (1 exact, 1 near-duplicates at Jaccard ≥ 0.7') }));
  });

  it('a stricter threshold keeps only the exact duplicate', async () => {
    const result = await golden(curationCopy(), 'dedupe', 'reviews', '--threshold', '0.9', '--format', 'json');
    expect(JSON.parse(result.stdout).clusters).toMatchObject([{ kind: 'exact', keep: { id: 'r01' }, duplicates: [{ id: 'r09' }] }]);
    const bad = await golden(curationCopy(), 'dedupe', 'reviews', '--threshold', '1.5');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('expected a number in (0, 1]');
  });
});
