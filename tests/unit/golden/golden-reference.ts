import { readFileSync } from 'node:fs';
import type { Item } from '../../../src/domain/golden/schema.js';

/** Values computed by golden_reference.py (sklearn, statsmodels, numpy, exact Jaccard). */
export interface ExpectedStats {
  labels: Record<string, number>;
  categories: Record<string, number>;
  flagged: number;
  status: Record<'gray' | 'clear' | 'unreviewed', number>;
  textLength: { min: number; max: number; mean: number; p10: number; p50: number; p90: number; p99: number };
  distinctTexts: number;
  exactDuplicates: number;
  percentAgreement: { meanItem: number; pooledPairwise: number; items: number };
  fleiss: { kappa: number; items: number; ratersPerItem: number };
  krippendorff: { alpha: number; units: number };
  cohenPairs: { a: string; b: string; n: number; kappa: number; agreement: number }[];
}

export interface GoldenReference {
  /** The e2e fixture fixtures/golden-curation/golden-sets/reviews/1.0.0. */
  curationFixture: ExpectedStats;
  stats: {
    items: Item[];
    expected: ExpectedStats;
  };
  dedupe: {
    texts: string[];
    threshold: number;
    shingle: number;
    clusters: number[][];
    exactDuplicates: number;
    pairs: [number, number, number][];
  };
}

export const reference: GoldenReference = JSON.parse(readFileSync(new URL('./golden-expected.json', import.meta.url), 'utf8'));
