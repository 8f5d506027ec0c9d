import type { Item, Review } from '../golden/schema.js';
import { InputError } from '../problems.js';
import { plainRatio, type Estimate } from './estimate.js';

/**
 * Reviewer agreement and gray areas (METHODS §6), and how a candidate agrees with the reviewers
 * (§6.7). Labels are nominal; every statistic takes the manifest's full label list so that a
 * label nobody used still counts as a possible answer. A reviewer who reviewed an item twice
 * counts once (the first review), because every statistic here is about *different* reviewers.
 */

export type ReviewedItem = Pick<Item, 'id' | 'label' | 'reviews' | 'gray_area'>;

export interface AgreementOptions {
  labels: readonly string[];
  /** The enforced label; positive/negative specific agreement is given when there are 2 labels. */
  positive: string;
  /** Gray when the top label's share is below this (≥ 2 reviews). Default 0.75 (§6.6). */
  grayTopShare?: number;
}

export type GrayReason = 'flagged' | 'split' | 'no_majority';

export interface ItemAgreement {
  id: string;
  /** m_i: the number of distinct reviewers. */
  reviews: number;
  counts: Record<string, number>;
  topShare: number | null;
  /** The label with strictly the most votes; null on a tie or without reviews. */
  uniqueMajority: string | null;
  /** −Σ q log₂ q over the reviewers' label shares. */
  entropy: number | null;
  /** Entropy ÷ log₂(number of labels), in [0, 1]. */
  normalizedEntropy: number | null;
  /** P_i: probability that two different reviewers of this item agree (m_i ≥ 2). */
  pairAgreement: number | null;
  /** A curator's flag makes an item gray even with < 2 reviews; otherwise < 2 is `unreviewed`. */
  status: 'gray' | 'clear' | 'unreviewed';
  grayReasons: GrayReason[];
}

export interface PairAgreement {
  /** Items (or review pairs) both sides labeled. */
  n: number;
  percentAgreement: Estimate;
  kappa: Estimate;
  /** 2a/(2a+b+c) and 2d/(2d+b+c) (Cicchetti & Feinstein 1990); binary label sets only. */
  positiveAgreement?: Estimate;
  negativeAgreement?: Estimate;
}

export interface ReviewerAgreement {
  percentAgreement: { meanItem: Estimate; pooledPairwise: Estimate; items: number };
  cohenPairs: (PairAgreement & { a: string; b: string })[];
  fleiss: FleissResult;
  krippendorff: KrippendorffResult;
  items: ItemAgreement[];
}

export interface FleissResult {
  kappa: Estimate;
  /** Items with exactly `ratersPerItem` reviews: the only ones Fleiss' κ can use. */
  items: number;
  excludedItems: number;
  ratersPerItem: number;
}

export interface KrippendorffResult {
  alpha: Estimate;
  /** Units with ≥ 2 values; the others carry no pairable information and are dropped. */
  units: number;
  droppedUnits: number;
  pairableValues: number;
  observedDisagreement: number | null;
  expectedDisagreement: number | null;
}

const UNDEFINED_NO_ITEMS = 'no item has two or more reviews';

/** One label per reviewer (first review wins); an unknown label is an input error. */
function distinctReviews(item: ReviewedItem, labels: readonly string[]): Review[] {
  const seen = new Map<string, Review>();
  (item.reviews ?? []).forEach((review, k) => {
    if (!labels.includes(review.label)) {
      throw new InputError({
        field: `reviews.${k}.label`,
        message: `item ${item.id}: review label '${review.label}' is not one of ${labels.join(', ')}`,
      });
    }
    if (!seen.has(review.reviewer)) seen.set(review.reviewer, review);
  });
  return [...seen.values()];
}

function countVector(reviews: readonly Review[], labels: readonly string[]): number[] {
  const counts = labels.map(() => 0);
  for (const review of reviews) {
    const k = labels.indexOf(review.label);
    counts[k] = (counts[k] ?? 0) + 1;
  }
  return counts;
}

const sum = (xs: readonly number[]): number => xs.reduce((acc, x) => acc + x, 0);

