import {
  cohenKappa,
  fleissKappa,
  itemAgreement,
  krippendorffAlphaNominal,
  percentAgreement,
  type AgreementOptions,
  type FleissResult,
  type GrayReason,
  type KrippendorffResult,
  type PairAgreement,
  type ReviewerAgreement,
} from '../metrics/agreement.js';
import { quantileLinear } from '../metrics/bootstrap.js';
import { hash53, normalizeText } from './normalize-text.js';
import { NumberSet } from './number-set.js';
import type { Item, Manifest } from './schema.js';

/**
 * What a golden set holds: balance, gray share, text lengths, duplicates and reviewer agreement.
 * Built one item at a time so that a million-item set is described while it streams past:
 * per item only a few numbers are kept (its text length, a 53-bit hash of its normalised text,
 * and a shared reference to its review-count row), never its text.
 */

export interface CountShare {
  count: number;
  /** count ÷ items; null for an empty set. */
  share: number | null;
}

export interface TextLengthStats {
  /** Length in characters (UTF-16 code units). Quantiles are numpy's 'linear' method. */
  min: number;
  p10: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  mean: number;
  empty: number;
}

export interface GoldenStats {
  name: string;
  version: string;
  items: number;
  labels: (CountShare & { label: string; positive: boolean })[];
  categories: (CountShare & { category: string; byLabel: Record<string, number> })[];
  /** Items without a category, by label. */
  uncategorized: CountShare & { byLabel: Record<string, number> };
  slices: { key: string; values: (CountShare & { value: string })[]; missing: number }[];
  strata: { stratum: string; count: number; weightSum: number; population: number | null }[];
  weights: { items: number; sum: number };
  gray: {
    /** The curator's `gray_area` flag. */
    flagged: CountShare;
    /** §6.6 status from the reviews (a flag makes an item gray too). */
    status: Record<'gray' | 'clear' | 'unreviewed', number>;
    reasons: Record<GrayReason, number>;
  };
  textLength: TextLengthStats | null;
  duplicates: { distinctTexts: number; exactDuplicates: CountShare };
  reviews: {
    itemsWithReviews: number;
    total: number;
    /** Distinct reviewers per item → number of items. */
    perItem: Record<string, number>;
    reviewers: { reviewer: string; reviews: number; groups: string[] }[];
  };
  agreement: {
    percentAgreement: ReviewerAgreement['percentAgreement'];
    cohenPairs: (PairAgreement & { a: string; b: string })[];
    fleiss: FleissResult;
    krippendorff: KrippendorffResult;
  };
}

const share = (count: number, total: number): CountShare => ({ count, share: total === 0 ? null : count / total });

/** Code-unit order, the order `Array.prototype.sort` gives reviewer names in agreement.ts. */
const compareText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

function increment(map: Map<string, number>, key: string, by = 1): void {
  map.set(key, (map.get(key) ?? 0) + by);
}

export class GoldenStatsAccumulator {
  private items = 0;
  private readonly labelCounts = new Map<string, number>();
  private readonly categoryCounts = new Map<string, Map<string, number>>();
  private readonly uncategorized = new Map<string, number>();
  private readonly sliceCounts = new Map<string, Map<string, number>>();
  private readonly strata = new Map<string, { count: number; weightSum: number }>();
  private weighted = { items: 0, sum: 0 };
  private flagged = 0;
  private readonly status = { gray: 0, clear: 0, unreviewed: 0 };
  private readonly reasons: Record<GrayReason, number> = { flagged: 0, split: 0, no_majority: 0 };
  private lengths = new Uint32Array(1024);
  private lengthSum = 0;
  private emptyTexts = 0;
  private readonly textHashes = new NumberSet();
  private reviewed = 0;
  private reviewTotal = 0;
  private readonly perItem = new Map<string, number>();
  private maxReviewers = 0;
  private readonly reviewers = new Map<string, { reviews: number; groups: Set<string> }>();
  // count rows are interned: a million items share the handful of distinct rows
  private readonly rowPool = new Map<string, number[]>();
  private readonly countRows: number[][] = [];
  private readonly pairPool = new Map<string, readonly [string, string]>();
  private readonly pairs = new Map<string, { a: string; b: string; labels: (readonly [string, string])[] }>();
  private readonly agreementOptions: AgreementOptions;

