import type { GoldenStats } from '../../domain/golden/golden-stats.js';
import type { Estimate } from '../../domain/metrics/estimate.js';
import { fixed, markdownTable, percent, plainTable, type Cell } from './plain-table.js';

export type StatsFormat = 'table' | 'json' | 'md';

/** Slice values listed per slice key before "… and N more". */
const SLICE_VALUES_SHOWN = 10;
export const GOLDEN_STATS_SCHEMA_VERSION = 1;

interface Section {
  title: string;
  header: string[];
  rows: Cell[][];
}

const estimate = (value: Estimate): string => (value.value === null ? `— (${value.reason ?? 'undefined'})` : fixed(value.value));

function sections(stats: GoldenStats): Section[] {
  const labelNames = stats.labels.map((l) => l.label);
  const result: Section[] = [
    {
      title: 'Labels',
      header: ['label', 'items', 'share', ''],
      rows: stats.labels.map((l) => [l.label, l.count, percent(l.share), l.positive ? 'positive (enforced)' : '']),
    },
  ];
  if (stats.categories.length > 0) {
    result.push({
      title: 'Categories',
      header: ['category', 'items', 'share', ...labelNames],
      rows: [
        ...stats.categories.map((c) => [c.category, c.count, percent(c.share), ...labelNames.map((l) => c.byLabel[l] ?? 0)]),
        ['(none)', stats.uncategorized.count, percent(stats.uncategorized.share), ...labelNames.map((l) => stats.uncategorized.byLabel[l] ?? 0)],
      ],
    });
  }
  for (const slice of stats.slices) {
    const shown = slice.values.slice(0, SLICE_VALUES_SHOWN);
    const rest = slice.values.slice(SLICE_VALUES_SHOWN);
    const rows: Cell[][] = shown.map((v) => [v.value, v.count, percent(v.share)]);
    if (rest.length > 0) rows.push([`… ${rest.length} more values`, rest.reduce((sum, v) => sum + v.count, 0), '']);
    if (slice.missing > 0) rows.push(['(missing)', slice.missing, percent(stats.items === 0 ? null : slice.missing / stats.items)]);
    result.push({ title: `Slice '${slice.key}'`, header: ['value', 'items', 'share'], rows });
  }
  if (stats.strata.length > 0) {
    result.push({
      title: 'Strata',
      header: ['stratum', 'items', 'weight sum', 'population'],
      rows: stats.strata.map((s) => [s.stratum, s.count, fixed(s.weightSum, 1), s.population === null ? '—' : s.population]),
    });
  }
  const { agreement } = stats;
  if (stats.reviews.itemsWithReviews > 0) {
    result.push({
      title: 'Reviewer agreement',
      header: ['statistic', 'value', 'on'],
      rows: [
        ["Krippendorff's alpha (nominal)", estimate(agreement.krippendorff.alpha), `${agreement.krippendorff.units} items with ≥ 2 reviews (${agreement.krippendorff.pairableValues} values)`],
        ["Fleiss' kappa", estimate(agreement.fleiss.kappa), `${agreement.fleiss.items} items with ${agreement.fleiss.ratersPerItem} reviews (${agreement.fleiss.excludedItems} others left out)`],
        ['percent agreement, mean of items', estimate(agreement.percentAgreement.meanItem), `${agreement.percentAgreement.items} items`],
        ['percent agreement, pooled pairs', estimate(agreement.percentAgreement.pooledPairwise), `${agreement.percentAgreement.items} items`],
      ],
    });
    if (agreement.cohenPairs.length > 0) {
      result.push({
        title: "Cohen's kappa per reviewer pair",
        header: ['reviewer a', 'reviewer b', 'co-reviewed', 'agreement', 'kappa'],
        rows: agreement.cohenPairs.map((p) => [p.a, p.b, p.n, estimate(p.percentAgreement), estimate(p.kappa)]),
      });
    }
  }
  return result;
}

function summaryLines(stats: GoldenStats): string[] {
  const { gray, textLength, duplicates, reviews } = stats;
  const lines = [
    `gray area: ${gray.flagged.count} flagged (${percent(gray.flagged.share)}); from the reviews: ${gray.status.gray} gray, ${gray.status.clear} clear, ${gray.status.unreviewed} with < 2 reviews` +
      ` (gray because: ${gray.reasons.flagged} flagged, ${gray.reasons.split} split, ${gray.reasons.no_majority} no majority)`,
    textLength === null
      ? 'text length: no items'
      : `text length (characters): min ${textLength.min}, p10 ${fixed(textLength.p10, 0)}, median ${fixed(textLength.p50, 0)}, p90 ${fixed(textLength.p90, 0)}, p99 ${fixed(textLength.p99, 0)}, max ${textLength.max}, mean ${fixed(textLength.mean, 1)}; ${textLength.empty} empty`,
    `duplicates: ${duplicates.exactDuplicates.count} items (${percent(duplicates.exactDuplicates.share)}) repeat an earlier item's normalised text; ${duplicates.distinctTexts} distinct texts (near-duplicates: spameval golden dedupe)`,
    reviews.itemsWithReviews === 0
      ? 'reviews: none (no reviewer agreement to compute)'
      : `reviews: ${reviews.total} reviews of ${reviews.itemsWithReviews} items by ${reviews.reviewers.length} reviewers; reviewers per item: ${Object.entries(reviews.perItem).map(([m, count]) => `${m} → ${count}`).join(', ')}`,
  ];
  if (stats.weights.items > 0) lines.push(`weights: ${stats.weights.items} weighted items, sum ${fixed(stats.weights.sum, 1)}`);
  return lines;
}

export function renderGoldenStats(stats: GoldenStats, format: StatsFormat): string {
  if (format === 'json') return `${JSON.stringify({ schema_version: GOLDEN_STATS_SCHEMA_VERSION, kind: 'golden-stats', ...stats }, null, 2)}\n`;
  const title = `${stats.name}@${stats.version}: ${stats.items} items`;
  if (format === 'md') {
    return [
      `## Golden set ${title}`,
      '',
      ...summaryLines(stats).map((line) => `- ${line}`),
      '',
      ...sections(stats).flatMap((s) => [`### ${s.title}`, '', markdownTable(s.header, s.rows)]),
    ].join('\n');
  }
  return [title, '', ...sections(stats).flatMap((s) => [`${s.title}`, plainTable(s.header, s.rows)]), ...summaryLines(stats), ''].join('\n');
}
