import { itemAgreement } from '../metrics/agreement.js';
import { DEFAULT_MIN_AGREEMENT } from './adjudicate.js';
import { DECISION_COLUMNS } from './apply-decisions.js';
import type { Item, Manifest } from './schema.js';

/**
 * The sheet SMEs review: one row per item to decide, with why it is there, the reviewers'
 * votes, each candidate's answer and rationale, the text, and empty `decision*` columns that
 * `golden import-decisions` reads back. `golden disagreements` and `golden suspects` both write it.
 */

export type RunAnswer = { label: string; score?: number; rationale?: string } | { error: string };

export interface RunAnswers {
  candidate: string;
  answers: ReadonlyMap<string, RunAnswer>;
}

export type SheetRow = Record<string, string>;

export function reviewSheetColumns(runs: readonly RunAnswers[], extra: readonly string[] = []): string[] {
  return [
    'id',
    ...extra,
    'why',
    'label',
    'category',
    'gray_area',
    'gray_reason',
    'votes',
    'reviews',
    ...runs.flatMap(({ candidate }) => [`${candidate}_label`, `${candidate}_score`, `${candidate}_rationale`]),
    'text',
    ...DECISION_COLUMNS,
  ];
}

export function reviewSheetRow(
  item: Item,
  manifest: Manifest,
  why: readonly string[],
  runs: readonly RunAnswers[],
  extra: Readonly<Record<string, string>> = {},
): SheetRow {
  const signals = itemAgreement(item, { labels: manifest.labels, positive: manifest.positive });
  const row: SheetRow = {
    id: item.id,
    ...extra,
    why: why.join('; '),
    label: item.label,
    category: item.category ?? '',
    gray_area: item.gray_area === true ? 'yes' : 'no',
    gray_reason: item.gray_reason ?? '',
    votes: manifest.labels.filter((l) => (signals.counts[l] ?? 0) > 0).map((l) => `${l} ${signals.counts[l] ?? 0}`).join(', '),
    reviews: (item.reviews ?? []).map((r) => `${r.reviewer}${r.group === undefined ? '' : ` (${r.group})`}: ${r.label}`).join('; '),
  };
  for (const { candidate, answers } of runs) {
    const answer = answers.get(item.id);
    row[`${candidate}_label`] = answer === undefined ? '' : 'error' in answer ? `error: ${answer.error}` : answer.label;
    row[`${candidate}_score`] = answer !== undefined && !('error' in answer) && answer.score !== undefined ? String(answer.score) : '';
    row[`${candidate}_rationale`] = answer !== undefined && !('error' in answer) ? (answer.rationale ?? '') : '';
  }
  row.text = item.text;
  for (const column of DECISION_COLUMNS) row[column] = '';
  return row;
}

export interface DisagreementOptions {
  labels: readonly string[];
  positive: string;
  /** Top share below which reviewers are split (default DEFAULT_MIN_AGREEMENT, as for adjudication). */
  minAgreement?: number;
  /** Also list items where a candidate's label differs from the gold label. */
  candidateDisagreements?: boolean;
}

/**
 * The items an SME should look at, with the reasons: flagged gray, reviewers split or tied,
 * the gold label differing from the reviewers' majority, and (optionally) a candidate
 * disagreeing with the gold label. Most disputed first (lowest top share), then file order.
 */
export function selectDisagreements(
  items: readonly Item[],
  runs: readonly RunAnswers[],
  options: DisagreementOptions,
): { item: Item; why: string[] }[] {
  const agreement = { labels: options.labels, positive: options.positive, grayTopShare: options.minAgreement ?? DEFAULT_MIN_AGREEMENT };
  const selected = items.flatMap((item, index) => {
    const signals = itemAgreement(item, agreement);
    const why: string[] = [];
    if (item.gray_area === true) why.push('flagged gray');
    if (signals.grayReasons.includes('no_majority')) why.push('reviewers tied');
    else if (signals.grayReasons.includes('split')) why.push(`reviewers split (top share ${(signals.topShare ?? 0).toFixed(2)})`);
    if (signals.uniqueMajority !== null && signals.uniqueMajority !== item.label) {
      why.push(`gold '${item.label}' but reviewers' majority '${signals.uniqueMajority}'`);
    }
    if (options.candidateDisagreements === true) {
      for (const { candidate, answers } of runs) {
        const answer = answers.get(item.id);
        if (answer !== undefined && !('error' in answer) && answer.label !== item.label) why.push(`${candidate} says '${answer.label}'`);
      }
    }
    return why.length === 0 ? [] : [{ item, why, index, topShare: signals.topShare ?? 1 }];
  });
  selected.sort((a, b) => a.topShare - b.topShare || a.index - b.index);
  return selected.map(({ item, why }) => ({ item, why }));
}