export function itemAgreement(item: ReviewedItem, options: AgreementOptions): ItemAgreement {
  const { labels } = options;
  if (item.reviews === undefined || item.reviews.length === 0) return withoutReviews(item, labels);
  const grayTopShare = options.grayTopShare ?? 0.75;
  const counts = countVector(distinctReviews(item, labels), labels);
  const m = sum(counts);
  const top = Math.max(...counts);
  const winners = labels.filter((_, k) => counts[k] === top);
  const entropy = m === 0 ? null : -sum(counts.filter((c) => c > 0).map((c) => (c / m) * Math.log2(c / m)));
  const topShare = m === 0 ? null : top / m;
  const uniqueMajority = m > 0 && winners.length === 1 ? (winners[0] ?? null) : null;
  const grayReasons: GrayReason[] = [];
  if (item.gray_area === true) grayReasons.push('flagged');
  if (m >= 2 && topShare !== null && topShare < grayTopShare) grayReasons.push('split');
  if (m >= 2 && uniqueMajority === null) grayReasons.push('no_majority');
  return {
    id: item.id,
    reviews: m,
    counts: Object.fromEntries(labels.map((label, k) => [label, counts[k] ?? 0])),
    topShare,
    uniqueMajority,
    entropy,
    normalizedEntropy: entropy === null ? null : entropy / Math.log2(labels.length),
    pairAgreement: m < 2 ? null : sum(counts.map((c) => c * (c - 1))) / (m * (m - 1)),
    status: grayReasons.length > 0 ? 'gray' : m < 2 ? 'unreviewed' : 'clear',
    grayReasons,
  };
}

/** Zero counts per label list, copied (spread) for each unreviewed item: cheaper than rebuilding. */
const zeroCounts = new WeakMap<readonly string[], { labels: string[]; zeros: Record<string, number> }>();

/** `itemAgreement` of an item nobody reviewed (m = 0): the same fields, without the vote arithmetic. */
function withoutReviews(item: ReviewedItem, labels: readonly string[]): ItemAgreement {
  let cached = zeroCounts.get(labels);
  // the list is checked against the copy it was built from, in case the caller changed it since
  if (cached === undefined || cached.labels.length !== labels.length || cached.labels.some((label, k) => label !== labels[k])) {
    cached = { labels: [...labels], zeros: Object.fromEntries(labels.map((label) => [label, 0])) };
    zeroCounts.set(labels, cached);
  }
  const counts = { ...cached.zeros };
  const flagged = item.gray_area === true;
  return {
    id: item.id,
    reviews: 0,
    counts,
    topShare: null,
    uniqueMajority: null,
    entropy: null,
    normalizedEntropy: null,
    pairAgreement: null,
    status: flagged ? 'gray' : 'unreviewed',
    grayReasons: flagged ? ['flagged'] : [],
  };
}

/**
 * Cohen's κ on paired labels (co-rated items only), p_e from each side's own marginals over the
 * full label list (= sklearn `cohen_kappa_score(a, b, labels=labels)`); undefined when p_e = 1.
 */
export function cohenKappa(
  pairs: readonly (readonly [string, string])[],
  labels: readonly string[],
  positive?: string,
): PairAgreement {
  const n = pairs.length;
  const result: PairAgreement = {
    n,
    percentAgreement: plainRatio(pairs.filter(([a, b]) => a === b).length, n, 'no co-rated items'),
    kappa: { value: null, reason: 'no co-rated items' },
  };
  if (n > 0) {
    const po = pairs.filter(([a, b]) => a === b).length / n;
    const pe = sum(labels.map((l) => (pairs.filter(([a]) => a === l).length / n) * (pairs.filter(([, b]) => b === l).length / n)));
    result.kappa =
      pe === 1
        ? { value: null, reason: 'chance agreement is 1: both sides used a single, identical label' }
        : { value: (po - pe) / (1 - pe) };
  }
  if (labels.length === 2 && positive !== undefined) {
    const a = pairs.filter(([x, y]) => x === positive && y === positive).length;
    const d = pairs.filter(([x, y]) => x !== positive && y !== positive).length;
    const discordant = n - a - d;
    result.positiveAgreement = plainRatio(2 * a, 2 * a + discordant, `neither side used '${positive}'`);
    result.negativeAgreement = plainRatio(2 * d, 2 * d + discordant, `neither side used a label other than '${positive}'`);
  }
  return result;
}

/** Fleiss' P̄ (mean of P_i) and the pooled pairwise agreement over rows with m_i ≥ 2. */
export function percentAgreement(countRows: readonly (readonly number[])[]): ReviewerAgreement['percentAgreement'] {
  const rows = countRows
    .filter((row) => sum(row) >= 2)
    .map((row) => ({ agreeing: sum(row.map((c) => c * (c - 1))), possible: sum(row) * (sum(row) - 1) }));
  return {
    meanItem: plainRatio(sum(rows.map((r) => r.agreeing / r.possible)), rows.length, UNDEFINED_NO_ITEMS),
    pooledPairwise: plainRatio(sum(rows.map((r) => r.agreeing)), sum(rows.map((r) => r.possible)), UNDEFINED_NO_ITEMS),
    items: rows.length,
  };
}

