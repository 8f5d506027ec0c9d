import { itemAgreement, type ItemAgreement } from '../metrics/agreement.js';
import type { Item, Review } from './schema.js';

/**
 * Gold labels from reviewers' labels (METHODS §6.6).
 *
 * - `majority`: the label with strictly the most distinct reviewers wins. If its share is below
 *   `minAgreement` (default 0.75: any dissent among 2–3 reviewers, more than one in four among
 *   more; 3 of 4 is exactly 0.75 and clear) the item keeps that label but becomes gray; a tie has
 *   no winner and becomes gray.
 * - `sme-priority`: when reviewers of the SME group reviewed the item, their majority decides
 *   (the same rule among the SMEs only); otherwise as `majority`.
 *
 * A tie leaves the current gold label if it is one of the tied labels; otherwise it takes the
 * first tied label that is not the enforced one, because until an SME decides, an ambiguous item
 * should not count as a violation. Adjudication never clears a gray flag: a curator's flag says
 * the policy is ambiguous, which more votes do not change; SME decisions clear it explicitly
 * (`golden import-decisions`).
 */

export type AdjudicationRule = 'majority' | 'sme-priority';

export interface AdjudicateOptions {
  rule: AdjudicationRule;
  labels: readonly string[];
  positive: string;
  minAgreement?: number;
  /** The review group whose word wins under `sme-priority` (default `sme`). */
  smeGroup?: string;
}

export type AdjudicationDecision =
  /** No reviews: the item is left as it is. */
  | 'unreviewed'
  /** A clear majority (share ≥ minAgreement). */
  | 'majority'
  /** A majority below minAgreement: labeled, and gray. */
  | 'split'
  /** No unique majority: gray. */
  | 'tie'
  /** The SME group decided. */
  | 'sme';

export interface ReviewVerdict {
  label: string;
  decision: AdjudicationDecision;
  /** Why the item is gray, when the reviews make it so. */
  grayReason?: string;
  counts: Record<string, number>;
}

export interface AdjudicationOutcome extends ReviewVerdict {
  id: string;
  from: string | undefined;
  relabeled: boolean;
  newlyGray: boolean;
}

export const DEFAULT_MIN_AGREEMENT = 0.75;

function describeCounts(signals: ItemAgreement, labels: readonly string[]): string {
  return labels
    .filter((label) => (signals.counts[label] ?? 0) > 0)
    .map((label) => `${label} ${signals.counts[label] ?? 0}`)
    .join(', ');
}

function verdictOf(
  signals: ItemAgreement,
  current: string | undefined,
  options: AdjudicateOptions,
  who: string,
): ReviewVerdict | undefined {
  const { labels, positive } = options;
  const minAgreement = options.minAgreement ?? DEFAULT_MIN_AGREEMENT;
  if (signals.reviews === 0) return undefined;
  const counts = signals.counts;
  if (signals.uniqueMajority === null) {
    const top = Math.max(...labels.map((label) => counts[label] ?? 0));
    const tied = labels.filter((label) => (counts[label] ?? 0) === top);
    const label =
      current !== undefined && tied.includes(current) ? current : (tied.find((l) => l !== positive) ?? tied[0] ?? labels[0] ?? '');
    return {
      label,
      decision: 'tie',
      counts,
      grayReason: `${who} tied (${describeCounts(signals, labels)}); gold label '${label}' until an SME decides`,
    };
  }
  const label = signals.uniqueMajority;
  const topShare = signals.topShare ?? 1;
  if (signals.reviews >= 2 && topShare < minAgreement) {
    return {
      label,
      decision: 'split',
      counts,
      grayReason: `${who} split (${describeCounts(signals, labels)}): top share ${topShare.toFixed(2)} < ${minAgreement}`,
    };
  }
  return { label, decision: 'majority', counts };
}

/**
 * The verdict of an item's reviews under a rule, or undefined without reviews. `current` is the
 * gold label the item has now, if any (an import without a label column has none).
 */
export function judgeReviews(
  id: string,
  reviews: readonly Review[] | undefined,
  current: string | undefined,
  options: AdjudicateOptions,
): ReviewVerdict | undefined {
  const agreementOptions = { labels: options.labels, positive: options.positive, grayTopShare: options.minAgreement ?? DEFAULT_MIN_AGREEMENT };
  const label = current ?? options.labels[0] ?? '';
  if (options.rule === 'sme-priority') {
    const smeGroup = options.smeGroup ?? 'sme';
    const smeReviews = (reviews ?? []).filter((review) => review.group === smeGroup);
    const sme = verdictOf(itemAgreement({ id, label, reviews: smeReviews }, agreementOptions), current, options, 'SMEs');
    // SMEs who tie have not decided: fall back to everyone's votes
    if (sme !== undefined && sme.decision !== 'tie') return { ...sme, decision: sme.decision === 'majority' ? 'sme' : sme.decision };
  }
  return verdictOf(itemAgreement({ id, label, reviews: reviews ? [...reviews] : [] }, agreementOptions), current, options, 'reviewers');
}

export function adjudicateItem(item: Item, options: AdjudicateOptions): { item: Item; outcome: AdjudicationOutcome } {
  const verdict = judgeReviews(item.id, item.reviews, item.label, options);
  if (verdict === undefined) {
    return {
      item,
      outcome: { id: item.id, label: item.label, decision: 'unreviewed', counts: {}, from: item.label, relabeled: false, newlyGray: false },
    };
  }
  const newlyGray = verdict.grayReason !== undefined && item.gray_area !== true;
  const next: Item = { ...item, label: verdict.label };
  if (newlyGray) {
    next.gray_area = true;
    next.gray_reason = verdict.grayReason;
  }
  return {
    item: next,
    outcome: { id: item.id, ...verdict, from: item.label, relabeled: verdict.label !== item.label, newlyGray },
  };
}

export interface AdjudicationSummary {
  rule: AdjudicationRule;
  minAgreement: number;
  items: number;
  byDecision: Record<AdjudicationDecision, number>;
  relabeled: number;
  newlyGray: number;
}

export function adjudicateItems(
  items: readonly Item[],
  options: AdjudicateOptions,
): { items: Item[]; outcomes: AdjudicationOutcome[]; summary: AdjudicationSummary } {
  const results = items.map((item) => adjudicateItem(item, options));
  const outcomes = results.map((result) => result.outcome);
  const byDecision: Record<AdjudicationDecision, number> = { unreviewed: 0, majority: 0, split: 0, tie: 0, sme: 0 };
  for (const outcome of outcomes) byDecision[outcome.decision] += 1;
  return {
    items: results.map((result) => result.item),
    outcomes,
    summary: {
      rule: options.rule,
      minAgreement: options.minAgreement ?? DEFAULT_MIN_AGREEMENT,
      items: items.length,
      byDecision,
      relabeled: outcomes.filter((o) => o.relabeled).length,
      newlyGray: outcomes.filter((o) => o.newlyGray).length,
    },
  };
}