  constructor(private readonly manifest: Manifest) {
    this.agreementOptions = { labels: manifest.labels, positive: manifest.positive };
  }

  add(item: Item): void {
    this.items += 1;
    increment(this.labelCounts, item.label);
    if (item.category === undefined) increment(this.uncategorized, item.label);
    else {
      const byLabel = this.categoryCounts.get(item.category) ?? new Map<string, number>();
      increment(byLabel, item.label);
      this.categoryCounts.set(item.category, byLabel);
    }
    for (const [key, value] of Object.entries(item.slices ?? {})) {
      const values = this.sliceCounts.get(key) ?? new Map<string, number>();
      increment(values, value);
      this.sliceCounts.set(key, values);
    }
    if (item.stratum !== undefined) {
      const stratum = this.strata.get(item.stratum) ?? { count: 0, weightSum: 0 };
      stratum.count += 1;
      stratum.weightSum += item.weight ?? 1;
      this.strata.set(item.stratum, stratum);
    }
    if (item.weight !== undefined) {
      this.weighted.items += 1;
      this.weighted.sum += item.weight;
    }
    if (item.gray_area === true) this.flagged += 1;
    this.addLength(item.text.length);
    this.textHashes.add(hash53(normalizeText(item.text)));
    this.addReviews(item);
  }

  private addLength(length: number): void {
    if (this.items > this.lengths.length) {
      const grown = new Uint32Array(this.lengths.length * 2);
      grown.set(this.lengths);
      this.lengths = grown;
    }
    this.lengths[this.items - 1] = length;
    this.lengthSum += length;
    if (length === 0) this.emptyTexts += 1;
  }

  private addReviews(item: Item): void {
    const signals = itemAgreement(item, this.agreementOptions);
    this.status[signals.status] += 1;
    for (const reason of signals.grayReasons) this.reasons[reason] += 1;
    const counts = this.manifest.labels.map((label) => signals.counts[label] ?? 0);
    this.maxReviewers = Math.max(this.maxReviewers, signals.reviews);
    const key = counts.join(',');
    let row = this.rowPool.get(key);
    if (row === undefined) {
      row = counts;
      this.rowPool.set(key, row);
    }
    this.countRows.push(row);

    const reviews = item.reviews ?? [];
    if (reviews.length === 0) return;
    this.reviewed += 1;
    this.reviewTotal += reviews.length;
    increment(this.perItem, String(signals.reviews));
    // first review of each reviewer, as the agreement statistics count them
    const labelOf = new Map<string, string>();
    for (const review of reviews) {
      const reviewer = this.reviewers.get(review.reviewer) ?? { reviews: 0, groups: new Set<string>() };
      reviewer.reviews += 1;
      if (review.group !== undefined) reviewer.groups.add(review.group);
      this.reviewers.set(review.reviewer, reviewer);
      if (!labelOf.has(review.reviewer)) labelOf.set(review.reviewer, review.label);
    }
    const names = [...labelOf.keys()].sort();
    names.forEach((a, i) => {
      for (const b of names.slice(i + 1)) {
        const pairKey = `${a}\u0000${b}`;
        const entry = this.pairs.get(pairKey) ?? { a, b, labels: [] };
        const la = labelOf.get(a) ?? '';
        const lb = labelOf.get(b) ?? '';
        const labelKey = `${la}\u0000${lb}`;
        let tuple = this.pairPool.get(labelKey);
        if (tuple === undefined) {
          tuple = [la, lb];
          this.pairPool.set(labelKey, tuple);
        }
        entry.labels.push(tuple);
        this.pairs.set(pairKey, entry);
      }
    });
  }