/**
 * Fleiss (1971) on the rows with exactly `ratersPerItem` ratings (default: the largest number any
 * row has, the "full complement"); same as statsmodels `fleiss_kappa(table, method='fleiss')`.
 */
export function fleissKappa(countRows: readonly (readonly number[])[], ratersPerItem?: number): FleissResult {
  // a loop, not Math.max(...rows): spreading a million rows overflows the call stack
  const raters = ratersPerItem ?? countRows.reduce((most, row) => Math.max(most, sum(row)), 0);
  const rows = countRows.filter((row) => sum(row) === raters && raters >= 2);
  const base = { items: rows.length, excludedItems: countRows.length - rows.length, ratersPerItem: raters };
  if (rows.length === 0) return { ...base, kappa: { value: null, reason: 'no item has the full complement of two or more reviews' } };
  const categories = rows[0]?.length ?? 0;
  const shares = Array.from({ length: categories }, (_, j) => sum(rows.map((row) => row[j] ?? 0)) / (rows.length * raters));
  const meanP = sum(rows.map((row) => sum(row.map((c) => c * c)) - raters)) / (rows.length * raters * (raters - 1));
  const chance = sum(shares.map((p) => p * p));
  return {
    ...base,
    kappa:
      chance === 1
        ? { value: null, reason: 'chance agreement is 1: every review used the same label' }
        : { value: (meanP - chance) / (1 - chance) },
  };
}

/**
 * Krippendorff's α for nominal data from unit × label counts (Krippendorff 2011), closed form
 * α = ((n−1)·Σ o_cc − Σ n_c(n_c−1)) / (n(n−1) − Σ n_c(n_c−1)), o_cc = Σ_u n_uc(n_uc−1)/(m_u−1).
 */
export function krippendorffAlphaNominal(countRows: readonly (readonly number[])[]): KrippendorffResult {
  const units = countRows.filter((row) => sum(row) >= 2);
  const categories = countRows[0]?.length ?? 0;
  const diagonal = Array.from({ length: categories }, (_, c) =>
    sum(units.map((row) => ((row[c] ?? 0) * ((row[c] ?? 0) - 1)) / (sum(row) - 1))),
  );
  const marginals = Array.from({ length: categories }, (_, c) => sum(units.map((row) => row[c] ?? 0)));
  const n = sum(marginals);
  const base = { units: units.length, droppedUnits: countRows.length - units.length, pairableValues: n };
  if (n === 0) {
    return { ...base, alpha: { value: null, reason: UNDEFINED_NO_ITEMS }, observedDisagreement: null, expectedDisagreement: null };
  }
  const observed = 1 - sum(diagonal) / n;
  const expected = (n * n - sum(marginals.map((x) => x * x))) / (n * (n - 1));
  if (expected === 0) {
    return {
      ...base,
      alpha: { value: null, reason: 'expected disagreement is 0: every pairable value is the same label' },
      observedDisagreement: observed,
      expectedDisagreement: expected,
    };
  }
  const sameLabelPairs = sum(marginals.map((x) => x * (x - 1)));
  const alpha = ((n - 1) * sum(diagonal) - sameLabelPairs) / (n * (n - 1) - sameLabelPairs);
  return { ...base, alpha: { value: alpha }, observedDisagreement: observed, expectedDisagreement: expected };
}

/** Every reviewer-side statistic of §6 for a golden set's items. */
export function reviewerAgreement(items: readonly ReviewedItem[], options: AgreementOptions): ReviewerAgreement {
  const { labels, positive } = options;
  const reviewsById = items.map((item) => distinctReviews(item, labels));
  const countRows = reviewsById.map((reviews) => countVector(reviews, labels));
  const reviewers = [...new Set(reviewsById.flatMap((reviews) => reviews.map((r) => r.reviewer)))].sort();
  const byReviewer = reviewsById.map((reviews) => new Map(reviews.map((r) => [r.reviewer, r.label])));
  const cohenPairs: ReviewerAgreement['cohenPairs'] = [];
  reviewers.forEach((a, i) => {
    for (const b of reviewers.slice(i + 1)) {
      const pairs: [string, string][] = [];
      for (const labelsOf of byReviewer) {
        const la = labelsOf.get(a);
        const lb = labelsOf.get(b);
        if (la !== undefined && lb !== undefined) pairs.push([la, lb]);
      }
      cohenPairs.push({ a, b, ...cohenKappa(pairs, labels, positive) });
    }
  });
  return {
    percentAgreement: percentAgreement(countRows),
    cohenPairs,
    fleiss: fleissKappa(countRows),
    krippendorff: krippendorffAlphaNominal(countRows),
    items: items.map((item) => itemAgreement(item, options)),
  };
}

export interface CandidateAgreementOptions extends AgreementOptions {
  /** A prediction is "acceptable" when at least this share of the reviewers chose it. Default 1/3. */
  acceptShare?: number;
}

export interface CandidateAgreement {
  /** κ and percent agreement of the candidate with each reviewer, on the items both labeled. */
  reviewers: (PairAgreement & { reviewer: string })[];
  /** Pooled over every (prediction, review) pair of the group's members: agreement with a random member. */
  groups: (PairAgreement & { group: string })[];
  /** mean_i q_i[ŷ_i]: expected agreement with a random reviewer (items with ≥ 1 review). */
  softAccuracy: Estimate;
  /** Share of reviewed items where at least one reviewer chose the predicted label. */
  anyReviewerAccuracy: Estimate;
  /** Share of reviewed items where at least `acceptShare` of the reviewers chose it. */
  shareAccuracy: Estimate & { acceptShare: number };
  reviewedItems: number;
  /** Against the reviewers' unique majority, where there is one. */
  majorityAccuracy: Estimate;
  majorityItems: number;
  /** Against the gold label, on gray and on clear items (§6.6 status). */
  grayAccuracy: Estimate;
  grayItems: number;
  clearAccuracy: Estimate;
  clearItems: number;
  /** Items without a prediction (errors, missing): left out of everything above. */
  unpredictedItems: number;
}

const mean = (flags: readonly (boolean | number)[], reason: string): Estimate =>
  plainRatio(sum(flags.map(Number)), flags.length, reason);

/**
 * How a candidate agrees with the reviewers (§6.7); `predictions` maps item id → predicted label
 * for the items the candidate answered.
 */
export function candidateAgreement(
  items: readonly ReviewedItem[],
  predictions: ReadonlyMap<string, string>,
  options: CandidateAgreementOptions,
): CandidateAgreement {
  const { labels, positive } = options;
  const acceptShare = options.acceptShare ?? 1 / 3;
  const answered = items.flatMap((item) => {
    const predicted = predictions.get(item.id);
    return predicted === undefined
      ? []
      : [{ item, predicted, reviews: distinctReviews(item, labels), signals: itemAgreement(item, options) }];
  });
  const pairsWhere = (keep: (review: Review) => boolean): [string, string][] =>
    answered.flatMap(({ predicted, reviews }) => reviews.filter(keep).map((r): [string, string] => [predicted, r.label]));
  const reviewers = [...new Set(answered.flatMap(({ reviews }) => reviews.map((r) => r.reviewer)))].sort();
  const groups = [
    ...new Set(answered.flatMap(({ reviews }) => reviews.flatMap((r) => (r.group === undefined ? [] : [r.group])))),
  ].sort();
  const reviewed = answered.filter(({ signals }) => signals.reviews > 0);
  const shareOf = ({ predicted, signals }: (typeof answered)[number]): number =>
    (signals.counts[predicted] ?? 0) / signals.reviews;
  const withMajority = reviewed.filter(({ signals }) => signals.uniqueMajority !== null);
  const gray = answered.filter(({ signals }) => signals.status === 'gray');
  const clear = answered.filter(({ signals }) => signals.status === 'clear');
  const noReviews = 'no answered item has a review';
  return {
    reviewers: reviewers.map((reviewer) => ({
      reviewer,
      ...cohenKappa(pairsWhere((r) => r.reviewer === reviewer), labels, positive),
    })),
    groups: groups.map((group) => ({ group, ...cohenKappa(pairsWhere((r) => r.group === group), labels, positive) })),
    softAccuracy: mean(reviewed.map(shareOf), noReviews),
    anyReviewerAccuracy: mean(reviewed.map((entry) => shareOf(entry) > 0), noReviews),
    shareAccuracy: { acceptShare, ...mean(reviewed.map((entry) => shareOf(entry) >= acceptShare), noReviews) },
    reviewedItems: reviewed.length,
    majorityAccuracy: mean(
      withMajority.map(({ predicted, signals }) => predicted === signals.uniqueMajority),
      'no answered item has a unique reviewer majority',
    ),
    majorityItems: withMajority.length,
    grayAccuracy: mean(gray.map(({ item, predicted }) => predicted === item.label), 'no answered gray item'),
    grayItems: gray.length,
    clearAccuracy: mean(clear.map(({ item, predicted }) => predicted === item.label), 'no answered clear item'),
    clearItems: clear.length,
    unpredictedItems: items.length - answered.length,
  };
}