  finish(): GoldenStats {
    const { manifest, items } = this;
    const sortedCounts = (map: Map<string, number>): [string, number][] =>
      [...map].sort((x, y) => y[1] - x[1] || compareText(x[0], y[0]));
    const byLabel = (map: Map<string, number>): Record<string, number> =>
      Object.fromEntries(manifest.labels.map((label) => [label, map.get(label) ?? 0]));
    const declared = Object.keys(manifest.categories ?? {});
    const categoryNames = [...declared, ...[...this.categoryCounts.keys()].filter((c) => !declared.includes(c))];
    const lengths = this.lengths.subarray(0, items).sort();
    const declaredStrata = manifest.strata ?? {};
    const strataNames = [...new Set([...Object.keys(declaredStrata), ...this.strata.keys()])];
    return {
      name: manifest.name,
      version: manifest.version,
      items,
      labels: manifest.labels.map((label) => ({
        label,
        positive: label === manifest.positive,
        ...share(this.labelCounts.get(label) ?? 0, items),
      })),
      categories: categoryNames.map((category) => {
        const counts = this.categoryCounts.get(category) ?? new Map<string, number>();
        const total = [...counts.values()].reduce((a, b) => a + b, 0);
        return { category, ...share(total, items), byLabel: byLabel(counts) };
      }),
      uncategorized: {
        ...share([...this.uncategorized.values()].reduce((a, b) => a + b, 0), items),
        byLabel: byLabel(this.uncategorized),
      },
      slices: [...this.sliceCounts.keys()].sort().map((key) => {
        const values = this.sliceCounts.get(key) ?? new Map<string, number>();
        const present = [...values.values()].reduce((a, b) => a + b, 0);
        return {
          key,
          values: sortedCounts(values).map(([value, count]) => ({ value, ...share(count, items) })),
          missing: items - present,
        };
      }),
      strata: strataNames.map((stratum) => ({
        stratum,
        count: this.strata.get(stratum)?.count ?? 0,
        weightSum: this.strata.get(stratum)?.weightSum ?? 0,
        population: declaredStrata[stratum]?.population ?? null,
      })),
      weights: { ...this.weighted },
      gray: { flagged: share(this.flagged, items), status: { ...this.status }, reasons: { ...this.reasons } },
      textLength:
        items === 0
          ? null
          : {
              min: lengths[0] ?? 0,
              p10: quantileLinear(lengths, 0.1),
              p50: quantileLinear(lengths, 0.5),
              p90: quantileLinear(lengths, 0.9),
              p99: quantileLinear(lengths, 0.99),
              max: lengths[items - 1] ?? 0,
              mean: this.lengthSum / items,
              empty: this.emptyTexts,
            },
      duplicates: {
        distinctTexts: this.textHashes.size,
        exactDuplicates: share(items - this.textHashes.size, items),
      },
      reviews: {
        itemsWithReviews: this.reviewed,
        total: this.reviewTotal,
        perItem: Object.fromEntries([...this.perItem].sort((x, y) => Number(x[0]) - Number(y[0]))),
        reviewers: [...this.reviewers]
          .sort((x, y) => compareText(x[0], y[0]))
          .map(([reviewer, { reviews, groups }]) => ({ reviewer, reviews, groups: [...groups].sort() })),
      },
      agreement: {
        percentAgreement: percentAgreement(this.countRows),
        cohenPairs: [...this.pairs.values()]
          .sort((x, y) => compareText(x.a, y.a) || compareText(x.b, y.b))
          .map(({ a, b, labels }) => ({ a, b, ...cohenKappa(labels, manifest.labels, manifest.positive) })),
        // the full complement passed explicitly: fleissKappa's own default spreads every row into
        // Math.max, which overflows the call stack at a few hundred thousand items
        fleiss: fleissKappa(this.countRows, this.maxReviewers),
        krippendorff: krippendorffAlphaNominal(this.countRows),
      },
    };
  }
}

/** Stats of items already in memory. */
export function goldenStats(manifest: Manifest, items: Iterable<Item>): GoldenStats {
  const accumulator = new GoldenStatsAccumulator(manifest);
  for (const item of items) accumulator.add(item);
  return accumulator.finish();
}
